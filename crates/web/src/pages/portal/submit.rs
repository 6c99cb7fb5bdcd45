//! 提交诉求 the appeal form, and the receipt with the tracking number (受理编号) and the
//! query code (查询码).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tongban_app::hotline::assistant::chat;
use tongban_app::portal::{self, Submission};

use super::chat::key_of;
use super::csrf::{PageToken, PortalForm};
use super::field::Field;
use super::frame::Frame;
use super::message;
use crate::AppState;
use crate::auth::request_id;
use crate::error::ApiError;

/// The longest appeal the portal takes (a long letter goes to the court by post or in person).
const MAX_CONTENT: usize = 5_000;
/// The longest 称呼 (name or form of address).
const MAX_NAME: usize = 50;

/// The form as sent; absent fields are empty.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AppealForm {
    name: String,
    phone: String,
    case_number: String,
    content: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/submit.html")]
struct SubmitPage {
    frame: Frame,
    csrf: String,
    name: Field,
    phone: Field,
    case_number: Field,
    content: Field,
    /// The message when it names no field of the form.
    error: Option<String>,
    max_content: usize,
}

impl SubmitPage {
    fn new(csrf: String, form: AppealForm, fault: Option<(&'static str, String)>) -> SubmitPage {
        let fault = fault.as_ref();
        SubmitPage {
            frame: Frame::new("提交诉求", "/portal"),
            csrf,
            name: Field::new("name", form.name).checked(fault),
            phone: Field::new("phone", form.phone).checked(fault),
            case_number: Field::new("case_number", form.case_number).checked(fault),
            content: Field::new("content", form.content).checked(fault),
            error: None,
            max_content: MAX_CONTENT,
        }
    }

    /// The field at fault, for the summary at the top.
    fn fault(&self) -> Option<&Field> {
        [&self.name, &self.phone, &self.case_number, &self.content]
            .into_iter()
            .find(|f| f.error.is_some())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/receipt.html")]
struct ReceiptPage {
    frame: Frame,
    number: String,
    query_code: String,
}

/// `?from=chat` fills the form with what the visitor's chat handed over (its summary and case
/// number), read from their chat, never from the address.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Prefill {
    from: String,
}

pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    token: PageToken,
    Query(prefill): Query<Prefill>,
) -> Response {
    let mut form = AppealForm::default();
    if prefill.from == "chat"
        && let Some(key) = key_of(&headers)
        && let Ok(Some((_, Some(draft)))) = chat::conversation(&state.app, &key).await
    {
        form.content = draft.summary.chars().take(MAX_CONTENT).collect();
        form.case_number = draft.case_number.unwrap_or_default();
    }
    token.attach(SubmitPage::new(token.value.clone(), form, None))
}

/// What the portal asks beyond the registration's own rules: a phone to call back, and a
/// content no longer than the portal takes.
fn check(form: &AppealForm) -> Result<(), (&'static str, String)> {
    let content = form.content.trim().chars().count();
    if form.name.trim().chars().count() > MAX_NAME {
        Err(("name", format!("称呼最多 {MAX_NAME} 个字")))
    } else if form.phone.trim().is_empty() {
        Err(("phone", "请填写联系电话，以便工作人员与您联系".into()))
    } else if content == 0 {
        Err(("content", "请填写诉求内容".into()))
    } else if content > MAX_CONTENT {
        Err((
            "content",
            format!("诉求内容最多 {MAX_CONTENT} 字，现有 {content} 字，请精简后提交"),
        ))
    } else {
        Ok(())
    }
}

/// The form field a registration error names.
fn form_field(field: &str) -> Option<&'static str> {
    match field {
        "appellant.name" | "name" => Some("name"),
        "appellant.phone" | "phone" => Some("phone"),
        "case_number" => Some("case_number"),
        "content" => Some("content"),
        _ => None,
    }
}

/// The form again with its message, status 422, keeping what was typed.
fn refused(csrf: String, form: AppealForm, fault: (Option<&'static str>, String)) -> Response {
    let page = match fault {
        (Some(field), message) => SubmitPage::new(csrf, form, Some((field, message))),
        (None, message) => SubmitPage {
            error: Some(message),
            ..SubmitPage::new(csrf, form, None)
        },
    };
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    posted: PortalForm<AppealForm>,
) -> Response {
    if let Err((field, message)) = check(&posted.form) {
        return refused(posted.csrf, posted.form, (Some(field), message));
    }
    let form = &posted.form;
    let submission = Submission {
        name: Some(form.name.clone()),
        phone: form.phone.clone(),
        content: form.content.clone(),
        case_number: Some(form.case_number.clone()),
    };
    match portal::submit(&state.app, submission, request_id(&headers)).await {
        Ok(receipt) => posted.renewed().attach(ReceiptPage {
            frame: Frame::new("诉求已提交", "/portal"),
            number: receipt.number,
            query_code: receipt.query_code,
        }),
        Err(error) => {
            let error = ApiError::from(error);
            if error.status() != StatusCode::UNPROCESSABLE_ENTITY {
                return message::failure(error);
            }
            let fault = (
                error.field().and_then(form_field),
                error.message().to_string(),
            );
            refused(posted.csrf, posted.form, fault)
        }
    }
}
