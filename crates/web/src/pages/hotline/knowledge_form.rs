//! 知识条目 writing and changing an entry: the form, its versions, publishing and retiring.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use tongban_app::hotline::knowledge::{self, Entry, EntryInput};
use tongban_domain::hotline::KbStatus;

use super::knowledge::may_edit;
use super::local;
use crate::AppState;
use crate::error::ApiError;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::{PageForm, StaffSession};

/// The form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Typed {
    category: String,
    question: String,
    /// One phrasing per line.
    alternatives: String,
    answer: String,
    valid_from: String,
    valid_to: String,
    owner: String,
    status: String,
    version: i64,
}

impl Typed {
    fn of(e: &Entry) -> Typed {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        Typed {
            category: e.content.category.clone(),
            question: e.content.question.clone(),
            alternatives: e.content.alternatives.join("\n"),
            answer: e.content.answer.clone(),
            valid_from: day(e.content.valid_from),
            valid_to: day(e.content.valid_to),
            owner: e.content.owner.clone(),
            status: e.status.code().to_string(),
            version: e.version,
        }
    }

    fn input(&self) -> Result<EntryInput, ApiError> {
        let day = |field: &'static str, text: &str| -> Result<Option<NaiveDate>, ApiError> {
            match text.trim() {
                "" => Ok(None),
                t => NaiveDate::parse_from_str(t, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| {
                        tongban_domain::DomainError::invalid(
                            field,
                            "invalid_date",
                            "日期应为 YYYY-MM-DD",
                        )
                        .into()
                    }),
            }
        };
        Ok(EntryInput {
            category: self.category.clone(),
            question: self.question.clone(),
            alternatives: self.alternatives.lines().map(str::to_string).collect(),
            answer: self.answer.clone(),
            valid_from: day("valid_from", &self.valid_from)?,
            valid_to: day("valid_to", &self.valid_to)?,
            owner: Some(self.owner.clone()).filter(|o| !o.trim().is_empty()),
            status: KbStatus::from_code(&self.status),
            version: Some(self.version),
        })
    }
}

struct VersionRow {
    version: i64,
    at: String,
    by: String,
    status: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "knowledge/edit.html")]
struct EditPage {
    layout: Layout,
    /// 0 for a new entry.
    id: i64,
    v: Typed,
    status_label: &'static str,
    versions: Vec<VersionRow>,
    may_edit: bool,
    bad: String,
}

async fn render(
    state: &AppState,
    session: &StaffSession,
    id: i64,
    v: Typed,
    error: Option<&ApiError>,
) -> PageResult<Response> {
    let (status_label, versions) = if id == 0 {
        (KbStatus::Draft.label(), Vec::new())
    } else {
        let (entry, versions) = knowledge::get(&state.app, id).await?;
        let rows = versions
            .into_iter()
            .map(|v| VersionRow {
                version: v.version,
                at: local(v.at),
                by: v.by,
                status: v.content["status"]
                    .as_str()
                    .and_then(KbStatus::from_code)
                    .map_or("", KbStatus::label)
                    .to_string(),
            })
            .collect();
        (entry.status.label(), rows)
    };
    let title = if id == 0 {
        "新建知识条目"
    } else {
        "知识条目"
    };
    let mut layout = Layout::new(state, session, title, "/knowledge").await;
    if let Some(e) = error {
        layout = layout.with_error(e.message().to_string());
    }
    let page = EditPage {
        layout,
        id,
        v,
        status_label,
        versions,
        may_edit: may_edit(session),
        bad: error.and_then(ApiError::field).unwrap_or("").to_string(),
    };
    let status = error.map_or(axum::http::StatusCode::OK, ApiError::status);
    Ok((status, page).into_response())
}

pub async fn new(State(state): State<AppState>, session: StaffSession) -> PageResult {
    let v = Typed {
        owner: session.ctx.actor.username.clone(),
        status: KbStatus::Draft.code().into(),
        ..Typed::default()
    };
    render(&state, &session, 0, v, None).await
}

pub async fn create(
    State(state): State<AppState>,
    PageForm { session, form }: PageForm<Typed>,
) -> PageResult {
    let created = match form.input() {
        Ok(input) => knowledge::create(&state.app, &session.ctx, input)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match created {
        Ok(entry) => Ok(Redirect::to(&format!("/knowledge/{}?saved=1", entry.id)).into_response()),
        Err(e) => render(&state, &session, 0, form, Some(&e)).await,
    }
}

pub async fn edit(
    State(state): State<AppState>,
    session: StaffSession,
    Path(id): Path<i64>,
) -> PageResult {
    let (entry, _) = knowledge::get(&state.app, id).await?;
    render(&state, &session, id, Typed::of(&entry), None).await
}

pub async fn save(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm { session, form }: PageForm<Typed>,
) -> PageResult {
    let saved = match form.input() {
        Ok(input) => knowledge::update(&state.app, &session.ctx, id, input)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => Ok(Redirect::to("/knowledge?saved=1").into_response()),
        Err(e) => render(&state, &session, id, form, Some(&e)).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm { session, form }: PageForm<StatusForm>,
) -> PageResult {
    let status = KbStatus::from_code(&form.status).ok_or_else(|| {
        ApiError::from(tongban_domain::DomainError::invalid(
            "status",
            "invalid_status",
            "状态无效",
        ))
    })?;
    knowledge::set_status(&state.app, &session.ctx, id, status).await?;
    Ok(Redirect::to(&format!("/knowledge/{id}?saved=1")).into_response())
}
