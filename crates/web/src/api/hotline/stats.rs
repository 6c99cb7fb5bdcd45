//! 热线日报 the daily hotline figures.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::Deserialize;
use tongban_app::hotline::stats::{self, HotlineStats};
use tongban_domain::DomainError;
use utoipa::IntoParams;

use crate::AppState;
use crate::api::extract::ApiQuery;
use crate::auth::Authed;
use crate::error::{ApiResult, ErrorBody};

#[derive(Debug, Deserialize, IntoParams)]
pub struct StatsQuery {
    /// First day, `YYYY-MM-DD` (China time).
    pub from: String,
    /// Last day, inclusive.
    pub to: String,
    /// One court only; every court when absent.
    pub court_id: Option<i64>,
}

fn day(field: &'static str, value: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| DomainError::invalid(field, "invalid_date", "日期应为 YYYY-MM-DD"))
}

/// Per day: offered, answered, answer rate, settled by the virtual agent, abandoned, called
/// back in time, repeat callers (and more); with the range's total.
#[utoipa::path(get, path = "/api/v1/stats/hotline", tag = "hotline", security(("bearer" = [])), params(StatsQuery),
    responses((status = 200, body = HotlineStats), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn hotline(
    State(state): State<AppState>,
    authed: Authed,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> ApiResult<Json<HotlineStats>> {
    let (from, to) = (day("from", &q.from)?, day("to", &q.to)?);
    Ok(Json(
        stats::daily(&state.app, &authed.ctx, from, to, q.court_id).await?,
    ))
}
