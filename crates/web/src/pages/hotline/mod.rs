//! 12368 热线 pages: the callback queue, the case directory, the daily figures, the knowledge base, and the
//! registration page's knowledge suggestions.

mod callbacks;
mod cases;
mod knowledge;
mod knowledge_form;
mod stats;
pub(crate) mod suggest;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/hotline/callbacks", get(callbacks::page))
        .route("/hotline/callbacks/{id}", post(callbacks::record))
        .route("/hotline/cases", get(cases::page))
        .route(
            "/hotline/cases/import",
            post(cases::import).layer(DefaultBodyLimit::max(cases::UPLOAD_LIMIT)),
        )
        .route("/hotline/stats", get(stats::page))
        .route("/knowledge", get(knowledge::page))
        .route(
            "/knowledge/new",
            get(knowledge_form::new).post(knowledge_form::create),
        )
        .route(
            "/knowledge/{id}",
            get(knowledge_form::edit).post(knowledge_form::save),
        )
        .route("/knowledge/{id}/status", post(knowledge_form::set_status))
        .route("/orders/new/suggest", get(suggest::suggestions))
}

/// China time of an instant, as staff read it.
fn local(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&tongban_domain::time::china())
        .format("%m-%d %H:%M")
        .to_string()
}
