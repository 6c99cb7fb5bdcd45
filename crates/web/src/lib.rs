//! tongban over HTTP: the JSON API under `/api/v1` with its OpenAPI document and browsable
//! docs, health checks, and (only when enabled) the test clock.

pub(crate) mod api;
mod auth;
mod error;
mod health;
mod layers;
mod pages;
mod state;

pub use state::AppState;

use axum::Router;
use tokio::net::TcpListener;

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::router(&state).split_for_parts();
    // The online validator would be a request to another host: court intranets have none.
    let config = utoipa_swagger_ui::Config::new(["/api/openapi.json"]).validator_url("none");
    let docs: Router<AppState> = utoipa_swagger_ui::SwaggerUi::new("/api/docs")
        .url("/api/openapi.json", openapi)
        .config(config)
        .into();
    let routes = Router::new()
        .merge(api)
        .merge(docs)
        .merge(health::router())
        .merge(pages::router())
        .fallback(error::no_route)
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(state);
    layers::wrap(routes)
}

/// Serves until `shutdown` resolves, then finishes the requests in flight. Handlers may ask
/// for the client's address (`ConnectInfo<SocketAddr>`), e.g. the citizen portal's rate limit.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
