//! Who is calling: a bearer token (API clients), or the session cookie of a browser, which
//! must also send its CSRF token with every request that changes something.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use tongban_app::{Ctx, auth};
use tongban_store::tokens::TokenInfo;

use crate::AppState;
use crate::error::ApiError;
use crate::layers::REQUEST_ID;

pub const SESSION_COOKIE: &str = "tongban_session";
pub const CSRF_COOKIE: &str = "tongban_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A signed-in caller.
pub struct Authed {
    pub ctx: Ctx,
    pub token: TokenInfo,
}

/// The value of one cookie.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

pub fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

fn unauthenticated() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        "未登录或登录已过期，请重新登录",
    )
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let request_id = request_id(&parts.headers);
        if let Some(token) = bearer(&parts.headers) {
            let (ctx, token) = auth::authenticate(&state.app, token, request_id).await?;
            return Ok(Authed { ctx, token });
        }
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(unauthenticated)?;
        let (ctx, token) = auth::authenticate(&state.app, token, request_id).await?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if sent.is_none() || sent != token.csrf.as_deref() {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "csrf_failed",
                    "请求缺少有效的防伪令牌（CSRF），请刷新页面后重试",
                ));
            }
        }
        Ok(Authed { ctx, token })
    }
}
