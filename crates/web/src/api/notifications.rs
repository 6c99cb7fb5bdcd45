//! 站内提醒 the reader's in-app inbox: newest notices (unread first), the unread count,
//! marking read.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tongban_app::notifications;
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiJson, ApiQuery};
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiResult, ErrorBody};

#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    pub id: i64,
    pub order_id: Option<i64>,
    /// e.g. `deadline_warning`, `supervised`, `dispatched`, `calendar_missing`
    pub kind: String,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Inbox {
    pub items: Vec<NoticeView>,
    pub unread: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct InboxQuery {
    /// 1–1000, default 50.
    pub limit: Option<i64>,
}

/// The reader's newest notices, unread first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", security(("bearer" = [])), params(InboxQuery),
    responses((status = 200, body = Inbox), (status = 401, body = ErrorBody)))]
pub async fn inbox(
    State(state): State<AppState>,
    authed: Authed,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> ApiResult<Json<Inbox>> {
    let limit = q.limit.unwrap_or(50).clamp(1, 1000);
    let (list, unread) = notifications::inbox(&state.app, &authed.ctx, limit).await?;
    Ok(Json(Inbox {
        items: list
            .into_iter()
            .map(|n| NoticeView {
                id: n.id,
                order_id: n.order_id.map(|o| o.0),
                kind: n.kind,
                message: n.message,
                created_at: n.created_at,
                read_at: n.read_at,
            })
            .collect(),
        unread,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// One notice; all of the reader's when absent.
    pub id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Marked {
    pub changed: u64,
}

/// Marks one notice, or all, read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", security(("bearer" = [])), request_body = MarkRead,
    responses((status = 200, body = Marked), (status = 401, body = ErrorBody)))]
pub async fn mark_read(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<MarkRead>,
) -> ApiResult<Json<Marked>> {
    let changed = notifications::mark_read(&state.app, &authed.ctx, body.id).await?;
    Ok(Json(Marked { changed }))
}
