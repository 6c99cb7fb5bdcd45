//! 热线日报 the daily hotline figures of a range (the last seven days by default).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use tongban_app::hotline::stats::{self, HotlineDay};
use tongban_domain::time::local_date;

use crate::AppState;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::StaffSession;

#[derive(Template, WebTemplate)]
#[template(path = "hotline/stats.html")]
struct StatsPage {
    layout: Layout,
    from: String,
    to: String,
    days: Vec<HotlineDay>,
    total: HotlineDay,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Range {
    from: String,
    to: String,
}

fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

pub async fn page(
    State(state): State<AppState>,
    session: StaffSession,
    Query(q): Query<Range>,
) -> PageResult {
    let today = local_date(state.app.now());
    let day = |text: &str, default: NaiveDate| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(default)
    };
    let to = day(&q.to, today);
    let from = day(&q.from, to - Duration::days(6));
    let figures = stats::daily(&state.app, &session.ctx, from, to, None).await?;
    let layout = Layout::new(&state, &session, "热线统计", "/hotline/stats").await;
    Ok(StatsPage {
        layout,
        from: from.to_string(),
        to: to.to_string(),
        days: figures.days,
        total: figures.total,
    }
    .into_response())
}

impl StatsPage {
    fn rate(&self, d: &HotlineDay) -> String {
        percent(d.answer_rate)
    }

    fn share(&self, part: &i64, d: &HotlineDay) -> String {
        if d.answered == 0 {
            "—".into()
        } else {
            percent(*part as f64 / d.answered as f64)
        }
    }
}
