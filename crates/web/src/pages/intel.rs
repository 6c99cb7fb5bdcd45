//! 智能 pages: full-text search, triage suggestions and repeats beside registration and
//! screening (htmx fragments), and the common problems of a period.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use serde::Deserialize;
use tongban_app::intel::repeat_stats::{self, Bucket, RepeatCount};
use tongban_app::intel::repeats::Similar;
use tongban_app::intel::triage::{self, Route, Suggestion, Triage, TriageInput};
use tongban_app::intel::{search, topics};
use tongban_domain::{CourtId, DepartmentId, OrderId};

use crate::AppState;
use crate::api::intel::period;
use crate::pages::directory::Directory;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::StaffSession;
use crate::pages::view::{OrderRow, cst};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchForm {
    q: String,
    page: u32,
}

/// One found order as shown.
struct HitRow {
    row: OrderRow,
    /// Escaped HTML with `<mark>`s.
    highlighted: String,
    field: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "intel/search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    hits: Vec<HitRow>,
    total: i64,
    capped: bool,
    page: u32,
    next: Option<String>,
    prev: Option<String>,
}

/// 检索 search over the orders the reader may see.
pub async fn search_page(
    State(state): State<AppState>,
    session: StaffSession,
    Query(form): Query<SearchForm>,
) -> PageResult {
    let app = &state.app;
    let mut layout = Layout::new(&state, &session, "全文检索", "/search").await;
    let page = form.page.max(1);
    let (mut hits, mut total, mut capped) = (Vec::new(), 0, false);
    if !form.q.trim().is_empty() {
        match search::search(app, &session.ctx, &form.q, page, 20).await {
            Ok(found) => {
                let names = Directory::load(app).await?;
                let (now, rules) = (app.now(), app.rules());
                total = found.total;
                capped = found.capped;
                hits = found
                    .items
                    .into_iter()
                    .map(|h| HitRow {
                        row: OrderRow::of(&h.order, now, rules.warn_at, &names),
                        highlighted: h.snippet.to_html(),
                        field: match h.field {
                            "reply" => "答复",
                            "note" => "备注",
                            _ => "内容",
                        },
                    })
                    .collect();
            }
            Err(error) => {
                layout =
                    layout.with_error(crate::error::ApiError::from(error).message().to_string())
            }
        }
    }
    let link = |p: u32| {
        format!(
            "/search?{}",
            serde_urlencoded::to_string([("q", form.q.as_str()), ("page", &p.to_string())])
                .unwrap_or_default()
        )
    };
    let shown = i64::from(page) * 20;
    Ok(SearchPage {
        layout,
        next: (shown < total).then(|| link(page + 1)),
        prev: (page > 1).then(|| link(page - 1)),
        q: form.q,
        hits,
        total,
        capped,
        page,
    }
    .into_response())
}

/// A suggestion as shown.
struct SuggestionRow {
    field: &'static str,
    /// The form field it fills and the value.
    name: &'static str,
    value: String,
    label: String,
    percent: u32,
    words: String,
}

struct SimilarRow {
    id: i64,
    number: String,
    percent: u32,
    explanation: String,
    registered: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "intel/triage.html")]
struct TriageFragment {
    model_version: Option<i64>,
    suggestions: Vec<SuggestionRow>,
    similar: Vec<SimilarRow>,
    empty: bool,
}

