//! Who is calling: a bearer token (API clients), or the session cookie of a browser, which
//! must also send its CSRF token with every request that changes something.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use tongban_app::auth::Session;
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

/// Cookies are marked Secure when the request came over HTTPS (through a proxy).
fn secure(headers: &HeaderMap) -> &'static str {
    let https = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    if https { "; Secure" } else { "" }
}

fn set_cookie(response: &mut Response, value: String) {
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// The session cookie (HttpOnly) and the CSRF cookie (readable by the page's script).
pub fn set_session_cookies(response: &mut Response, request: &HeaderMap, session: &Session) {
    let max_age = auth::SESSION_HOURS * 3600;
    let secure = secure(request);
    let token = &session.token;
    let csrf = &session.csrf;
    set_cookie(
        response,
        format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
        ),
    );
    set_cookie(
        response,
        format!("{CSRF_COOKIE}={csrf}; Path=/; SameSite=Strict; Max-Age={max_age}{secure}"),
    );
}

pub fn clear_session_cookies(response: &mut Response) {
    set_cookie(
        response,
        format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    set_cookie(
        response,
        format!("{CSRF_COOKIE}=; Path=/; SameSite=Strict; Max-Age=0"),
    );
}
