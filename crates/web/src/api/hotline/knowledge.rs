//! 知识库 the knowledge base: entries with versions, publishing, search.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tongban_app::hotline::knowledge::{self, Entry, EntryInput, Suggestion, Version};
use tongban_domain::hotline::KbStatus;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::extract::{ApiJson, ApiPath, ApiQuery};
use crate::api::views::Page;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, ErrorBody};

/// 知识条目 an entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    pub id: i64,
    pub category: String,
    pub question: String,
    pub alternatives: Vec<String>,
    pub answer: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub owner: String,
    #[schema(value_type = String)]
    pub status: KbStatus,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    /// Every version, newest first (one entry's page only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub versions: Option<Vec<Version>>,
}

impl EntryView {
    pub fn of(e: Entry) -> EntryView {
        EntryView {
            id: e.id,
            category: e.content.category,
            question: e.content.question,
            alternatives: e.content.alternatives,
            answer: e.content.answer,
            valid_from: e.content.valid_from,
            valid_to: e.content.valid_to,
            owner: e.content.owner,
            status: e.status,
            version: e.version,
            updated_at: e.updated_at,
            updated_by: e.updated_by,
            versions: None,
        }
    }
}

fn status_of(code: &str) -> Result<KbStatus, ApiError> {
    KbStatus::from_code(code.trim()).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_status",
            "状态应为 draft、published 或 retired",
        )
    })
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct EntryQuery {
    /// `draft`, `published` or `retired`; all when absent.
    pub status: Option<String>,
    pub category: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The entries, by category.
#[utoipa::path(get, path = "/api/v1/knowledge", tag = "knowledge", security(("bearer" = [])), params(EntryQuery),
    responses((status = 200, body = Page<EntryView>), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _: Authed,
    ApiQuery(q): ApiQuery<EntryQuery>,
) -> ApiResult<Json<Page<EntryView>>> {
    let status = q
        .status
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(status_of)
        .transpose()?;
    let category = q
        .category
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let (page, per_page) = (q.page.unwrap_or(1), q.per_page.unwrap_or(50));
    let (items, total) = knowledge::list(&state.app, status, category, page, per_page).await?;
    Ok(Json(Page {
        items: items.into_iter().map(EntryView::of).collect(),
        total,
        page,
        per_page,
    }))
}

/// Write a new entry (a draft unless `status` is `published`).
#[utoipa::path(post, path = "/api/v1/knowledge", tag = "knowledge", security(("bearer" = [])), request_body = EntryInput,
    responses((status = 201, body = EntryView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<EntryInput>,
) -> ApiResult<(StatusCode, Json<EntryView>)> {
    let entry = knowledge::create(&state.app, &authed.ctx, body).await?;
    Ok((StatusCode::CREATED, Json(EntryView::of(entry))))
}

/// Entries to import at once.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EntryImport {
    pub entries: Vec<EntryInput>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Imported {
    pub imported: usize,
}

/// Import many entries at once (all or nothing).
#[utoipa::path(post, path = "/api/v1/knowledge/import", tag = "knowledge", security(("bearer" = [])), request_body = EntryImport,
    responses((status = 200, body = Imported), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<EntryImport>,
) -> ApiResult<Json<Imported>> {
    let imported = knowledge::import(&state.app, &authed.ctx, body.entries).await?;
    Ok(Json(Imported { imported }))
}

/// Rebuild the search index now, after any rebuild under way (a bulk import's), and answer when
/// it is done.
#[utoipa::path(post, path = "/api/v1/knowledge/index", tag = "knowledge", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody)))]
pub async fn rebuild_index(State(state): State<AppState>, authed: Authed) -> ApiResult<StatusCode> {
    knowledge::wait_for_index(&state.app, &authed.ctx).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One entry with every version.
#[utoipa::path(get, path = "/api/v1/knowledge/{id}", tag = "knowledge", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = EntryView), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    _: Authed,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EntryView>> {
    let (entry, versions) = knowledge::get(&state.app, id).await?;
    let mut view = EntryView::of(entry);
    view.versions = Some(versions);
    Ok(Json(view))
}

/// Change an entry (a new version); `version` is the one edited.
#[utoipa::path(put, path = "/api/v1/knowledge/{id}", tag = "knowledge", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = EntryInput,
    responses((status = 200, body = EntryView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<EntryInput>,
) -> ApiResult<Json<EntryView>> {
    let entry = knowledge::update(&state.app, &authed.ctx, id, body).await?;
    Ok(Json(EntryView::of(entry)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusChange {
    /// `draft`, `published` or `retired`.
    pub status: String,
}

/// Publish, retire or withdraw an entry to draft (a new version).
#[utoipa::path(post, path = "/api/v1/knowledge/{id}/status", tag = "knowledge", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = StatusChange,
    responses((status = 200, body = EntryView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_status(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<StatusChange>,
) -> ApiResult<Json<EntryView>> {
    let status = status_of(&body.status)?;
    let entry = knowledge::set_status(&state.app, &authed.ctx, id, status).await?;
    Ok(Json(EntryView::of(entry)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SearchQuery {
    /// The words typed.
    pub q: String,
    /// How many, 1–20 (default 5).
    pub k: Option<usize>,
}

/// A search result.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionView {
    pub id: i64,
    pub category: String,
    pub question: String,
    pub answer: String,
    pub confidence: f32,
}

impl From<Suggestion> for SuggestionView {
    fn from(s: Suggestion) -> Self {
        SuggestionView {
            id: s.id,
            category: s.category,
            question: s.question,
            answer: s.answer,
            confidence: s.confidence,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResult {
    pub items: Vec<SuggestionView>,
}

/// Search the published entries in force, best first.
#[utoipa::path(get, path = "/api/v1/knowledge/search", tag = "knowledge", security(("bearer" = [])), params(SearchQuery),
    responses((status = 200, body = SearchResult), (status = 401, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    _: Authed,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchResult>> {
    let hits = knowledge::search(&state.app, &q.q, q.k.unwrap_or(5)).await;
    Ok(Json(SearchResult {
        items: hits.into_iter().map(SuggestionView::from).collect(),
    }))
}
