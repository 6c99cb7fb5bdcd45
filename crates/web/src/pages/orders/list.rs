//! 工单列表 the list: filters, sorting, paging, saved views.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use tongban_app::{orders, saved_views};
use tongban_store::saved_views::SavedView;

use super::options::Options;
use crate::AppState;
use crate::api::orders::ListQuery;
use crate::error::ApiError;
use crate::pages::directory::Directory;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::{PageForm, StaffSession};
use crate::pages::view::OrderRow;

const PER_PAGE: u32 = 30;

/// The filters as typed, to fill the form again.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Typed {
    status: String,
    court_id: String,
    department_id: String,
    handler_id: String,
    channel: String,
    #[serde(rename = "type")]
    appeal_type: String,
    urgency: String,
    overdue: String,
    from: String,
    to: String,
    phone: String,
    /// 全文检索 words in the content, reply or notes.
    q: String,
    sort: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "orders/list.html")]
struct ListPage {
    layout: Layout,
    f: Typed,
    o: Options,
    rows: Vec<OrderRow>,
    total: i64,
    page: u32,
    pages: u32,
    query: String,
    prev: Option<String>,
    next: Option<String>,
    views: Vec<SavedView>,
}

/// The query without empty fields (an empty `court_id=` means "any"), and without `page`.
fn filters_only(raw: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, v)| !v.trim().is_empty() && k != "page")
        .collect()
}

fn encode(pairs: &[(String, String)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

pub async fn page(
    State(state): State<AppState>,
    session: StaffSession,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let raw = raw.unwrap_or_default();
    let pairs = filters_only(&raw);
    let query = encode(&pairs);
    let typed: Typed = serde_urlencoded::from_str(&query).unwrap_or_default();
    let page: u32 = serde_urlencoded::from_str::<Vec<(String, String)>>(&raw)
        .unwrap_or_default()
        .iter()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse().ok())
        .filter(|p| *p > 0)
        .unwrap_or(1);
    let app = &state.app;
    let names = Directory::load(app).await?;
    let mut layout = Layout::new(&state, &session, "工单列表", "/orders").await;
    let parsed: Result<ListQuery, _> = serde_urlencoded::from_str(&query);
    let filter = parsed
        .map_err(|e| {
            ApiError::from(tongban_domain::DomainError::invalid(
                "query",
                "invalid_query",
                format!("查询条件无效：{e}"),
            ))
        })
        .and_then(|q| q.filter().map_err(ApiError::from));
    let (rows, total) = match filter {
        Ok(filter) => {
            let found = orders::list(app, &session.ctx, &filter, page, PER_PAGE).await?;
            let (now, rules) = (app.now(), app.rules());
            let rows = found
                .items
                .iter()
                .map(|o| OrderRow::of(o, now, rules.warn_at, &names))
                .collect();
            (rows, found.total)
        }
        Err(error) => {
            layout = layout.with_error(error.message().to_string());
            (Vec::new(), 0)
        }
    };
    let pages = ((total as u32).div_ceil(PER_PAGE)).max(1);
    let link = |p: u32| {
        let mut with_page = pairs.clone();
        with_page.push(("page".into(), p.to_string()));
        format!("/orders?{}", encode(&with_page))
    };
    let list = ListPage {
        layout,
        f: typed,
        o: Options::new(&names),
        rows,
        total,
        page,
        pages,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        views: saved_views::list(app, &session.ctx).await?,
        query,
    };
    Ok(list.into_response())
}

#[derive(Deserialize)]
pub struct SaveView {
    name: String,
    query: String,
}

pub async fn save_view(
    State(state): State<AppState>,
    PageForm { session, form }: PageForm<SaveView>,
) -> PageResult {
    saved_views::save(&state.app, &session.ctx, &form.name, &form.query).await?;
    Ok(Redirect::to(&format!("/orders?{}", form.query)).into_response())
}

#[derive(Deserialize)]
pub struct DeleteView {
    id: i64,
}

pub async fn delete_view(
    State(state): State<AppState>,
    PageForm { session, form }: PageForm<DeleteView>,
) -> PageResult {
    saved_views::delete(&state.app, &session.ctx, form.id).await?;
    Ok(Redirect::to("/orders").into_response())
}
