//! 工作台 the workbench: what waits for me, sorted by deadline, counts by state, my notices.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use tongban_app::{notifications, orders};
use tongban_domain::Actor;
use tongban_domain::codes::Role;
use tongban_domain::order::Status;
use tongban_store::orders::{OrderFilter, Sort};

use super::directory::Directory;
use super::error::PageResult;
use super::layout::Layout;
use super::session::{PageForm, StaffSession};
use super::view::{OrderRow, cst};
use crate::AppState;

pub struct StatusCount {
    pub code: &'static str,
    pub label: &'static str,
    pub count: i64,
}

pub struct NoticeRow {
    pub order_id: Option<i64>,
    pub message: String,
    pub at: String,
    pub unread: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "workbench.html")]
struct WorkbenchPage {
    layout: Layout,
    counts: Vec<StatusCount>,
    rows: Vec<OrderRow>,
    todo_total: i64,
    todo_link: String,
    notices: Vec<NoticeRow>,
}

/// What waits for this actor, as a list filter.
fn todo_filter(actor: &Actor) -> OrderFilter {
    use Status::*;
    let mut statuses = Vec::new();
    let mut filter = OrderFilter {
        sort: Sort::DueFirst,
        ..OrderFilter::default()
    };
    if actor.has(Role::ServiceOffice) {
        statuses.extend([
            Registered,
            Screened,
            Replied,
            Unsatisfied,
            RatingDisputed,
            Rated,
        ]);
    } else if actor.has(Role::Agent) {
        statuses.extend([Registered, Screened, Replied]);
    }
    if actor.has(Role::DepartmentHead) {
        statuses.extend([Dispatched, Accepted, Unsatisfied]);
    }
    if actor.has(Role::Handler) && !actor.has(Role::DepartmentHead) {
        statuses.extend([Dispatched, Accepted, Unsatisfied]);
        filter.handler_id = Some(actor.user_id);
    }
    if statuses.is_empty() {
        // Inspection office, leaders, administrators: what is late.
        filter.overdue = Some(true);
    }
    statuses.sort();
    statuses.dedup();
    filter.statuses = statuses;
    filter
}

fn link(filter: &OrderFilter) -> String {
    let mut query = vec!["sort=due".to_string()];
    if !filter.statuses.is_empty() {
        let codes: Vec<&str> = filter.statuses.iter().map(|s| s.code()).collect();
        query.push(format!("status={}", codes.join(",")));
    }
    if let Some(handler) = filter.handler_id {
        query.push(format!("handler_id={handler}"));
    }
    if filter.overdue == Some(true) {
        query.push("overdue=true".into());
    }
    format!("/orders?{}", query.join("&"))
}

pub async fn page(State(state): State<AppState>, session: StaffSession) -> PageResult {
    let app = &state.app;
    let ctx = &session.ctx;
    let filter = todo_filter(&ctx.actor);
    let todos = orders::list(app, ctx, &filter, 1, 15).await?;
    let names = Directory::load(app).await?;
    let (now, rules) = (app.now(), app.rules());
    let counted = orders::counts(app, ctx).await?;
    let counts = Status::ALL
        .iter()
        .map(|s| StatusCount {
            code: s.code(),
            label: s.label(),
            count: counted.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n),
        })
        .collect();
    let (notices, _) = notifications::inbox(app, ctx, 10).await?;
    let page = WorkbenchPage {
        layout: Layout::new(&state, &session, "工作台", "/").await,
        counts,
        todo_total: todos.total,
        todo_link: link(&filter),
        rows: todos
            .items
            .iter()
            .map(|o| OrderRow::of(o, now, rules.warn_at, &names))
            .collect(),
        notices: notices
            .into_iter()
            .map(|n| NoticeRow {
                order_id: n.order_id.map(|o| o.0),
                message: n.message,
                at: cst(n.created_at),
                unread: n.read_at.is_none(),
            })
            .collect(),
    };
    Ok(page.into_response())
}

#[derive(Deserialize)]
pub struct ReadForm {
    /// One notice, or all when absent.
    id: Option<i64>,
}

pub async fn mark_read(
    State(state): State<AppState>,
    PageForm { session, form }: PageForm<ReadForm>,
) -> PageResult {
    notifications::mark_read(&state.app, &session.ctx, form.id).await?;
    Ok(Redirect::to("/#notifications").into_response())
}
