//! 督办看板 the supervision board: one tab per level, the active supervisions first with
//! their own deadlines; a supervision's page with its notes and the forms to urge (催办),
//! respond (反馈) and conclude (办结 / 继续督办); raising an order's level by hand.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use serde::Deserialize;
use tongban_app::supervision::{self, SupervisionDetail};
use tongban_domain::codes::Role;
use tongban_domain::supervision::{Conclusion, Supervision, level_label};
use tongban_domain::{DomainError, OrderId};
use tongban_store::supervisions::SupervisionFilter;

use super::directory::Directory;
use super::error::PageResult;
use super::layout::Layout;
use super::session::{PageForm, StaffSession};
use super::view::cst;
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/supervisions", get(board))
        .route("/supervisions/{id}", get(detail))
        .route("/supervisions/{id}/act/{action}", post(act))
        .route("/orders/{id}/supervise", post(raise))
}

/// One supervision as a row.
pub struct Row {
    pub id: i64,
    pub number: String,
    pub level: u8,
    pub order_id: i64,
    pub order_number: String,
    pub reason: &'static str,
    pub note: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub due: String,
    pub overdue: bool,
    pub supervised: String,
    pub created: String,
}

impl Row {
    fn of(
        s: &Supervision,
        order_number: String,
        names: &Directory,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Row {
        Row {
            id: s.id,
            number: s.number.clone(),
            level: s.level,
            order_id: s.order_id.0,
            order_number,
            reason: s.reason.label(),
            note: s.note.clone().unwrap_or_default(),
            status: s.status.label(),
            status_code: s.status.code(),
            due: cst(s.due_at),
            overdue: s.status.is_active() && now >= s.due_at,
            supervised: format!(
                "{} {}",
                names.department(s.department_id),
                names.person(s.handler_id)
            ),
            created: cst(s.created_at),
        }
    }
}

pub struct Tab {
    pub level: u8,
    pub label: &'static str,
    pub count: i64,
    pub current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "supervisions/board.html")]
struct Board {
    layout: Layout,
    tabs: Vec<Tab>,
    rows: Vec<Row>,
    total: i64,
    show_all: bool,
    level: u8,
    order_id: Option<i64>,
    may_raise: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct BoardQuery {
    pub level: Option<u8>,
    pub order_id: Option<i64>,
    /// Also the closed and escalated ones.
    pub all: Option<bool>,
}

fn may_raise(session: &StaffSession) -> bool {
    session
        .ctx
        .actor
        .has_any(&[Role::ServiceOffice, Role::Inspector, Role::Leader])
}

pub async fn board(
    State(state): State<AppState>,
    session: StaffSession,
    Query(q): Query<BoardQuery>,
) -> PageResult {
    let app = &state.app;
    let level = q.level.filter(|l| (1..=3).contains(l)).unwrap_or(1);
    let show_all = q.all.unwrap_or(false) || q.order_id.is_some();
    let mut tabs = Vec::new();
    for l in 1..=3u8 {
        let filter = SupervisionFilter {
            level: Some(l),
            active: true,
            ..SupervisionFilter::default()
        };
        let (_, count) = supervision::list(app, &session.ctx, &filter, 0, 1).await?;
        tabs.push(Tab {
            level: l,
            label: level_label(l),
            count,
            current: l == level && q.order_id.is_none(),
        });
    }
    let filter = SupervisionFilter {
        order_id: q.order_id.map(OrderId),
        level: q.order_id.is_none().then_some(level),
        active: !show_all,
        ..SupervisionFilter::default()
    };
    let (items, total) = supervision::list(app, &session.ctx, &filter, 0, 200).await?;
    let numbers = supervision::order_numbers(app, &items).await?;
    let names = Directory::load(app).await?;
    let now = app.now();
    let rows = items
        .iter()
        .map(|s| {
            let number = numbers.get(&s.order_id).cloned().unwrap_or_default();
            Row::of(s, number, &names, now)
        })
        .collect();
    let page = Board {
        layout: Layout::new(&state, &session, "督办看板", "/supervisions").await,
        tabs,
        rows,
        total,
        show_all,
        level,
        order_id: q.order_id,
        may_raise: may_raise(&session),
    };
    Ok(page.into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "supervisions/detail.html")]
struct DetailPage {
    layout: Layout,
    s: Row,
    notified: String,
    notes: Vec<(String, &'static str, String, String)>,
    active: bool,
}

async fn detail_page(state: &AppState, session: &StaffSession, id: i64) -> PageResult<DetailPage> {
    let app = &state.app;
    let SupervisionDetail {
        supervision: s,
        notes,
    } = supervision::get(app, &session.ctx, id).await?;
    let numbers = supervision::order_numbers(app, std::slice::from_ref(&s)).await?;
    let names = Directory::load(app).await?;
    let row = Row::of(
        &s,
        numbers.get(&s.order_id).cloned().unwrap_or_default(),
        &names,
        app.now(),
    );
    Ok(DetailPage {
        layout: Layout::new(
            state,
            session,
            &format!("督办单 {}", s.number),
            "/supervisions",
        )
        .await,
        notified: s
            .notified
            .iter()
            .map(|u| names.person(Some(*u)))
            .collect::<Vec<_>>()
            .join("、"),
        notes: notes
            .into_iter()
            .map(|n| (cst(n.at), n.kind.label(), n.actor_name, n.text))
            .collect(),
        active: s.status.is_active(),
        s: row,
    })
}

pub async fn detail(
    State(state): State<AppState>,
    session: StaffSession,
    Path(id): Path<i64>,
) -> PageResult {
    Ok(detail_page(&state, &session, id).await?.into_response())
}

#[derive(Debug, Deserialize)]
pub struct ActForm {
    #[serde(default)]
    pub text: String,
    pub outcome: Option<String>,
}

pub async fn act(
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    PageForm { session, form }: PageForm<ActForm>,
) -> PageResult {
    let (app, ctx) = (&state.app, &session.ctx);
    let outcome = match action.as_str() {
        "urge" => supervision::urge(app, ctx, id, form.text).await,
        "respond" => supervision::respond(app, ctx, id, form.text).await,
        "conclude" => {
            let conclusion = form
                .outcome
                .as_deref()
                .and_then(Conclusion::from_code)
                .ok_or_else(|| {
                    DomainError::invalid("outcome", "invalid_outcome", "请选择办结或继续督办")
                });
            match conclusion {
                Ok(c) => supervision::conclude(app, ctx, id, c, form.text).await,
                Err(e) => Err(e.into()),
            }
        }
        _ => Err(DomainError::not_found("unknown_action", "没有这项操作").into()),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/supervisions/{id}")).into_response()),
        Err(error) => {
            let error = ApiError::from(error);
            let mut page = detail_page(&state, &session, id).await?;
            page.layout = page
                .layout
                .with_error(format!("操作未完成：{}", error.message()));
            Ok((error.status(), page).into_response())
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct RaiseForm {
    pub level: String,
    #[serde(default)]
    pub reason: String,
}

pub async fn raise(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm { session, form }: PageForm<RaiseForm>,
) -> PageResult {
    let level = form.level.trim().parse::<u8>().unwrap_or(0);
    match supervision::raise(&state.app, &session.ctx, OrderId(id), level, form.reason).await {
        Ok(s) => Ok(Redirect::to(&format!("/supervisions/{}", s.id)).into_response()),
        Err(error) => Err(ApiError::from(error).into()),
    }
}
