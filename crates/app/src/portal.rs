//! 群众端 the citizen portal: submit an appeal, track it with its number and query code,
//! rate the reply. Citizens have no account; the query code is their key to their order.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tongban_domain::codes::{CallbackOutcome, Channel};
use tongban_domain::order::{self, EventKind, Status, TimelineEvent, WorkOrder};
use tongban_domain::{Actor, DomainError};
use tongban_store::{events, orders as store};

use crate::orders::{ActionInput, AppellantInput, RegisterInput, act, bodies};
use crate::{App, AppError, Ctx};

/// Letters and digits that cannot be mistaken for one another when read out on the phone.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// What a citizen fills in.
#[derive(Debug, Clone, Deserialize)]
pub struct Submission {
    /// 称呼, optional.
    pub name: Option<String>,
    pub phone: String,
    pub content: String,
    pub case_number: Option<String>,
}

/// What a citizen gets back: the tracking number and the query code.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub number: String,
    pub query_code: String,
}

fn citizen(request_id: Option<String>) -> Ctx {
    Ctx::new(Actor::citizen(), request_id)
}

fn hash(code: &str) -> String {
    hex::encode(Sha256::digest(code.trim().to_ascii_uppercase().as_bytes()))
}

/// Registers a citizen's appeal (channel 网络) and issues its query code.
pub async fn submit(
    app: &App,
    submission: Submission,
    request_id: Option<String>,
) -> Result<Receipt, AppError> {
    let name = submission
        .name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "网上群众".to_string());
    let input = RegisterInput {
        channel: Channel::Web,
        appellant: AppellantInput {
            name,
            phone: Some(submission.phone),
            id_number: None,
            address: None,
        },
        content: submission.content,
        case_number: submission.case_number,
        appeal_type: None,
        area: None,
        complexity: None,
        urgency: None,
        court_id: None,
    };
    let registration = input.parse()?;
    let ctx = citizen(request_id);
    let rules = app.rules();
    let (order, event) = order::register(registration, &ctx.actor, app.now(), &rules.settings())?;
    let query_code: String = (0..8)
        .map(|_| CODE_ALPHABET[rand::random_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    let stored = app
        .registrar()
        .submit(ctx, order, event, Some(hash(&query_code)))
        .await?;
    Ok(Receipt {
        number: stored.number,
        query_code,
    })
}

/// A step of the order as the citizen sees it: no internal notes, no staff names.
#[derive(Debug, Clone)]
pub struct PublicStep {
    pub at: DateTime<Utc>,
    pub label: &'static str,
}

/// The order as the citizen sees it.
#[derive(Debug, Clone)]
pub struct PublicView {
    pub number: String,
    pub status: Status,
    pub registered_at: DateTime<Utc>,
    pub content: String,
    pub steps: Vec<PublicStep>,
    pub reply: Option<String>,
    pub rating: Option<CallbackOutcome>,
    /// Whether the citizen may rate the reply now.
    pub can_rate: bool,
}

fn public_label(kind: EventKind) -> Option<&'static str> {
    Some(match kind {
        EventKind::Registered => "已登记",
        EventKind::Screened => "已受理审查",
        EventKind::Dispatched | EventKind::Reassigned => "已转交承办部门",
        EventKind::Accepted => "承办人已受理",
        EventKind::Answered | EventKind::Replied => "已答复",
        EventKind::CallbackMade => "已回访",
        EventKind::Reopened => "重新办理",
        EventKind::Closed | EventKind::Merged => "已办结",
        _ => return None,
    })
}

fn view(order: WorkOrder, timeline: Vec<TimelineEvent>) -> PublicView {
    let steps = timeline
        .iter()
        .filter_map(|e| public_label(e.kind).map(|label| PublicStep { at: e.at, label }))
        .collect();
    PublicView {
        can_rate: order.status == Status::Replied,
        number: order.number,
        status: order.status,
        registered_at: order.registered_at,
        content: order.content,
        steps,
        reply: order.reply,
        rating: order.satisfaction,
    }
}

/// The order with this number, if the code is its query code; a wrong number and a wrong code
/// look the same.
async fn find(app: &App, number: &str, code: &str) -> Result<WorkOrder, AppError> {
    let unknown = || DomainError::not_found("not_found", "未找到该诉求，请核对受理编号和查询码");
    let mut read = app.db().read().await?;
    let (order, stored) = store::by_number(&mut read.conn(), number.trim())
        .await?
        .ok_or_else(unknown)?;
    match stored {
        Some(stored) if stored == hash(code) => Ok(order),
        _ => Err(unknown().into()),
    }
}

/// Progress of an order, for its citizen.
pub async fn track(app: &App, number: &str, code: &str) -> Result<PublicView, AppError> {
    let order = find(app, number, code).await?;
    let mut read = app.db().read().await?;
    let timeline = events::of_order(&mut read.conn(), order.id).await?;
    Ok(view(order, timeline))
}

/// The citizen rates the reply (满意 / 基本满意 / 不满意) with a comment.
pub async fn rate(
    app: &App,
    number: &str,
    code: &str,
    outcome: CallbackOutcome,
    comment: &str,
    request_id: Option<String>,
) -> Result<PublicView, AppError> {
    if !outcome.is_rating() {
        return Err(DomainError::invalid(
            "outcome",
            "invalid_outcome",
            "请选择满意、基本满意或不满意",
        )
        .into());
    }
    let order = find(app, number, code).await?;
    let note = format!("群众网上评价：{}", comment.trim());
    let body = bodies::Callback {
        outcome,
        note: Some(note),
    };
    act(
        app,
        &citizen(request_id),
        order.id,
        ActionInput::Callback(body),
    )
    .await?;
    track(app, number, code).await
}
