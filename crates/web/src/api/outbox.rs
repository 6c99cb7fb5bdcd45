//! 外发消息 the outbound channel for administrators: its webhook, the outbox with its
//! failed (dead) messages, and replaying them.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tongban_app::{outbox, settings};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiResult, ErrorBody};

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    pub id: i64,
    pub channel: String,
    /// The JSON posted: kind, order_id, order_number, users, message, at.
    pub payload: String,
    /// `pending`, `delivered` or `dead`
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Outbox {
    pub items: Vec<MessageView>,
    pub total: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OutboxQuery {
    /// `pending`, `delivered` or `dead`
    pub status: Option<String>,
    /// 1–500, default 100.
    pub limit: Option<i64>,
}

/// The outbox, newest first (administrators): `status=dead` lists what failed for good.
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "notifications", security(("bearer" = [])), params(OutboxQuery),
    responses((status = 200, body = Outbox), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    authed: Authed,
    ApiQuery(q): ApiQuery<OutboxQuery>,
) -> ApiResult<Json<Outbox>> {
    let (items, total) = outbox::list(
        &state.app,
        &authed.ctx,
        q.status.as_deref(),
        q.limit.unwrap_or(100),
    )
    .await?;
    Ok(Json(Outbox {
        items: items
            .into_iter()
            .map(|m| MessageView {
                id: m.id,
                channel: m.channel,
                payload: m.payload,
                status: m.status,
                attempts: m.attempts,
                next_attempt_at: m.next_attempt_at,
                last_error: m.last_error,
                created_at: m.created_at,
                delivered_at: m.delivered_at,
            })
            .collect(),
        total,
    }))
}

/// Put a dead message back in line (administrators); it is delivered at the next sweep.
#[utoipa::path(post, path = "/api/v1/admin/outbox/{id}/replay", tag = "notifications", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn replay(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<axum::http::StatusCode> {
    outbox::replay(&state.app, &authed.ctx, id).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookSetting {
    /// `http://…`, or null to keep notices in the app only.
    pub url: Option<String>,
}

/// The webhook the outbox delivers to.
#[utoipa::path(get, path = "/api/v1/settings/webhook", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = WebhookSetting)))]
pub async fn webhook(State(state): State<AppState>, _: Authed) -> Json<WebhookSetting> {
    Json(WebhookSetting {
        url: state.app.rules().webhook.clone(),
    })
}

/// Set the webhook (administrators).
#[utoipa::path(put, path = "/api/v1/settings/webhook", tag = "notifications", security(("bearer" = [])),
    request_body = WebhookSetting,
    responses((status = 200, body = WebhookSetting), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_webhook(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<WebhookSetting>,
) -> ApiResult<Json<WebhookSetting>> {
    settings::set_webhook(&state.app, &authed.ctx, body.url).await?;
    Ok(Json(WebhookSetting {
        url: state.app.rules().webhook.clone(),
    }))
}
