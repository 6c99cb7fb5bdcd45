//! 统计 statistics of orders: the count of repeated appeals per period.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tongban_app::intel::repeat_stats::{self, Bucket, RepeatCount};
use utoipa::{IntoParams, ToSchema};

use super::extract::ApiQuery;
use super::intel::period;
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiResult, ErrorBody};

#[derive(Debug, Deserialize, IntoParams)]
pub struct RepeatsQuery {
    /// Start of the period (`YYYY-MM-DD`, China time, or RFC 3339); default: 7 days before `to`.
    pub from: Option<String>,
    /// End of the period, inclusive day or exclusive instant; default: now.
    pub to: Option<String>,
    /// `day` (default), `week` or `month`.
    pub by: Option<String>,
}

/// Repeated appeals per period.
#[derive(Debug, Serialize, ToSchema)]
pub struct RepeatStats {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub by: Bucket,
    /// One per day, week or month holding orders, oldest first.
    pub items: Vec<RepeatCount>,
    /// The whole period.
    pub total: RepeatCount,
}

/// 重复件统计 how many of the orders registered in each day, week or month repeat an earlier
/// one (within 90 days: same ID number, phone, case number or near-identical content, each
/// counted under its strongest reason), and how many staff linked or merged; the reader's scope.
#[utoipa::path(get, path = "/api/v1/stats/repeats", tag = "intel", security(("bearer" = [])), params(RepeatsQuery),
    responses((status = 200, body = RepeatStats), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn repeats(
    State(state): State<AppState>,
    authed: Authed,
    ApiQuery(q): ApiQuery<RepeatsQuery>,
) -> ApiResult<Json<RepeatStats>> {
    let by = Bucket::parse(q.by.as_deref().unwrap_or("day"))?;
    let (from, to) = period(&state, q.from.as_deref(), q.to.as_deref())?;
    let (items, total) = repeat_stats::repeat_stats(&state.app, &authed.ctx, from, to, by).await?;
    Ok(Json(RepeatStats {
        from,
        to,
        by,
        items,
        total,
    }))
}
