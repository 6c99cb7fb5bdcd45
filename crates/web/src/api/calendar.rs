//! 法院工作日历 the court calendar (public to read: holidays are public notices) and the
//! settings administrators edit: the calendar's days, working hours, supervision rules.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tongban_app::{calendar, settings};
use tongban_domain::DomainError;
use tongban_domain::supervision::SupervisionPolicy;
use tongban_domain::time::{DayKind, Policy, SpecialDay, WorkingHours};
use utoipa::ToSchema;

use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiResult, ErrorBody};

/// A day that differs from an ordinary Monday–Friday week.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayView {
    pub date: NaiveDate,
    /// `holiday` (a rest day on a weekday) or `workday` (a make-up working day, 调休上班)
    pub kind: DayKind,
    /// e.g. 春节
    #[serde(default)]
    pub name: String,
}

/// A year's special days, in date order.
#[utoipa::path(get, path = "/api/v1/calendar/{year}", tag = "calendar", params(("year" = i32, Path)),
    responses((status = 200, body = Vec<DayView>)))]
pub async fn year(
    State(state): State<AppState>,
    ApiPath(year): ApiPath<i32>,
) -> ApiResult<Json<Vec<DayView>>> {
    let days = calendar::year(&state.app, year).await?;
    Ok(Json(
        days.into_iter()
            .map(|d| DayView {
                date: d.date,
                kind: d.kind,
                name: d.name,
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Replaced {
    pub year: i32,
    pub days: usize,
}

/// Replace a year's special days (administrators): load next year's State Council notice.
#[utoipa::path(put, path = "/api/v1/calendar/{year}", tag = "calendar", security(("bearer" = [])),
    params(("year" = i32, Path)), request_body = Vec<DayView>,
    responses((status = 200, body = Replaced), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn replace_year(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(year): ApiPath<i32>,
    ApiJson(days): ApiJson<Vec<DayView>>,
) -> ApiResult<Json<Replaced>> {
    let days = days
        .into_iter()
        .map(|d| SpecialDay {
            date: d.date,
            kind: d.kind,
            name: d.name,
        })
        .collect();
    let days = calendar::replace_year(&state.app, &authed.ctx, year, days).await?;
    Ok(Json(Replaced { year, days }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayEdit {
    /// `holiday`, `workday`, or `normal` (an ordinary day again)
    pub kind: String,
    #[serde(default)]
    pub name: String,
}

/// Edit one day (administrators).
#[utoipa::path(put, path = "/api/v1/calendar/days/{date}", tag = "calendar", security(("bearer" = [])),
    params(("date" = String, Path, description = "YYYY-MM-DD")), request_body = DayEdit,
    responses((status = 200, body = Vec<DayView>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_day(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(date): ApiPath<String>,
    ApiJson(edit): ApiJson<DayEdit>,
) -> ApiResult<Json<Vec<DayView>>> {
    let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map_err(|_| DomainError::invalid("date", "invalid_date", "日期应为 YYYY-MM-DD"))?;
    let kind = match edit.kind.as_str() {
        "normal" => None,
        code => Some(DayKind::from_code(code).ok_or_else(|| {
            DomainError::invalid(
                "kind",
                "invalid_kind",
                "类别应为 holiday、workday 或 normal",
            )
        })?),
    };
    calendar::set_day(&state.app, &authed.ctx, date, kind, edit.name).await?;
    use chrono::Datelike;
    year(State(state), ApiPath(date.year())).await
}

/// The court's office hours, e.g. `{"morning": ["08:30:00", "12:00:00"], "afternoon": ["14:00:00", "18:00:00"]}`.
#[utoipa::path(get, path = "/api/v1/settings/working-hours", tag = "calendar", security(("bearer" = [])),
    responses((status = 200, body = Object)))]
pub async fn working_hours(State(state): State<AppState>, _: Authed) -> Json<WorkingHours> {
    Json(state.app.rules().calendar.hours)
}

/// Change the office hours (administrators); deadlines counted from now on use them.
#[utoipa::path(put, path = "/api/v1/settings/working-hours", tag = "calendar", security(("bearer" = [])),
    request_body = Object,
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_working_hours(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(hours): ApiJson<WorkingHours>,
) -> ApiResult<Json<WorkingHours>> {
    settings::set_working_hours(&state.app, &authed.ctx, hours).await?;
    Ok(Json(state.app.rules().calendar.hours))
}

/// 督办规则: each level's own deadline (`respond_within`: three spans such as
/// `{"unit": "working_days", "amount": 2}`) and 反复提出 (`repeat_threshold` within `repeat_window_days`).
#[utoipa::path(get, path = "/api/v1/settings/supervision", tag = "supervision", security(("bearer" = [])),
    responses((status = 200, body = Object)))]
pub async fn supervision_policy(
    State(state): State<AppState>,
    _: Authed,
) -> Json<SupervisionPolicy> {
    Json(state.app.rules().supervision.clone())
}

/// Change the supervision rules (administrators).
#[utoipa::path(put, path = "/api/v1/settings/supervision", tag = "supervision", security(("bearer" = [])),
    request_body = Object,
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_supervision_policy(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(policy): ApiJson<SupervisionPolicy>,
) -> ApiResult<Json<SupervisionPolicy>> {
    settings::set_supervision_policy(&state.app, &authed.ctx, policy).await?;
    Ok(Json(state.app.rules().supervision.clone()))
}

/// A version of the deadline policy.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyVersion {
    pub version: i64,
    /// `{"rules": [{"type"?, "complexity"?, "urgency"?, "accept", "reply", "callback"}]}`; the
    /// first rule that matches an order decides; spans are `{"unit", "amount"}` with units
    /// `natural_hours`, `working_hours`, `working_days`, `natural_days`.
    #[schema(value_type = Object)]
    pub policy: Policy,
    /// Every version kept (the orders registered under each keep it).
    pub versions: Vec<i64>,
}

fn policy_view(state: &AppState) -> PolicyVersion {
    let rules = state.app.rules();
    PolicyVersion {
        version: rules.policy_version,
        policy: rules.policy.clone(),
        versions: rules.policies.keys().copied().collect(),
    }
}

/// 办理时限 the deadline policy in force for new orders, with its version.
#[utoipa::path(get, path = "/api/v1/settings/deadline-policy", tag = "calendar", security(("bearer" = [])),
    responses((status = 200, body = PolicyVersion)))]
pub async fn deadline_policy(State(state): State<AppState>, _: Authed) -> Json<PolicyVersion> {
    Json(policy_view(&state))
}

/// A new version of the deadline policy (administrators): new orders get it; orders already
/// registered keep the version they were registered under.
#[utoipa::path(put, path = "/api/v1/settings/deadline-policy", tag = "calendar", security(("bearer" = [])),
    request_body = Object,
    responses((status = 200, body = PolicyVersion), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_deadline_policy(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(policy): ApiJson<Policy>,
) -> ApiResult<Json<PolicyVersion>> {
    settings::set_deadline_policy(&state.app, &authed.ctx, policy).await?;
    Ok(Json(policy_view(&state)))
}

/// 即将超期 when the holder is warned: a share of each deadline.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarningShare {
    /// 0.1–0.99, default 0.75
    pub share: f64,
}

#[utoipa::path(get, path = "/api/v1/settings/warning", tag = "calendar", security(("bearer" = [])),
    responses((status = 200, body = WarningShare)))]
pub async fn warning_share(State(state): State<AppState>, _: Authed) -> Json<WarningShare> {
    Json(WarningShare {
        share: state.app.rules().warn_at,
    })
}

/// Change the warning share (administrators); deadlines set from now on use it.
#[utoipa::path(put, path = "/api/v1/settings/warning", tag = "calendar", security(("bearer" = [])),
    request_body = WarningShare,
    responses((status = 200, body = WarningShare), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_warning_share(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<WarningShare>,
) -> ApiResult<Json<WarningShare>> {
    settings::set_warning_share(&state.app, &authed.ctx, body.share).await?;
    Ok(Json(WarningShare {
        share: state.app.rules().warn_at,
    }))
}
