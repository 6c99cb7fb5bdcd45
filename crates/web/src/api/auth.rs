//! 登录 log in and out, who am I, personal API tokens.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tongban_app::auth;
use tongban_domain::org::Staff;
use tongban_store::tokens::TokenInfo;
use utoipa::ToSchema;

use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::{Authed, clear_session_cookies, request_id, set_session_cookies};
use crate::error::{ApiResult, ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// Use as `Authorization: Bearer <token>`; browsers get it as a cookie too.
    pub token: String,
    /// Browsers send it back in the `X-CSRF-Token` header with every change.
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    pub user: Staff,
}

/// Log in with a username and password.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let session = auth::login(
        &state.app,
        &body.username,
        &body.password,
        request_id(&headers),
    )
    .await?;
    let mut response = Json(LoginResponse {
        token: session.token.clone(),
        csrf_token: session.csrf.clone(),
        expires_at: session.expires_at,
        user: session.staff.clone(),
    })
    .into_response();
    set_session_cookies(&mut response, &headers, &session);
    Ok(response)
}

/// Log out: ends this session (or revokes this token).
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, authed: Authed) -> ApiResult<Response> {
    auth::logout(&state.app, &authed.ctx, &authed.token).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    clear_session_cookies(&mut response);
    Ok(response)
}

/// Who am I: the signed-in staff member.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Staff), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<AppState>, authed: Authed) -> ApiResult<Json<Staff>> {
    Ok(Json(
        tongban_app::org::staff_member(&state.app, authed.ctx.actor.user_id).await?,
    ))
}

/// A personal API token (its secret is never shown again).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<TokenInfo> for TokenView {
    fn from(t: TokenInfo) -> Self {
        TokenView {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewToken {
    pub name: String,
    /// Never expires when absent.
    pub expires_in_days: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// The secret, shown only this once: `Authorization: Bearer <token>`.
    pub token: String,
    #[serde(flatten)]
    pub info: TokenView,
}

/// My personal API tokens.
#[utoipa::path(get, path = "/api/v1/auth/tokens", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Vec<TokenView>), (status = 401, body = ErrorBody)))]
pub async fn tokens(
    State(state): State<AppState>,
    authed: Authed,
) -> ApiResult<Json<Vec<TokenView>>> {
    let tokens = auth::api_tokens(&state.app, &authed.ctx).await?;
    Ok(Json(tokens.into_iter().map(TokenView::from).collect()))
}

/// Create a personal API token, e.g. for another organ's system.
#[utoipa::path(post, path = "/api/v1/auth/tokens", tag = "auth", security(("bearer" = [])), request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<NewToken>,
) -> ApiResult<(StatusCode, Json<CreatedToken>)> {
    let (token, info) =
        auth::create_api_token(&state.app, &authed.ctx, &body.name, body.expires_in_days).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            token,
            info: info.into(),
        }),
    ))
}

/// Revoke one of my personal API tokens.
#[utoipa::path(delete, path = "/api/v1/auth/tokens/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    auth::revoke_api_token(&state.app, &authed.ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
