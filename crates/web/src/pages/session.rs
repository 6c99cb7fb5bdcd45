//! Who is looking at a page: the session cookie, else off to the login page. Forms that
//! change something must carry the session's CSRF token (`_csrf` field or `X-CSRF-Token`).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;
use tongban_app::{Ctx, auth};
use tongban_store::tokens::TokenInfo;

use crate::AppState;
use crate::auth::{CSRF_HEADER, SESSION_COOKIE, cookie, request_id};

/// A signed-in staff member looking at a page.
pub struct StaffSession {
    pub ctx: Ctx,
    pub token: TokenInfo,
    /// The token forms must send back.
    pub csrf: String,
}

/// To the login page, and back here afterwards. htmx follows `HX-Redirect`.
fn to_login(parts: &Parts) -> Response {
    let next = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let target = format!("/login?next={}", urlencode(next));
    if parts.headers.contains_key("hx-request") {
        let mut response = StatusCode::OK.into_response();
        if let Ok(value) = HeaderValue::from_str(&target) {
            response.headers_mut().insert("hx-redirect", value);
        }
        return response;
    }
    Redirect::to(&target).into_response()
}

pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map(|s| s.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

impl FromRequestParts<AppState> for StaffSession {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login(parts));
        };
        match auth::authenticate(&state.app, token, request_id(&parts.headers)).await {
            Ok((ctx, token)) => {
                let csrf = token.csrf.clone().unwrap_or_default();
                Ok(StaffSession { ctx, token, csrf })
            }
            Err(_) => Err(to_login(parts)),
        }
    }
}

/// A submitted form of a signed-in staff member, its CSRF token checked.
pub struct PageForm<T> {
    pub session: StaffSession,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for PageForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let session = StaffSession::from_request_parts(&mut parts, state).await?;
        let header = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let sent = pairs
            .iter()
            .find(|(k, _)| k == "_csrf")
            .map(|(_, v)| v.clone())
            .or(header);
        if sent.as_deref() != Some(session.csrf.as_str()) || session.csrf.is_empty() {
            return Err((
                StatusCode::FORBIDDEN,
                "请求缺少有效的防伪令牌，请刷新页面后重试",
            )
                .into_response());
        }
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|e| {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("表单内容无效：{e}"),
            )
                .into_response()
        })?;
        Ok(PageForm { session, form })
    }
}
