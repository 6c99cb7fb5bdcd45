//! 督办单 supervisions: the list (per level, per order), one with its notes, 催办, 反馈,
//! 办结 or 继续督办, and raising an order's level by hand.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tongban_app::supervision;
use tongban_domain::supervision::{
    Conclusion, NoteKind, Supervision, SupervisionNote, SupervisionReason, SupervisionStatus,
};
use tongban_domain::{DomainError, OrderId};
use tongban_store::supervisions::SupervisionFilter;
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::views::Page;
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiResult, ErrorBody};

/// One supervision order (督办单).
#[derive(Debug, Serialize, ToSchema)]
pub struct SupervisionView {
    pub id: i64,
    /// e.g. `DB-20261201-0001`
    pub number: String,
    /// 1, 2 or 3
    pub level: u8,
    pub order_id: i64,
    pub reason: SupervisionReason,
    /// The reason given by hand, or a particular of the automatic reason.
    pub note: Option<String>,
    /// Its own deadline: the supervised side responds by then.
    pub due_at: DateTime<Utc>,
    pub status: SupervisionStatus,
    pub court_id: Option<i64>,
    pub department_id: Option<i64>,
    pub handler_id: Option<i64>,
    /// The people told of it.
    pub notified: Vec<i64>,
    pub parent_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// 催办, 反馈 and conclusions, oldest first (in the detail only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<NoteView>>,
}

impl From<Supervision> for SupervisionView {
    fn from(s: Supervision) -> Self {
        SupervisionView {
            id: s.id,
            number: s.number,
            level: s.level,
            order_id: s.order_id.0,
            reason: s.reason,
            note: s.note,
            due_at: s.due_at,
            status: s.status,
            court_id: s.court_id.map(|c| c.0),
            department_id: s.department_id.map(|d| d.0),
            handler_id: s.handler_id.map(|h| h.0),
            notified: s.notified.iter().map(|u| u.0).collect(),
            parent_id: s.parent_id,
            created_by: s.created_by.map(|u| u.0),
            created_at: s.created_at,
            closed_at: s.closed_at,
            notes: None,
        }
    }
}

/// A note written on a supervision.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteView {
    pub at: DateTime<Utc>,
    pub kind: NoteKind,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub text: String,
}

impl From<SupervisionNote> for NoteView {
    fn from(n: SupervisionNote) -> Self {
        NoteView {
            at: n.at,
            kind: n.kind,
            actor_id: n.actor_id.map(|u| u.0),
            actor_name: n.actor_name,
            text: n.text,
        }
    }
}

/// Filters of the supervision list.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ListQuery {
    pub order_id: Option<i64>,
    /// 1, 2 or 3
    pub level: Option<u8>,
    /// open, responded, closed, escalated
    #[param(value_type = Option<String>)]
    pub status: Option<SupervisionStatus>,
    /// true: only open or responded ones.
    pub active: Option<bool>,
    /// From 1.
    pub page: Option<u32>,
    /// 1–200, default 50.
    pub per_page: Option<u32>,
}

/// The supervisions the reader may see, newest first.
#[utoipa::path(get, path = "/api/v1/supervisions", tag = "supervision", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = Page<SupervisionView>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    authed: Authed,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<SupervisionView>>> {
    if q.level.is_some_and(|l| !(1..=3).contains(&l)) {
        return Err(DomainError::invalid("level", "invalid_level", "督办级别应为1、2或3").into());
    }
    let filter = SupervisionFilter {
        order_id: q.order_id.map(OrderId),
        level: q.level,
        status: q.status,
        active: q.active.unwrap_or(false),
    };
    let (page, per_page) = (
        q.page.unwrap_or(1).max(1),
        q.per_page.unwrap_or(50).clamp(1, 200),
    );
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (items, total) = supervision::list(
        &state.app,
        &authed.ctx,
        &filter,
        offset,
        i64::from(per_page),
    )
    .await?;
    Ok(Json(Page {
        items: items.into_iter().map(SupervisionView::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// One supervision with its notes.
#[utoipa::path(get, path = "/api/v1/supervisions/{id}", tag = "supervision", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = SupervisionView), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<SupervisionView>> {
    let detail = supervision::get(&state.app, &authed.ctx, id).await?;
    let mut view = SupervisionView::from(detail.supervision);
    view.notes = Some(detail.notes.into_iter().map(NoteView::from).collect());
    Ok(Json(view))
}

/// A note's text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    pub text: String,
}

/// 催办: the supervising office urges the supervised side.
#[utoipa::path(post, path = "/api/v1/supervisions/{id}/urge", tag = "supervision", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = NoteBody,
    responses((status = 200, body = SupervisionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn urge(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NoteBody>,
) -> ApiResult<Json<SupervisionView>> {
    let s = supervision::urge(&state.app, &authed.ctx, id, body.text).await?;
    Ok(Json(s.into()))
}

/// 反馈: the supervised handler or department head responds.
#[utoipa::path(post, path = "/api/v1/supervisions/{id}/respond", tag = "supervision", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = NoteBody,
    responses((status = 200, body = SupervisionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn respond(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NoteBody>,
) -> ApiResult<Json<SupervisionView>> {
    let s = supervision::respond(&state.app, &authed.ctx, id, body.text).await?;
    Ok(Json(s.into()))
}

/// The supervisor's conclusion.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConcludeBody {
    /// `close` (办结) or `continue` (继续督办, with a fresh deadline)
    pub outcome: Conclusion,
    pub text: String,
}

/// 办结 or 继续督办.
#[utoipa::path(post, path = "/api/v1/supervisions/{id}/conclude", tag = "supervision", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ConcludeBody,
    responses((status = 200, body = SupervisionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn conclude(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ConcludeBody>,
) -> ApiResult<Json<SupervisionView>> {
    let s = supervision::conclude(&state.app, &authed.ctx, id, body.outcome, body.text).await?;
    Ok(Json(s.into()))
}

/// Raising an order's supervision by hand.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RaiseBody {
    /// Above the order's current level, at most 3.
    pub level: u8,
    pub reason: String,
}

/// 提级督办: the service office, the inspection office or a leader opens a supervision of
/// a higher level on an order, with a reason.
#[utoipa::path(post, path = "/api/v1/orders/{id}/supervisions", tag = "supervision", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = RaiseBody,
    responses((status = 201, body = SupervisionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn raise(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RaiseBody>,
) -> ApiResult<(StatusCode, Json<SupervisionView>)> {
    let s = supervision::raise(
        &state.app,
        &authed.ctx,
        OrderId(id),
        body.level,
        body.reason,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(s.into())))
}
