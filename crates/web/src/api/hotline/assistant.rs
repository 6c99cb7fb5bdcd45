//! 虚拟坐席 the virtual agent's sessions and turns.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Serialize;
use tongban_app::hotline::assistant::{self, SessionInput, TurnInput, TurnReply};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::extract::{ApiJson, ApiPath};
use crate::auth::Authed;
use crate::error::{ApiResult, ErrorBody};

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionCreated {
    pub id: i64,
}

/// Open a conversation with the virtual agent (a call answered by it, or a web chat).
#[utoipa::path(post, path = "/api/v1/assistant/sessions", tag = "assistant", security(("bearer" = [])), request_body = SessionInput,
    responses((status = 201, body = SessionCreated), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn start(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<SessionInput>,
) -> ApiResult<(StatusCode, Json<SessionCreated>)> {
    let id = assistant::start(&state.app, &authed.ctx, body).await?;
    Ok((StatusCode::CREATED, Json(SessionCreated { id })))
}

/// What the caller said → the reply and the action (`answer`, `clarify`, `case_progress`,
/// `contact_judge`, `handover`, `register`) with a confidence.
#[utoipa::path(post, path = "/api/v1/assistant/sessions/{id}/turns", tag = "assistant", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = TurnInput,
    responses((status = 200, body = TurnReply), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn turn(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<TurnInput>,
) -> ApiResult<Json<TurnReply>> {
    Ok(Json(
        assistant::turn(&state.app, &authed.ctx, id, body).await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TurnView {
    pub seq: i64,
    pub at: Option<DateTime<Utc>>,
    pub text: String,
    pub reply: String,
    pub action: String,
    pub confidence: f64,
    pub entry_id: Option<i64>,
    pub case_number: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    pub id: i64,
    pub channel: String,
    pub caller: Option<String>,
    pub call_id: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    /// `settled`, `handover`, or null while nothing is settled.
    pub outcome: Option<String>,
    pub order_id: Option<i64>,
    #[schema(value_type = Option<Object>)]
    pub draft: Option<serde_json::Value>,
    pub turns: Vec<TurnView>,
}

/// A session with its turns.
#[utoipa::path(get, path = "/api/v1/assistant/sessions/{id}", tag = "assistant", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = SessionView), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<SessionView>> {
    let (s, turns) = assistant::session(&state.app, &authed.ctx, id).await?;
    let at = DateTime::from_timestamp_millis;
    Ok(Json(SessionView {
        id: s.id,
        channel: s.channel,
        caller: s.caller,
        call_id: s.call_id,
        started_at: at(s.started_at),
        outcome: s.outcome,
        order_id: s.order_id,
        draft: s.draft.and_then(|d| serde_json::from_str(&d).ok()),
        turns: turns
            .into_iter()
            .map(|t| TurnView {
                seq: t.seq,
                at: at(t.at),
                text: t.text,
                reply: t.reply,
                action: t.action,
                confidence: t.confidence,
                entry_id: t.entry_id,
                case_number: t.case_number,
            })
            .collect(),
    }))
}
