//! 工单 work orders: register, read, list, act, reveal personal data.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::Deserialize;
use tongban_app::orders::{self, ActionInput, RegisterInput};
use tongban_domain::codes::{AppealType, Area, Channel, Urgency};
use tongban_domain::order::{ActionName, Status};
use tongban_domain::time::china;
use tongban_domain::values::{CaseNo, Phone};
use tongban_domain::{CourtId, DepartmentId, DomainError, OrderId, UserId};
use tongban_store::orders::{OrderFilter, Sort};
use utoipa::IntoParams;

use super::extract::{ApiJson, ApiPath, ApiQuery, OptionalJson};
use super::views::{AppellantView, EventView, OrderView, Page};
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, ErrorBody};

fn view(state: &AppState, order: tongban_domain::order::WorkOrder) -> OrderView {
    OrderView::of(order, state.app.now(), &state.app.rules())
}

/// Register an appeal from any channel (agents, the service office).
#[utoipa::path(post, path = "/api/v1/orders", tag = "orders", security(("bearer" = [])), request_body = RegisterInput,
    responses((status = 201, body = OrderView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<RegisterInput>,
) -> ApiResult<(StatusCode, Json<OrderView>)> {
    let order = orders::register(&state.app, &authed.ctx, body).await?;
    Ok((StatusCode::CREATED, Json(view(&state, order))))
}

/// One order with its timeline (oldest first) and the actions the reader can take.
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "orders", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = OrderView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<OrderView>> {
    let detail = orders::get(&state.app, &authed.ctx, OrderId(id)).await?;
    let mut order = view(&state, detail.order);
    order.events = Some(detail.events.into_iter().map(EventView::from).collect());
    order.actions = Some(detail.actions);
    order.may_reveal_personal_data = Some(detail.may_reveal);
    Ok(Json(order))
}

/// The appellant's phone, ID number and address unmasked (recorded in the audit log).
#[utoipa::path(get, path = "/api/v1/orders/{id}/personal-data", tag = "orders", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = AppellantView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn personal_data(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<AppellantView>> {
    let appellant = orders::reveal_personal_data(&state.app, &authed.ctx, OrderId(id)).await?;
    Ok(Json(AppellantView::revealed(&appellant)))
}

/// Take a life-cycle action. The body depends on the action: `screen` → `Screen`,
/// `answer` → `Answer`, `dispatch` → `Dispatch`, `accept` and `close` → `Note` (may be empty),
/// `reply` → `Reply`, `request-extension` → `RequestExtension`, `decide-extension` →
/// `DecideExtension`, `suspend`, `return`, `dispute-rating` and `reopen` → `Reason`, `resume` →
/// `Note`, `reassign` →
/// `Reassign`, `callback` → `Callback`, `rule-rating` → `RuleRating`, `merge` and `link` → `Target`.
#[utoipa::path(post, path = "/api/v1/orders/{id}/actions/{action}", tag = "orders", security(("bearer" = [])),
    params(("id" = i64, Path), ("action" = String, Path, description = "screen, answer, dispatch, accept, reply, request-extension, decide-extension, suspend, resume, return, reassign, callback, dispute-rating, rule-rating, reopen, merge, link, close")),
    request_body(content = Object, description = "the action's body, see the description"),
    responses((status = 200, body = OrderView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath((id, action)): ApiPath<(i64, String)>,
    OptionalJson(body): OptionalJson,
) -> ApiResult<Json<OrderView>> {
    let name = ActionName::from_code(&action).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_action",
            format!("没有名为“{action}”的操作"),
        )
    })?;
    let input = ActionInput::parse(name, body)?;
    let order = orders::act(&state.app, &authed.ctx, OrderId(id), input).await?;
    Ok(Json(view(&state, order)))
}

