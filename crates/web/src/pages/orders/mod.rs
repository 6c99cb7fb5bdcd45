//! 工单 pages: the list, registration, the detail with its actions.

use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
