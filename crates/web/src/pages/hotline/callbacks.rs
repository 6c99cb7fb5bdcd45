//! 回拨队列 the callers to call back, nearest deadline first, each with its outcome form.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use tongban_app::hotline::callbacks::{self, OutcomeInput};
use tongban_domain::hotline::{CallbackResult, CallbackStatus};

use super::local;
use crate::AppState;
use crate::error::ApiError;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::{PageForm, StaffSession};

struct Row {
    id: i64,
    caller: String,
    created: String,
    due: String,
    status: &'static str,
    open: bool,
    overdue: bool,
    attempts: i64,
    outcome: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "hotline/callbacks.html")]
struct CallbacksPage {
    layout: Layout,
    rows: Vec<Row>,
    total: i64,
    status: String,
    statuses: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    status: String,
    done: String,
}

pub async fn page(
    State(state): State<AppState>,
    session: StaffSession,
    Query(q): Query<Filter>,
) -> PageResult {
    let status = if q.status.is_empty() {
        Some(CallbackStatus::Open)
    } else {
        CallbackStatus::from_code(&q.status)
    };
    let (items, total) = callbacks::list(&state.app, &session.ctx, status, 1, 200).await?;
    let now = state.app.now();
    let rows = items
        .into_iter()
        .map(|c| Row {
            id: c.row.id,
            caller: c.row.caller.clone(),
            created: local(c.created_at),
            due: local(c.due_at),
            status: c.status.label(),
            open: c.status == CallbackStatus::Open,
            overdue: c.status == CallbackStatus::Open && now > c.due_at,
            attempts: c.row.attempts,
            outcome: c
                .row
                .outcome
                .as_deref()
                .and_then(CallbackResult::from_code)
                .map_or_else(
                    || c.row.outcome.clone().unwrap_or_default(),
                    |o| o.label().to_string(),
                ),
        })
        .collect();
    let mut layout = Layout::new(&state, &session, "回拨队列", "/hotline/callbacks").await;
    if q.done == "1" {
        layout = layout.with_notice("回拨结果已登记");
    }
    Ok(CallbacksPage {
        layout,
        rows,
        total,
        status: status.map_or("", CallbackStatus::code).to_string(),
        statuses: CallbackStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label()))
            .collect(),
        outcomes: [CallbackResult::Reached, CallbackResult::Unreachable]
            .iter()
            .map(|o| (o.code(), o.label()))
            .collect(),
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct OutcomeForm {
    outcome: String,
    #[serde(default)]
    note: String,
}

pub async fn record(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<i64>,
    PageForm { session, form }: PageForm<OutcomeForm>,
) -> PageResult {
    let outcome = CallbackResult::from_code(&form.outcome).ok_or_else(|| {
        ApiError::from(tongban_domain::DomainError::invalid(
            "outcome",
            "invalid_field",
            "请选择回拨结果",
        ))
    })?;
    let input = OutcomeInput {
        outcome,
        note: Some(form.note),
        order_id: None,
    };
    callbacks::record_outcome(&state.app, &session.ctx, id, input).await?;
    Ok(Redirect::to("/hotline/callbacks?done=1").into_response())
}
