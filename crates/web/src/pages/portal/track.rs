//! 查询进度 the tracking form: number and query code in, the order's public view out. A wrong
//! number and a wrong code give the same answer, so the form tells nobody which numbers exist.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tongban_app::portal;

use super::csrf::{PageToken, PortalForm};
use super::field::Field;
use super::frame::Frame;
use super::message;
use super::public::ViewPage;
use crate::AppState;
use crate::error::ApiError;

/// Number and query code as sent; absent fields are empty.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Lookup {
    number: String,
    code: String,
}

impl Lookup {
    pub fn new(number: String, code: String) -> Lookup {
        Lookup { number, code }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/track.html")]
struct TrackPage {
    frame: Frame,
    csrf: String,
    number: Field,
    code: Field,
    /// Not found: the same for a wrong number and a wrong code.
    error: Option<String>,
}

impl TrackPage {
    fn new(csrf: String, lookup: Lookup, fault: Option<(&'static str, String)>) -> TrackPage {
        let fault = fault.as_ref();
        TrackPage {
            frame: Frame::new("查询进度", "/portal/track"),
            csrf,
            number: Field::new("number", lookup.number).checked(fault),
            code: Field::new("code", lookup.code).checked(fault),
            error: None,
        }
    }
}

/// `?number=` fills in the number (the receipt links here); never the code.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Prefill {
    number: String,
}

pub async fn form(token: PageToken, Query(prefill): Query<Prefill>) -> Response {
    let lookup = Lookup::new(prefill.number, String::new());
    token.attach(TrackPage::new(token.value.clone(), lookup, None))
}

/// The answer when the lookup failed: the form again with "not found" (404), or the failure.
pub fn lookup_failed(csrf: String, lookup: Lookup, error: ApiError) -> Response {
    if error.status() != StatusCode::NOT_FOUND {
        return message::failure(error);
    }
    let page = TrackPage {
        error: Some(error.message().to_string()),
        ..TrackPage::new(csrf, lookup, None)
    };
    (StatusCode::NOT_FOUND, page).into_response()
}

pub async fn lookup(
    State(state): State<AppState>,
    PortalForm { form, csrf, .. }: PortalForm<Lookup>,
) -> Response {
    let fault = if form.number.trim().is_empty() {
        Some(("number", "请填写受理编号".to_string()))
    } else if form.code.trim().is_empty() {
        Some(("code", "请填写查询码".to_string()))
    } else {
        None
    };
    if fault.is_some() {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            TrackPage::new(csrf, form, fault),
        )
            .into_response();
    }
    match portal::track(&state.app, &form.number, &form.code).await {
        Ok(view) => ViewPage::new(csrf, view, form.code).into_response(),
        Err(error) => lookup_failed(csrf, form, error.into()),
    }
}
