//! The switch's call records, the callback queue and the screen pop.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tongban_app::hotline::callbacks::{self, OutcomeInput};
use tongban_app::hotline::calls::{self, CallInput};
use tongban_app::hotline::history;
use tongban_domain::hotline::{CallEvent, CallbackStatus};
use utoipa::{IntoParams, ToSchema};

use super::views::{CallView, CallbackView, CaseView, Listing};
use crate::AppState;
use crate::api::extract::{ApiJson, ApiPath, ApiQuery};
use crate::api::views::{OrderView, Page};
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, ErrorBody};

/// What became of a call event.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallRecorded {
    pub call_id: String,
    #[schema(value_type = String)]
    pub event: CallEvent,
    /// false: the same event of the call had been recorded before; nothing changed.
    pub recorded: bool,
}

/// Record a call event from the switch (idempotent by call id and event).
#[utoipa::path(post, path = "/api/v1/calls", tag = "hotline", security(("bearer" = [])), request_body = CallInput,
    responses((status = 201, body = CallRecorded, description = "recorded"), (status = 200, body = CallRecorded, description = "already recorded"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<CallInput>,
) -> ApiResult<(StatusCode, Json<CallRecorded>)> {
    let (call_id, event) = (body.call_id.trim().to_string(), body.event);
    let recorded = calls::record(&state.app, &authed.ctx, body).await?;
    let status = if recorded {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(CallRecorded {
            call_id,
            event,
            recorded,
        }),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CallbackQuery {
    /// `open`, `done`, `auto_closed` or `unreachable`; all when absent.
    pub status: Option<String>,
    pub page: Option<u32>,
    /// 1–200, default 50.
    pub per_page: Option<u32>,
}

/// The callback queue (nearest deadline first).
#[utoipa::path(get, path = "/api/v1/callbacks", tag = "hotline", security(("bearer" = [])), params(CallbackQuery),
    responses((status = 200, body = Page<CallbackView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn callbacks(
    State(state): State<AppState>,
    authed: Authed,
    ApiQuery(q): ApiQuery<CallbackQuery>,
) -> ApiResult<Json<Page<CallbackView>>> {
    let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => Some(CallbackStatus::from_code(code).ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_status",
                "状态应为 open、done、auto_closed 或 unreachable",
            )
        })?),
    };
    let (page, per_page) = (q.page.unwrap_or(1), q.per_page.unwrap_or(50));
    let (items, total) = callbacks::list(&state.app, &authed.ctx, status, page, per_page).await?;
    let now = state.app.now();
    Ok(Json(Page {
        items: items
            .into_iter()
            .map(|c| CallbackView::of(c, now))
            .collect(),
        total,
        page,
        per_page,
    }))
}

/// Record what calling back gave.
#[utoipa::path(post, path = "/api/v1/callbacks/{id}/outcome", tag = "hotline", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = OutcomeInput,
    responses((status = 200, body = CallbackView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn outcome(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<OutcomeInput>,
) -> ApiResult<Json<CallbackView>> {
    let task = callbacks::record_outcome(&state.app, &authed.ctx, id, body).await?;
    Ok(Json(CallbackView::of(task, state.app.now())))
}

/// 来电弹屏 the screen pop of a number.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallerHistoryView {
    pub phone: String,
    /// The number's calls, newest first (at most 20).
    pub calls: Vec<CallView>,
    /// Calls within the repeat window, this one included.
    pub calls_in_window: i64,
    pub repeat_caller: bool,
    /// The number's orders, open ones first (at most 20).
    pub orders: Listing<OrderView>,
    /// Cases in which the number belongs to a party.
    pub cases: Vec<CaseView>,
    pub open_callbacks: Vec<CallbackView>,
}

/// Earlier calls, orders (open first) and cases of a calling number.
#[utoipa::path(get, path = "/api/v1/callers/{phone}/history", tag = "hotline", security(("bearer" = [])),
    params(("phone" = String, Path)),
    responses((status = 200, body = CallerHistoryView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn caller_history(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(phone): ApiPath<String>,
) -> ApiResult<Json<CallerHistoryView>> {
    let h = history::of_caller(&state.app, &authed.ctx, &phone).await?;
    let (now, rules) = (state.app.now(), state.app.rules());
    let repeat_caller = h.is_repeat_caller();
    Ok(Json(CallerHistoryView {
        phone: h.phone.to_string(),
        calls: h.calls.into_iter().map(CallView::of).collect(),
        calls_in_window: h.calls_in_window,
        repeat_caller,
        orders: Listing {
            items: h
                .orders
                .items
                .into_iter()
                .map(|o| OrderView::of(o, now, &rules))
                .collect(),
            total: h.orders.total,
        },
        cases: h.cases.into_iter().map(CaseView::of).collect(),
        open_callbacks: h
            .open_callbacks
            .into_iter()
            .map(|c| CallbackView::of(c, now))
            .collect(),
    }))
}