/// Filters of the order list.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ListQuery {
    /// One status or several, comma-separated.
    pub status: Option<String>,
    pub court_id: Option<i64>,
    pub department_id: Option<i64>,
    pub handler_id: Option<i64>,
    #[param(value_type = Option<String>)]
    pub channel: Option<Channel>,
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<String>)]
    pub appeal_type: Option<AppealType>,
    #[param(value_type = Option<String>)]
    pub area: Option<Area>,
    #[param(value_type = Option<String>)]
    pub urgency: Option<Urgency>,
    /// true: only orders whose running deadline has passed; false: only the others.
    pub overdue: Option<bool>,
    /// Registered on or after this day (`YYYY-MM-DD`, China time) or instant (RFC 3339).
    pub from: Option<String>,
    /// Registered up to and including this day, or before this instant.
    pub to: Option<String>,
    /// The appellant's phone.
    pub phone: Option<String>,
    pub case_number: Option<String>,
    /// At least this supervision level.
    pub supervision_level: Option<u8>,
    /// 全文检索 words that must all occur in the content, reply or notes.
    pub q: Option<String>,
    /// `newest` (default), `oldest` or `due` (nearest deadline first).
    pub sort: Option<String>,
    /// From 1.
    pub page: Option<u32>,
    /// 1–200, default 20.
    pub per_page: Option<u32>,
}

/// A day means its start (for `from`) or the start of the next day (for `to`).
pub(crate) fn bound(
    field: &'static str,
    value: &str,
    end_of_day: bool,
) -> Result<DateTime<Utc>, DomainError> {
    if let Ok(at) = DateTime::parse_from_rfc3339(value) {
        return Ok(at.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        DomainError::invalid(
            field,
            "invalid_date",
            "日期应为 YYYY-MM-DD 或 RFC 3339 时间",
        )
    })?;
    let day = if end_of_day {
        day.succ_opt().unwrap_or(day)
    } else {
        day
    };
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    Ok(china()
        .from_local_datetime(&midnight)
        .single()
        .expect("UTC+8 has no gaps")
        .with_timezone(&Utc))
}

impl ListQuery {
    pub(crate) fn filter(&self) -> Result<OrderFilter, DomainError> {
        let statuses = match &self.status {
            Some(text) => text
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| {
                    Status::from_code(s.trim()).ok_or_else(|| {
                        DomainError::invalid("status", "invalid_status", format!("未知的状态“{s}”"))
                    })
                })
                .collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        let sort = match self.sort.as_deref() {
            None | Some("newest") => Sort::Newest,
            Some("oldest") => Sort::Oldest,
            Some("due") => Sort::DueFirst,
            Some(_) => {
                return Err(DomainError::invalid(
                    "sort",
                    "invalid_sort",
                    "排序应为 newest、oldest 或 due",
                ));
            }
        };
        Ok(OrderFilter {
            statuses,
            court_id: self.court_id.map(CourtId),
            department_id: self.department_id.map(DepartmentId),
            handler_id: self.handler_id.map(UserId),
            channel: self.channel,
            appeal_type: self.appeal_type,
            area: self.area,
            urgency: self.urgency,
            overdue: self.overdue,
            registered_from: self
                .from
                .as_deref()
                .map(|v| bound("from", v, false))
                .transpose()?,
            registered_to: self
                .to
                .as_deref()
                .map(|v| bound("to", v, true))
                .transpose()?,
            phone: self
                .phone
                .as_deref()
                .map(|p| Phone::parse(p).map(|p| p.to_string()))
                .transpose()?,
            case_number: self
                .case_number
                .as_deref()
                .map(|c| CaseNo::parse(c).map(|c| c.to_string()))
                .transpose()?,
            min_supervision_level: self.supervision_level,
            text: match self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
                Some(q) => tongban_app::intel::search::terms_of(q).map_err(|_| {
                    DomainError::invalid("q", "empty_query", "请输入检索词（汉字、字母或数字）")
                })?,
                None => Vec::new(),
            },
            sort,
        })
    }
}

/// The orders the reader may see, filtered and paged.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = Page<OrderView>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    authed: Authed,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<OrderView>>> {
    let filter = q.filter()?;
    let page = orders::list(
        &state.app,
        &authed.ctx,
        &filter,
        q.page.unwrap_or(1),
        q.per_page.unwrap_or(20),
    )
    .await?;
    let (now, rules) = (state.app.now(), state.app.rules());
    Ok(Json(Page {
        items: page
            .items
            .into_iter()
            .map(|o| OrderView::of(o, now, &rules))
            .collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}
