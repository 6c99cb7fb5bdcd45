//! 网上诉求 the citizen portal: submit an appeal, track it with its tracking number and query
//! code, rate the reply, ask the virtual agent in a chat. There is no login, so a double-submit token guards the forms, and a
//! per-address limit and size limits guard the server. Nothing here ever shows another
//! person's order: the only way to an order is its number together with its query code.

mod chat;
mod csrf;
mod field;
mod frame;
mod limit;
mod message;
mod public;
mod rate;
mod submit;
mod track;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::Redirect;
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use limit::RateLimiter;

/// The largest form a citizen may send: 5,000 Chinese characters take about 45 KiB once
/// percent-encoded.
const BODY_LIMIT: usize = 64 * 1024;
/// POSTs allowed per address in one window.
const POSTS_PER_WINDOW: u32 = 10;
const WINDOW: Duration = Duration::from_secs(60);

pub fn router() -> Router<AppState> {
    let limiter = Arc::new(RateLimiter::new(POSTS_PER_WINDOW, WINDOW));
    Router::new()
        .route("/portal", get(submit::form).post(submit::submit))
        .route("/portal/track", get(track::form).post(track::lookup))
        .route("/portal/chat", get(chat::page).post(chat::say))
        .route("/portal/chat/restart", post(chat::restart))
        // A refreshed or bookmarked rating page leads back to the tracking form.
        .route(
            "/portal/rate",
            get(|| async { Redirect::to("/portal/track") }).post(rate::rate),
        )
        .layer(middleware::from_fn_with_state(limiter, limit::posts))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Pages carry a personal token, results a citizen's own order: no cache keeps them.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}
