//! 诉求登记 registering an appeal, fast with the keyboard: the caller's earlier orders appear
//! as soon as the phone number is typed, the case number is checked as it is typed.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use tongban_app::hotline::history as hotline_history;
use tongban_app::orders::{self, AppellantInput, RegisterInput};
use tongban_domain::codes::{AppealType, Area, Channel, Complexity, Urgency};
use tongban_domain::values::{CaseNo, Phone};

use super::options::Options;
use crate::AppState;
use crate::error::ApiError;
use crate::pages::directory::Directory;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::{PageForm, StaffSession};
use crate::pages::view::OrderRow;

/// The form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Typed {
    channel: String,
    name: String,
    phone: String,
    id_number: String,
    address: String,
    case_number: String,
    content: String,
    #[serde(rename = "type")]
    appeal_type: String,
    area: String,
    complexity: String,
    urgency: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "orders/new.html")]
struct NewPage {
    layout: Layout,
    options: Options,
    v: Typed,
    /// The field refused, to mark it.
    bad: String,
}

pub async fn form(
    State(state): State<AppState>,
    session: StaffSession,
    Query(q): Query<PhoneQuery>,
) -> PageResult {
    let names = Directory::load(&state.app).await?;
    let v = Typed {
        channel: "hotline".into(),
        urgency: "normal".into(),
        phone: q.phone,
        ..Typed::default()
    };
    let layout = Layout::new(&state, &session, "诉求登记", "/orders/new").await;
    Ok(NewPage {
        layout,
        options: Options::new(&names),
        v,
        bad: String::new(),
    }
    .into_response())
}

fn text(value: &str) -> Option<String> {
    Some(value.trim().to_string()).filter(|v| !v.is_empty())
}

/// The typed form as a registration; unknown codes are refused naming the field.
fn input(v: &Typed) -> Result<RegisterInput, tongban_domain::DomainError> {
    fn code<T>(
        field: &'static str,
        value: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, tongban_domain::DomainError> {
        match text(value) {
            None => Ok(None),
            Some(v) => parse(&v).map(Some).ok_or_else(|| {
                tongban_domain::DomainError::invalid(field, "invalid_field", "请从列表中选择")
            }),
        }
    }
    Ok(RegisterInput {
        channel: code("channel", &v.channel, Channel::from_code)?
            .ok_or(tongban_domain::DomainError::missing("channel"))?,
        appellant: AppellantInput {
            name: v.name.clone(),
            phone: text(&v.phone),
            id_number: text(&v.id_number),
            address: text(&v.address),
        },
        content: v.content.clone(),
        case_number: text(&v.case_number),
        appeal_type: code("type", &v.appeal_type, AppealType::from_code)?,
        area: code("area", &v.area, Area::from_code)?,
        complexity: code("complexity", &v.complexity, Complexity::from_code)?,
        urgency: code("urgency", &v.urgency, Urgency::from_code)?,
        court_id: None,
    })
}

pub async fn submit(
    State(state): State<AppState>,
    PageForm { session, form }: PageForm<Typed>,
) -> PageResult {
    let registered = match input(&form) {
        Ok(input) => orders::register(&state.app, &session.ctx, input)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(ApiError::from(e)),
    };
    match registered {
        Ok(order) => {
            Ok(Redirect::to(&format!("/orders/{}?done=registered", order.id)).into_response())
        }
        Err(error) => {
            let names = Directory::load(&state.app).await?;
            let layout = Layout::new(&state, &session, "诉求登记", "/orders/new")
                .await
                .with_error(error.message().to_string());
            let bad = error.field().unwrap_or("").replace("appellant.", "");
            let page = NewPage {
                layout,
                options: Options::new(&names),
                v: form,
                bad,
            };
            Ok((error.status(), page).into_response())
        }
    }
}

/// A case in which the caller is a party.
struct CaseLine {
    number: String,
    stage: String,
    judge: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "orders/history.html")]
struct History {
    phone: String,
    rows: Vec<OrderRow>,
    total: i64,
    message: String,
    /// Calls of the number within the repeat window.
    calls: i64,
    repeat: bool,
    cases: Vec<CaseLine>,
    callbacks: usize,
}

impl History {
    fn empty(message: String) -> History {
        History {
            phone: String::new(),
            rows: Vec::new(),
            total: 0,
            message,
            calls: 0,
            repeat: false,
            cases: Vec::new(),
            callbacks: 0,
        }
    }
}

#[derive(Deserialize)]
pub struct PhoneQuery {
    #[serde(default)]
    phone: String,
}

/// 来电弹屏 the number's calls (repeat caller or not), its orders (open ones first), the cases
/// in which it is a party, and the callbacks owed to it.
pub async fn history(
    State(state): State<AppState>,
    session: StaffSession,
    Query(q): Query<PhoneQuery>,
) -> PageResult {
    let app = &state.app;
    let fragment = match Phone::parse(&q.phone) {
        Err(_) if q.phone.trim().len() < 11 => History::empty(String::new()),
        Err(e) => History::empty(e.message.to_string()),
        Ok(phone) => {
            let h = hotline_history::of_caller(app, &session.ctx, phone.as_str()).await?;
            let names = Directory::load(app).await?;
            let (now, rules) = (app.now(), app.rules());
            History {
                phone: phone.masked(),
                rows: h
                    .orders
                    .items
                    .iter()
                    .map(|o| OrderRow::of(o, now, rules.warn_at, &names))
                    .collect(),
                total: h.orders.total,
                message: String::new(),
                calls: h.calls_in_window,
                repeat: h.is_repeat_caller(),
                cases: h
                    .cases
                    .iter()
                    .map(|c| CaseLine {
                        number: c.case.case_number.clone(),
                        stage: c.case.stage.clone(),
                        judge: c.case.judge_name.clone().unwrap_or_default(),
                    })
                    .collect(),
                callbacks: h.open_callbacks.len(),
            }
        }
    };
    Ok(fragment.into_response())
}

#[derive(Deserialize)]
pub struct CaseQuery {
    #[serde(default)]
    case_number: String,
}

/// 案号校验 checks a case number as it is typed.
pub async fn check_case(
    _: StaffSession,
    Query(q): Query<CaseQuery>,
) -> axum::response::Html<String> {
    let text = q.case_number.trim();
    let message = if text.is_empty() {
        String::new()
    } else {
        match CaseNo::parse(text) {
            Ok(case) => format!(
                "<span class=\"tag closed\">✓ {}年 · {} · {} · 第{}号</span>",
                case.year,
                case.court(),
                case.case_type,
                case.serial
            ),
            Err(e) => format!("<span class=\"field-error\">{}</span>", escape(&e.message)),
        }
    };
    axum::response::Html(message)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
