//! 工单详情 an order: every field, the timeline, attachments, and the actions this user
//! can take now, each as a small form.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;
use tongban_app::orders::OrderDetail;
use tongban_app::{attachments, orders};
use tongban_domain::OrderId;
use tongban_domain::order::ActionName;
use tongban_store::attachments::AttachmentInfo;

use super::options::Options;
use crate::AppState;
use crate::api::views::AppellantView;
use crate::pages::directory::Directory;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::StaffSession;
use crate::pages::view::{cst, cst_opt};

/// A timeline entry as shown.
pub struct Step {
    pub at: String,
    pub label: &'static str,
    pub actor: String,
    pub note: String,
}

/// An action button and its form.
pub struct ActionForm {
    pub name: &'static str,
    pub label: &'static str,
    /// Open when the page is shown again after this action was refused.
    pub open: bool,
}

/// The order's fields, formatted.
pub struct Facts {
    pub id: i64,
    pub number: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub close_reason: String,
    pub channel: &'static str,
    pub appeal_type: String,
    pub appeal_type_code: String,
    pub area: String,
    pub area_code: String,
    pub complexity: String,
    pub complexity_code: String,
    pub urgency: &'static str,
    pub urgency_code: &'static str,
    pub case_number: String,
    pub content: String,
    pub court: String,
    pub department: String,
    pub handler: String,
    pub registered: String,
    pub accept_by: String,
    pub reply_by: String,
    pub callback_by: String,
    pub light: &'static str,
    pub light_label: &'static str,
    pub level: u8,
    pub reply: String,
    pub extension: String,
    /// 挂起: since when and why, empty when not suspended.
    pub suspension: String,
    pub satisfaction: String,
    pub counts: String,
    pub links: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "orders/detail.html")]
pub struct DetailPage {
    pub layout: Layout,
    pub o: Facts,
    pub appellant: AppellantView,
    pub may_reveal: bool,
    pub steps: Vec<Step>,
    pub actions: Vec<ActionForm>,
    pub files: Vec<AttachmentInfo>,
    pub options: Options,
}

#[derive(Deserialize, Default)]
pub struct DetailQuery {
    /// Show the appellant's personal data unmasked (recorded in the audit log).
    reveal: Option<String>,
    /// The action just taken, to confirm it.
    done: Option<String>,
}

/// Builds the page; `refused` names an action whose form stays open.
pub async fn build(
    state: &AppState,
    session: &StaffSession,
    id: OrderId,
    reveal: bool,
    refused: Option<ActionName>,
) -> PageResult<DetailPage> {
    let app = &state.app;
    let ctx = &session.ctx;
    let OrderDetail {
        order: o,
        events,
        actions,
        may_reveal,
    } = orders::get(app, ctx, id).await?;
    let appellant = if reveal && may_reveal {
        AppellantView::revealed(&orders::reveal_personal_data(app, ctx, id).await?)
    } else {
        AppellantView::masked(&o.appellant)
    };
    let names = Directory::load(app).await?;
    let (now, rules) = (app.now(), app.rules());
    let light = o.light(now, rules.warn_at);
    let class = &o.classification;
    let o_facts = Facts {
        id: o.id.0,
        number: o.number.clone(),
        status: o.status.code(),
        status_label: o.status.label(),
        close_reason: o
            .close_reason
            .map_or(String::new(), |r| r.label().to_string()),
        channel: o.channel.label(),
        appeal_type: class
            .appeal_type
            .map_or("未分类".into(), |t| t.label().to_string()),
        appeal_type_code: class
            .appeal_type
            .map_or(String::new(), |t| t.code().to_string()),
        area: class.area.map_or("—".into(), |a| a.label().to_string()),
        area_code: class.area.map_or(String::new(), |a| a.code().to_string()),
        complexity: class
            .complexity
            .map_or("未甄别".into(), |c| c.label().to_string()),
        complexity_code: class
            .complexity
            .map_or(String::new(), |c| c.code().to_string()),
        urgency: class.urgency.label(),
        urgency_code: class.urgency.code(),
        case_number: o.case_number.as_ref().map_or("—".into(), |c| c.to_string()),
        content: o.content.clone(),
        court: names.court(o.assignment.court_id),
        department: names.department(o.assignment.department_id),
        handler: names.person(o.assignment.handler_id),
        registered: cst(o.registered_at),
        accept_by: cst_opt(o.deadlines.accept_by),
        reply_by: cst_opt(o.deadlines.reply_by),
        callback_by: cst_opt(o.deadlines.callback_by),
        light: light.code(),
        light_label: light.label(),
        level: o.supervision_level,
        reply: o.reply.clone().unwrap_or_default(),
        extension: o.extension.as_ref().map_or(String::new(), |e| {
            format!("{}：{} 个工作日（{}）", e.state.label(), e.days, e.reason)
        }),
        suspension: o.suspension.as_ref().map_or(String::new(), |s| {
            format!("{} 起挂起（{}），答复时限暂停计算", cst(s.since), s.reason)
        }),
        satisfaction: o.satisfaction.map_or(String::new(), |s| {
            let excluded = if o.rating_excluded {
                "（经甄别不计入）"
            } else {
                ""
            };
            format!("{}{excluded}", s.label())
        }),
        counts: format!(
            "回访 {} 次 · 重办 {} 次 · 退回 {} 次",
            o.callback_attempts, o.reopen_count, o.return_count
        ),
        links: match (o.repeat_of, o.merged_into) {
            (_, Some(into)) => format!("已合并到工单 #{into}"),
            (Some(of), None) => format!("重复件，关联工单 #{of}"),
            _ => String::new(),
        },
    };
    let steps = events
        .iter()
        .map(|e| Step {
            at: cst(e.at),
            label: e.kind.label(),
            actor: match e.actor_id {
                Some(id) => names.person(Some(id)),
                None => e.actor_name.clone(),
            },
            note: e.note.clone().unwrap_or_default(),
        })
        .collect();
    Ok(DetailPage {
        layout: Layout::new(state, session, &o.number, "/orders").await,
        o: o_facts,
        appellant,
        may_reveal,
        steps,
        actions: actions
            .into_iter()
            .map(|a| ActionForm {
                name: a.code(),
                label: a.label(),
                open: Some(a) == refused,
            })
            .collect(),
        files: attachments::of_order(app, ctx, id).await?,
        options: Options::new(&names),
    })
}

pub async fn page(
    State(state): State<AppState>,
    session: StaffSession,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> PageResult {
    let mut page = build(&state, &session, OrderId(id), q.reveal.is_some(), None).await?;
    let notice = match q.done.as_deref() {
        Some("registered") => Some(format!("诉求已登记，编号 {}", page.o.number)),
        Some(done) => ActionName::from_code(done).map(|a| format!("已完成：{}", a.label())),
        None => None,
    };
    if let Some(notice) = notice {
        page.layout = page.layout.with_notice(notice);
    }
    Ok((StatusCode::OK, page).into_response())
}
