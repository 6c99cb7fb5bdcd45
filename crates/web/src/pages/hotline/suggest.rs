//! 知识推荐 while an agent types the appeal, the published entries that may answer it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use serde::Deserialize;
use tongban_app::hotline::knowledge::{self, Suggestion};

use crate::AppState;
use crate::pages::error::PageResult;
use crate::pages::session::StaffSession;

#[derive(Template, WebTemplate)]
#[template(path = "hotline/suggestions.html")]
struct Suggestions {
    items: Vec<Suggestion>,
    typed: bool,
}

impl Suggestions {
    fn percent(&self, s: &Suggestion) -> String {
        format!("{:.0}%", s.confidence * 100.0)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Typed {
    content: String,
}

pub async fn suggestions(
    State(state): State<AppState>,
    _: StaffSession,
    Query(q): Query<Typed>,
) -> PageResult {
    let items = knowledge::search(&state.app, &q.content, 3).await;
    Ok(Suggestions {
        items,
        typed: q.content.trim().chars().count() >= 2,
    }
    .into_response())
}
