//! 工单 pages: the list, registration, the detail with its actions and attachments.

mod act;
mod detail;
mod files;
mod list;
mod new;
mod options;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders", get(list::page))
        .route("/orders/views", post(list::save_view))
        .route("/orders/views/delete", post(list::delete_view))
        .route("/orders/new", get(new::form).post(new::submit))
        .route("/orders/new/history", get(new::history))
        .route("/orders/new/case", get(new::check_case))
        .route("/orders/{id}", get(detail::page))
        .route("/orders/{id}/act/{action}", post(act::submit))
        .route(
            "/orders/{id}/attachments",
            post(files::upload).layer(DefaultBodyLimit::max(
                tongban_app::attachments::MAX_BYTES + 64 * 1024,
            )),
        )
        .route("/attachments/{id}", get(files::download))
}