impl TriageFragment {
    fn of(t: Triage, names: &Directory) -> TriageFragment {
        let mut suggestions = Vec::new();
        let s = &t.suggestions;
        let mut push = |field, name, sug: &Option<Suggestion>| {
            if let Some(sug) = sug {
                suggestions.push(SuggestionRow {
                    field,
                    name,
                    value: sug.value.clone(),
                    label: sug.label.clone(),
                    percent: (sug.confidence * 100.0).round() as u32,
                    words: sug.words.join("、"),
                });
            }
        };
        push("类型", "type", &s.appeal_type);
        push("业务领域", "area", &s.area);
        push("繁简", "complexity", &s.complexity);
        push("紧急程度", "urgency", &s.urgency);
        if let Some(Route {
            court_id,
            department_id,
            confidence,
            words,
            ..
        }) = &s.route
        {
            suggestions.push(SuggestionRow {
                field: "承办部门",
                name: "department_id",
                value: department_id.to_string(),
                label: format!(
                    "{} · {}",
                    names.court(Some(CourtId(*court_id))),
                    names.department(Some(DepartmentId(*department_id)))
                ),
                percent: (confidence * 100.0).round() as u32,
                words: words.join("、"),
            });
        }
        let similar = t
            .similar
            .into_iter()
            .map(
                |Similar {
                     order_id,
                     number,
                     score,
                     explanation,
                     registered_at,
                     ..
                 }| SimilarRow {
                    id: order_id,
                    number,
                    percent: (score * 100.0).round() as u32,
                    explanation,
                    registered: cst(registered_at),
                },
            )
            .collect();
        TriageFragment {
            model_version: t.model_version,
            empty: false,
            suggestions,
            similar,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TriageForm {
    content: String,
    phone: String,
    id_number: String,
    case_number: String,
}

fn some(v: String) -> Option<String> {
    Some(v).filter(|v| !v.trim().is_empty())
}

/// 智能建议 beside the registration form, as the text is typed.
pub async fn new_order_triage(
    State(state): State<AppState>,
    session: StaffSession,
    Query(form): Query<TriageForm>,
) -> PageResult {
    if form.content.trim().is_empty() && form.phone.trim().is_empty() {
        return Ok(TriageFragment {
            model_version: None,
            suggestions: Vec::new(),
            similar: Vec::new(),
            empty: true,
        }
        .into_response());
    }
    let input = TriageInput {
        content: if form.content.trim().is_empty() {
            "—".into()
        } else {
            form.content
        },
        phone: some(form.phone),
        id_number: some(form.id_number),
        case_number: some(form.case_number),
    };
    let t = triage::triage(&state.app, &session.ctx, input).await?;
    let names = Directory::load(&state.app).await?;
    Ok(TriageFragment::of(t, &names).into_response())
}

/// 智能建议 beside the screening form of a registered order.
pub async fn order_triage(
    State(state): State<AppState>,
    session: StaffSession,
    Path(id): Path<i64>,
) -> PageResult {
    let t = triage::of_order(&state.app, &session.ctx, OrderId(id)).await?;
    let names = Directory::load(&state.app).await?;
    Ok(TriageFragment::of(t, &names).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PeriodForm {
    from: String,
    to: String,
}

struct TopicRow {
    keywords: String,
    count: usize,
    expected: String,
    rising: bool,
    examples: Vec<i64>,
    courts: String,
    departments: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "intel/topics.html")]
struct TopicsPage {
    layout: Layout,
    from: String,
    to: String,
    topics: Vec<TopicRow>,
    /// 重复件统计 per day of the period, and the period's.
    repeats: Vec<RepeatCount>,
    repeat_total: Option<RepeatCount>,
}

/// 共性问题 the topics of a period (the last seven days by default).
pub async fn topics_page(
    State(state): State<AppState>,
    session: StaffSession,
    Query(form): Query<PeriodForm>,
) -> PageResult {
    let app = &state.app;
    let mut layout = Layout::new(&state, &session, "共性问题", "/topics").await;
    let mut rows = Vec::new();
    let (mut repeats, mut repeat_total) = (Vec::new(), None);
    let (mut from_day, mut to_day) = (form.from.clone(), form.to.clone());
    match period(&state, Some(&form.from), Some(&form.to)) {
        Ok((from, to)) => {
            let china = tongban_domain::time::china();
            from_day = from.with_timezone(&china).format("%Y-%m-%d").to_string();
            to_day = (to - chrono::Duration::milliseconds(1))
                .with_timezone(&china)
                .format("%Y-%m-%d")
                .to_string();
            // The same period rules as the topics: a refusal is shown by them below.
            if let Ok((items, total)) =
                repeat_stats::repeat_stats(app, &session.ctx, from, to, Bucket::Day).await
            {
                (repeats, repeat_total) = (items, Some(total));
            }
            match topics::topics(app, &session.ctx, from, to).await {
                Ok(found) => {
                    let names = Directory::load(app).await?;
                    rows = found
                        .into_iter()
                        .map(|t| TopicRow {
                            keywords: t.keywords.join(" · "),
                            count: t.count,
                            expected: format!("{:.1}", t.expected),
                            rising: t.rising,
                            examples: t.examples,
                            courts: t
                                .courts
                                .iter()
                                .map(|c| {
                                    format!("{} {}", names.court(Some(CourtId(c.id))), c.count)
                                })
                                .collect::<Vec<_>>()
                                .join("，"),
                            departments: t
                                .departments
                                .iter()
                                .take(4)
                                .map(|d| {
                                    format!(
                                        "{} {}",
                                        names.department(Some(DepartmentId(d.id))),
                                        d.count
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join("，"),
                        })
                        .collect();
                }
                Err(error) => {
                    layout =
                        layout.with_error(crate::error::ApiError::from(error).message().to_string())
                }
            }
        }
        Err(error) => layout = layout.with_error(error.message.to_string()),
    }
    Ok(TopicsPage {
        layout,
        from: from_day,
        to: to_day,
        topics: rows,
        repeats,
        repeat_total,
    }
    .into_response())
}
