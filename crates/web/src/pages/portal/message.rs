//! Refusals before a form is handled (an expired token, too many requests, too large a form)
//! and failures, each as a portal page with its status and a way back.

use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::frame::Frame;
use crate::error::ApiError;

#[derive(Template, WebTemplate)]
#[template(path = "portal/message.html")]
struct MessagePage {
    frame: Frame,
    heading: &'static str,
    message: String,
}

fn page(status: StatusCode, heading: &'static str, message: impl Into<String>) -> Response {
    let page = MessagePage {
        frame: Frame::new(heading, ""),
        heading,
        message: message.into(),
    };
    (status, page).into_response()
}

/// 403: the form's token does not match the visitor's cookie (an old page, cookies off, or a
/// form sent from another site). Nothing was done.
pub fn stale() -> Response {
    page(
        StatusCode::FORBIDDEN,
        "页面已过期",
        "页面已过期或浏览器未启用 Cookie，本次提交未被受理。请返回重新打开页面后再提交；如您刚刚已提交成功，请勿重复提交。",
    )
}

/// 429: too many submissions from this address; `wait` until the next is accepted.
pub fn too_many(wait: Duration) -> Response {
    let seconds = wait.as_secs().max(1);
    let mut response = page(
        StatusCode::TOO_MANY_REQUESTS,
        "提交过于频繁",
        format!("您的提交过于频繁，请 {seconds} 秒后再试。"),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// 413: the form is larger than any appeal needs.
pub fn too_large() -> Response {
    page(
        StatusCode::PAYLOAD_TOO_LARGE,
        "提交内容过长",
        "提交的内容过长，请精简后重新提交。",
    )
}

/// 400: a form that no page of the portal sends.
pub fn malformed() -> Response {
    page(
        StatusCode::BAD_REQUEST,
        "无法识别的提交",
        "提交的表单无法识别，请返回重新打开页面后再提交。",
    )
}

/// Any other refusal or failure, with its own status and message.
pub fn failure(error: ApiError) -> Response {
    page(error.status(), "无法完成请求", error.message())
}
