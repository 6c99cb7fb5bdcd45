//! 登录 the login page, and logging out.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tongban_app::auth;

use super::assets::VERSION;
use super::session::PageForm;
use crate::AppState;
use crate::auth::{clear_session_cookies, request_id, set_session_cookies};

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    version: &'static str,
    error: Option<String>,
    next: String,
    username: String,
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only paths of this site: no `//host` or `https://` redirects.
fn local(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| "/".to_string())
}

pub async fn form(Query(q): Query<Next>) -> impl IntoResponse {
    LoginPage {
        version: VERSION,
        error: None,
        next: local(q.next),
        username: String::new(),
    }
}

#[derive(Deserialize)]
pub struct Credentials {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(c): Form<Credentials>,
) -> Response {
    let next = local(c.next);
    match auth::login(&state.app, &c.username, &c.password, request_id(&headers)).await {
        Ok(session) => {
            let mut response = Redirect::to(&next).into_response();
            set_session_cookies(&mut response, &headers, &session);
            response
        }
        Err(error) => {
            let message = crate::error::ApiError::from(error).message().to_string();
            let page = LoginPage {
                version: VERSION,
                error: Some(message),
                next,
                username: c.username,
            };
            (StatusCode::UNAUTHORIZED, page).into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(
    State(state): State<AppState>,
    PageForm { session, .. }: PageForm<Empty>,
) -> Response {
    let _ = auth::logout(&state.app, &session.ctx, &session.token).await;
    let mut response = Redirect::to("/login").into_response();
    clear_session_cookies(&mut response);
    response
}
