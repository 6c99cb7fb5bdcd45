//! 知识库 the list of entries (by category and status) or, with words typed, the search.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use serde::Deserialize;
use tongban_app::hotline::knowledge;
use tongban_domain::codes::Role;
use tongban_domain::hotline::KbStatus;

use super::local;
use crate::AppState;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::StaffSession;

pub(super) struct Row {
    pub id: i64,
    pub category: String,
    pub question: String,
    pub answer: String,
    pub status: &'static str,
    pub version: i64,
    pub updated: String,
    pub confidence: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "knowledge/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    total: i64,
    q: String,
    status: String,
    statuses: Vec<(&'static str, &'static str)>,
    may_edit: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    q: String,
    status: String,
    saved: String,
}

pub(super) fn may_edit(session: &StaffSession) -> bool {
    session
        .ctx
        .actor
        .has_any(&[Role::Admin, Role::ServiceOffice])
}

pub async fn page(
    State(state): State<AppState>,
    session: StaffSession,
    Query(f): Query<Filter>,
) -> PageResult {
    let (rows, total) = if f.q.trim().is_empty() {
        let status = KbStatus::from_code(&f.status);
        let (entries, total) = knowledge::list(&state.app, status, None, 1, 200).await?;
        let rows = entries
            .into_iter()
            .map(|e| Row {
                id: e.id,
                category: e.content.category,
                question: e.content.question,
                answer: e.content.answer.chars().take(60).collect(),
                status: e.status.label(),
                version: e.version,
                updated: local(e.updated_at),
                confidence: String::new(),
            })
            .collect();
        (rows, total)
    } else {
        let hits = knowledge::search(&state.app, &f.q, 20).await;
        let total = hits.len() as i64;
        let rows = hits
            .into_iter()
            .map(|h| Row {
                id: h.id,
                category: h.category,
                question: h.question,
                answer: h.answer.chars().take(60).collect(),
                status: KbStatus::Published.label(),
                version: 0,
                updated: String::new(),
                confidence: format!("{:.0}%", h.confidence * 100.0),
            })
            .collect();
        (rows, total)
    };
    let mut layout = Layout::new(&state, &session, "知识库", "/knowledge").await;
    if f.saved == "1" {
        layout = layout.with_notice("已保存");
    }
    Ok(ListPage {
        layout,
        rows,
        total,
        q: f.q,
        status: f.status,
        statuses: KbStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label()))
            .collect(),
        may_edit: may_edit(&session),
    }
    .into_response())
}
