//! Errors on pages: an HTML page with the Chinese message and the right status.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use tongban_app::AppError;

use super::assets::VERSION;
use crate::error::ApiError;

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    version: &'static str,
    status: u16,
    message: String,
}

/// A refusal or failure while rendering a page.
pub struct PageError(pub ApiError);

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError(e.into())
    }
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            version: VERSION,
            status: self.0.status().as_u16(),
            message: self.0.message().to_string(),
        };
        (self.0.status(), page).into_response()
    }
}

pub type PageResult<T = Response> = Result<T, PageError>;
