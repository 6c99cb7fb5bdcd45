//! 审计日志 the audit trail of one order or other thing.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tongban_domain::audit::AuditRecord;
use utoipa::{IntoParams, ToSchema};

use super::extract::ApiQuery;
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiResult, ErrorBody};

#[derive(Debug, Deserialize, IntoParams)]
pub struct TrailQuery {
    /// e.g. `order`, `user`
    pub entity: String,
    pub entity_id: i64,
}

/// One audit record.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: i64,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    /// JSON text with the particulars.
    pub detail: String,
    pub hash: String,
}

impl From<AuditRecord> for AuditView {
    fn from(r: AuditRecord) -> Self {
        AuditView {
            seq: r.seq,
            at: r.fact.at,
            actor_id: r.fact.actor_id,
            actor: r.fact.actor,
            action: r.fact.action,
            entity: r.fact.entity,
            entity_id: r.fact.entity_id,
            detail: r.fact.detail,
            hash: r.hash,
        }
    }
}

/// Everything recorded about one thing, oldest first (administrators, inspection office).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])), params(TrailQuery),
    responses((status = 200, body = Vec<AuditView>), (status = 403, body = ErrorBody)))]
pub async fn trail(
    State(state): State<AppState>,
    authed: Authed,
    ApiQuery(q): ApiQuery<TrailQuery>,
) -> ApiResult<Json<Vec<AuditView>>> {
    let records =
        tongban_app::audit::trail(&state.app, &authed.ctx, &q.entity, q.entity_id).await?;
    Ok(Json(records.into_iter().map(AuditView::from).collect()))
}
