//! 智能 search, triage, repeats and common problems.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use tongban_app::intel::repeats::Similar;
use tongban_app::intel::schedule::{self, RetrainSchedule, Run};
use tongban_app::intel::search;
use tongban_app::intel::topics::{self, Topic};
use tongban_app::intel::triage::{self, ModelInfo, Trained, Triage, TriageInput};
use tongban_domain::OrderId;
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::views::OrderView;
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiResult, ErrorBody};

#[derive(Debug, Deserialize, IntoParams)]
pub struct SearchQuery {
    /// The words to look for (Chinese is segmented; every word must occur).
    pub q: String,
    /// From 1.
    pub page: Option<u32>,
    /// 1–200, default 20.
    pub per_page: Option<u32>,
}

/// One found order.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchItem {
    pub order_id: i64,
    pub score: f32,
    /// `content`, `reply` or `note`: where the words were found.
    pub field: String,
    /// A piece of the text around the words.
    pub snippet: String,
    /// The matches in `snippet`, as `[start, end)` character offsets.
    pub highlights: Vec<[usize; 2]>,
    /// `snippet` as HTML with the matches in `<mark>`.
    pub highlighted: String,
    pub order: OrderView,
}

/// Search results, best first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    pub items: Vec<SearchItem>,
    /// How many orders match (counted up to the ranking bound).
    pub total: i64,
    /// True when more orders match than were ranked (only the newest are).
    pub capped: bool,
    /// The words searched for.
    pub terms: Vec<String>,
}

/// Full-text search over the orders the reader may see (content, replies, notes).
#[utoipa::path(get, path = "/api/v1/search", tag = "intel", security(("bearer" = [])), params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    authed: Authed,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    let found = search::search(
        &state.app,
        &authed.ctx,
        &q.q,
        q.page.unwrap_or(1),
        q.per_page.unwrap_or(20),
    )
    .await?;
    let (now, rules) = (state.app.now(), state.app.rules());
    Ok(Json(SearchResults {
        items: found
            .items
            .into_iter()
            .map(|hit| SearchItem {
                order_id: hit.order.id.0,
                score: hit.score,
                field: hit.field.to_string(),
                highlighted: hit.snippet.to_html(),
                highlights: hit.snippet.marks.iter().map(|&(a, b)| [a, b]).collect(),
                snippet: hit.snippet.text,
                order: OrderView::of(hit.order, now, &rules),
            })
            .collect(),
        total: found.total,
        capped: found.capped,
        terms: found.terms,
    }))
}

/// Suggestions (type, area, complexity, urgency, route) for a text, with confidences and the
/// words that drove them, and similar earlier orders. A field below the confidence threshold
/// is null: the person decides.
#[utoipa::path(post, path = "/api/v1/triage", tag = "intel", security(("bearer" = [])), request_body = TriageInput,
    responses((status = 200, body = Triage), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn triage(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<TriageInput>,
) -> ApiResult<Json<Triage>> {
    Ok(Json(triage::triage(&state.app, &authed.ctx, body).await?))
}

/// Suggestions and similar orders for a registered order (for screening).
#[utoipa::path(get, path = "/api/v1/orders/{id}/triage", tag = "intel", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Triage), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn order_triage(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Triage>> {
    Ok(Json(
        triage::of_order(&state.app, &authed.ctx, OrderId(id)).await?,
    ))
}

/// Earlier orders that may be the same matter.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarList {
    pub items: Vec<Similar>,
}

/// Repeats of an order: same phone or ID number, same case number, near-identical content,
/// within 90 days, across channels, with reason and score.
#[utoipa::path(get, path = "/api/v1/orders/{id}/similar", tag = "intel", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = SimilarList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn similar(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<SimilarList>> {
    let triage = triage::of_order(&state.app, &authed.ctx, OrderId(id)).await?;
    Ok(Json(SimilarList {
        items: triage.similar,
    }))
}

/// Model versions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelList {
    pub items: Vec<ModelInfo>,
}

