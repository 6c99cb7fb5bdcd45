//! The web UI, rendered on the server: pages for court staff, the citizen portal, and the
//! embedded assets. Forms work without JavaScript; htmx (embedded) makes them smoother.

mod admin;
mod assets;
mod directory;
mod error;
mod hotline;
mod intel;
mod layout;
mod login;
mod orders;
mod portal;
mod session;
mod supervision;
mod view;
mod workbench;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assets/{*path}", get(assets::serve))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/", get(workbench::page))
        .route("/notifications/read", post(workbench::mark_read))
        .route("/search", get(intel::search_page))
        .route("/topics", get(intel::topics_page))
        .route("/orders/new/triage", get(intel::new_order_triage))
        .route("/orders/{id}/triage", get(intel::order_triage))
        .merge(orders::router())
        .merge(supervision::router())
        .merge(hotline::router())
        .merge(admin::router())
        .merge(portal::router())
}
