//! The test clock: only routed when the server runs with `--test-clock`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::ApiJson;
use crate::AppState;
use crate::error::{ApiError, ApiResult, ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
pub struct MoveClock {
    /// Move forward by this many seconds.
    pub advance_seconds: Option<i64>,
    /// Or set the clock to this instant.
    pub now: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClockNow {
    pub now: DateTime<Utc>,
}

/// Move the test clock; every clock of the product follows, and the deadline sweep runs
/// before the answer.
#[utoipa::path(post, path = "/api/v1/test/clock", tag = "test", request_body = MoveClock,
    responses((status = 200, body = ClockNow), (status = 422, body = ErrorBody)))]
pub async fn move_clock(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<MoveClock>,
) -> ApiResult<Json<ClockNow>> {
    let clock = state
        .test_clock
        .as_ref()
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "请求的地址不存在"))?;
    match (body.advance_seconds, body.now) {
        (Some(seconds), None) if seconds >= 0 => clock.advance(Duration::seconds(seconds)),
        (None, Some(now)) => clock.set(now),
        _ => {
            return Err(ApiError::from(tongban_domain::DomainError::invalid(
                "advance_seconds",
                "invalid_clock_move",
                "请给出非负的 advance_seconds 或 now 之一",
            )));
        }
    }
    // What fell due runs before the answer, so that a test sees its effects at once.
    state.app.sweep_now().await?;
    Ok(Json(ClockNow {
        now: state.app.now(),
    }))
}
