//! 评价 the citizen rates the reply (满意 / 基本满意 / 不满意, with a comment) from the
//! tracking page; the number and the query code come back in hidden fields.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tongban_app::portal;
use tongban_domain::codes::CallbackOutcome;

use super::csrf::PortalForm;
use super::message;
use super::public::{MAX_COMMENT, ViewPage};
use super::track::{Lookup, lookup_failed};
use crate::AppState;
use crate::auth::request_id;
use crate::error::ApiError;

/// The rating form as sent; absent fields are empty.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RatingForm {
    number: String,
    code: String,
    outcome: String,
    comment: String,
}

impl RatingForm {
    fn lookup(&self) -> Lookup {
        Lookup::new(self.number.clone(), self.code.clone())
    }
}

/// The rating, or the field at fault.
fn check(form: &RatingForm) -> Result<CallbackOutcome, (&'static str, String)> {
    let outcome = CallbackOutcome::from_code(&form.outcome).filter(|o| o.is_rating());
    let Some(outcome) = outcome else {
        return Err(("outcome", "请选择满意、基本满意或不满意".into()));
    };
    if form.comment.trim().chars().count() > MAX_COMMENT {
        return Err((
            "comment",
            format!("评价意见最多 {MAX_COMMENT} 字，请精简后提交"),
        ));
    }
    Ok(outcome)
}

/// The tracking page again, with `status` and what `explain` adds to it.
async fn again(
    state: &AppState,
    csrf: String,
    form: &RatingForm,
    status: StatusCode,
    explain: impl FnOnce(ViewPage) -> ViewPage,
) -> Response {
    match portal::track(&state.app, &form.number, &form.code).await {
        Ok(view) => (
            status,
            explain(ViewPage::new(csrf, view, form.code.clone())),
        )
            .into_response(),
        Err(error) => lookup_failed(csrf, form.lookup(), error.into()),
    }
}

pub async fn rate(
    State(state): State<AppState>,
    headers: HeaderMap,
    PortalForm { form, csrf, .. }: PortalForm<RatingForm>,
) -> Response {
    let outcome = match check(&form) {
        Ok(outcome) => outcome,
        Err(fault) => {
            let explain =
                |page: ViewPage| page.with_rating(&form.outcome, &form.comment, Some(fault));
            return again(
                &state,
                csrf,
                &form,
                StatusCode::UNPROCESSABLE_ENTITY,
                explain,
            )
            .await;
        }
    };
    let rated = portal::rate(
        &state.app,
        &form.number,
        &form.code,
        outcome,
        &form.comment,
        request_id(&headers),
    )
    .await;
    let error = match rated {
        Ok(view) => {
            let page = ViewPage::new(csrf, view, form.code)
                .with_notice("感谢您的评价！您的意见将帮助法院改进工作。");
            return page.into_response();
        }
        Err(error) => ApiError::from(error),
    };
    match error.status() {
        StatusCode::NOT_FOUND => lookup_failed(csrf, form.lookup(), error),
        StatusCode::CONFLICT => {
            let explain = |page: ViewPage| {
                page.with_error("该诉求当前不能评价：只有已答复、尚未评价的诉求可以评价。")
            };
            again(&state, csrf, &form, StatusCode::CONFLICT, explain).await
        }
        _ => message::failure(error),
    }
}