/// Every triage model version with its held-out figures and how many suggestions were
/// accepted or overridden at screening.
#[utoipa::path(get, path = "/api/v1/triage/models", tag = "intel", security(("bearer" = [])),
    responses((status = 200, body = ModelList), (status = 401, body = ErrorBody)))]
pub async fn models(State(state): State<AppState>, authed: Authed) -> ApiResult<Json<ModelList>> {
    Ok(Json(ModelList {
        items: triage::models(&state.app, &authed.ctx).await?,
    }))
}

/// Train a new model version from the screened orders and make it active (service office,
/// administrators).
#[utoipa::path(post, path = "/api/v1/triage/models", tag = "intel", security(("bearer" = [])),
    responses((status = 201, body = Trained), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn train(
    State(state): State<AppState>,
    authed: Authed,
) -> ApiResult<(StatusCode, Json<Trained>)> {
    let trained = triage::train(&state.app, &authed.ctx).await?;
    Ok((StatusCode::CREATED, Json(trained)))
}

/// The retrain schedule and its newest runs.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleView {
    pub schedule: RetrainSchedule,
    /// The newest ten scheduled retrains, newest first.
    pub runs: Vec<Run>,
}

/// 定期重新训练 when the triage model is retrained by itself, and how the last retrains went.
#[utoipa::path(get, path = "/api/v1/triage/schedule", tag = "intel", security(("bearer" = [])),
    responses((status = 200, body = ScheduleView), (status = 401, body = ErrorBody)))]
pub async fn retrain_schedule(
    State(state): State<AppState>,
    _authed: Authed,
) -> ApiResult<Json<ScheduleView>> {
    Ok(Json(ScheduleView {
        schedule: schedule::retrain_schedule(&state.app).await?,
        runs: schedule::retrain_runs(&state.app, 10).await?,
    }))
}

/// Set the retrain schedule (administrators): weekday 1–7 (Monday–Sunday) and hour, China time.
#[utoipa::path(put, path = "/api/v1/triage/schedule", tag = "intel", security(("bearer" = [])),
    request_body = RetrainSchedule,
    responses((status = 200, body = ScheduleView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_retrain_schedule(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<RetrainSchedule>,
) -> ApiResult<Json<ScheduleView>> {
    schedule::set_retrain_schedule(&state.app, &authed.ctx, body).await?;
    retrain_schedule(State(state), authed).await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TopicsQuery {
    /// Start of the period (`YYYY-MM-DD`, China time, or RFC 3339); default: 7 days before `to`.
    pub from: Option<String>,
    /// End of the period, inclusive day or exclusive instant; default: now.
    pub to: Option<String>,
}

/// Topics of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicList {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub items: Vec<Topic>,
}

/// 共性问题 common problems: the period's orders grouped into topics, the abnormally growing
/// ones flagged against the four weeks before.
#[utoipa::path(get, path = "/api/v1/topics", tag = "intel", security(("bearer" = [])), params(TopicsQuery),
    responses((status = 200, body = TopicList), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn topics(
    State(state): State<AppState>,
    authed: Authed,
    ApiQuery(q): ApiQuery<TopicsQuery>,
) -> ApiResult<Json<TopicList>> {
    let (from, to) = period(&state, q.from.as_deref(), q.to.as_deref())?;
    let items = topics::topics(&state.app, &authed.ctx, from, to).await?;
    Ok(Json(TopicList { from, to, items }))
}

/// The period asked for; the week up to now by default.
pub(crate) fn period(
    state: &AppState,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), tongban_domain::DomainError> {
    let to = match to.filter(|v| !v.is_empty()) {
        Some(v) => super::orders::bound("to", v, true)?,
        None => state.app.now(),
    };
    let from = match from.filter(|v| !v.is_empty()) {
        Some(v) => super::orders::bound("from", v, false)?,
        None => to - Duration::days(7),
    };
    Ok((from, to))
}
