//! 虚拟坐席 the virtual agent: a session per call (or web chat), one turn per thing the caller
//! says (as text, from speech recognition outside tongban). Each turn gives a reply and an
//! action; every session and turn is kept, and the session's outcome marks its call as settled
//! by the virtual agent or handed over.

pub mod chat;
mod orders;
mod turn;

use chrono::Duration;
use serde::{Deserialize, Serialize};
use tongban_domain::DomainError;
use tongban_domain::codes::{AppealType, Area, Channel};
use tongban_domain::hotline::AssistantAction;
use tongban_domain::values::{Phone, required_text};
use tongban_store::hotline::assistant::{self as store, SessionRow, TurnRow};
use tongban_store::hotline::calls;

use super::{HOTLINE_ROLES, require};
use crate::{App, AppError, Ctx};

/// Opening a conversation.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInput {
    /// `hotline` or `web`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub channel: Channel,
    /// The caller's number (from the switch, or typed on the portal).
    pub caller: Option<String>,
    /// The switch's call id; when absent, the caller's newest call answered by the virtual
    /// agent within the last hour.
    pub call_id: Option<String>,
}

/// One thing the caller said.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TurnInput {
    pub text: String,
}

/// 预填工单 the order pre-filled for the person taking over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Draft {
    #[serde(rename = "type")]
    pub appeal_type: AppealType,
    pub area: Area,
    pub summary: String,
    pub case_number: Option<String>,
    pub phone: Option<String>,
    pub channel: Channel,
}

/// The virtual agent's answer to a turn.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TurnReply {
    pub reply: String,
    pub action: AssistantAction,
    /// How sure the virtual agent is (the knowledge base's calibrated confidence, or 1 for
    /// rule-based actions).
    pub confidence: f32,
    /// The knowledge-base entry answered with.
    pub entry_id: Option<i64>,
    pub case_number: Option<String>,
    /// The order registered or routed to the judge.
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    /// The pre-filled order on hand-over.
    pub draft: Option<Draft>,
}

impl TurnReply {
    fn new(action: AssistantAction, reply: impl Into<String>, confidence: f32) -> TurnReply {
        TurnReply {
            reply: reply.into(),
            action,
            confidence,
            entry_id: None,
            case_number: None,
            order_id: None,
            order_number: None,
            draft: None,
        }
    }
}

/// Who may talk to the virtual agent through the API: the switch's account and hotline staff.
fn check(ctx: &Ctx) -> Result<(), DomainError> {
    require(
        ctx,
        HOTLINE_ROLES,
        "只有热线系统账号、话务员或管理员可以使用虚拟坐席接口",
    )
}

/// Opens a session; returns its id.
pub async fn start(app: &App, ctx: &Ctx, input: SessionInput) -> Result<i64, AppError> {
    check(ctx)?;
    if !matches!(input.channel, Channel::Hotline | Channel::Web) {
        return Err(
            DomainError::invalid("channel", "invalid_channel", "渠道应为 hotline 或 web").into(),
        );
    }
    let caller = input
        .caller
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| Phone::parse(c).map_err(|e| e.for_field("caller")))
        .transpose()?;
    let now = app.now();
    let call_id = match (input.call_id, &caller) {
        (Some(id), _) => Some(required_text("call_id", &id, 100)?),
        (None, Some(phone)) if input.channel == Channel::Hotline => {
            let mut read = app.db().read().await?;
            calls::latest_assistant_call(&mut read.conn(), phone.as_str(), now - Duration::hours(1))
                .await?
        }
        (None, _) => None,
    };
    let channel = input.channel.code();
    let caller = caller.map(|c| c.to_string());
    let at = now.timestamp_millis();
    Ok(app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                Ok::<_, AppError>(
                    store::create(tx, channel, caller.as_deref(), call_id.as_deref(), at).await?,
                )
            })
        })
        .await?)
}

fn session_not_found() -> DomainError {
    DomainError::not_found("session_not_found", "会话不存在")
}

/// The virtual agent's answer to what the caller said; the turn is kept.
pub async fn turn(app: &App, ctx: &Ctx, id: i64, input: TurnInput) -> Result<TurnReply, AppError> {
    check(ctx)?;
    let session = {
        let mut read = app.db().read().await?;
        store::get(&mut read.conn(), id)
            .await?
            .ok_or_else(session_not_found)?
    };
    respond(app, &session, &input.text).await
}

/// What the virtual agent remembers of a session: its last turns (the case number said, the
/// clarifications asked, the summary of a hand-over). Bounded so that a long session costs
/// each turn no more than a short one.
const MEMORY_TURNS: i64 = 20;

/// Decides the reply to `text` in `session` and keeps the turn.
async fn respond(app: &App, session: &SessionRow, text: &str) -> Result<TurnReply, AppError> {
    let text = required_text("text", text, 2_000)?;
    let earlier = {
        let mut read = app.db().read().await?;
        store::recent_turns(&mut read.conn(), session.id, MEMORY_TURNS).await?
    };
    let reply = turn::decide(app, session, &earlier, &text).await?;
    keep(app, session.id, text, reply).await
}

/// Stores the turn and the session's (and its call's) new outcome.
async fn keep(app: &App, id: i64, text: String, reply: TurnReply) -> Result<TurnReply, AppError> {
    let at = app.now().timestamp_millis();
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                let mut session = {
                    let conn = &mut tx.conn();
                    store::get(conn, id).await?.ok_or_else(session_not_found)?
                };
                let outcome = outcome_after(session.outcome.as_deref(), reply.action);
                let changed = outcome != session.outcome.as_deref();
                session.outcome = outcome.map(str::to_string);
                session.turns += 1;
                session.updated_at = at;
                session.order_id = reply.order_id.or(session.order_id);
                if let Some(draft) = &reply.draft {
                    session.draft = serde_json::to_string(draft).ok();
                }
                let row = TurnRow {
                    session_id: id,
                    seq: session.turns,
                    at,
                    text,
                    reply: reply.reply.clone(),
                    action: reply.action.code().to_string(),
                    confidence: f64::from(reply.confidence),
                    entry_id: reply.entry_id,
                    case_number: reply.case_number.clone(),
                };
                store::add_turn(tx, &row, &session).await?;
                if changed && let (Some(call), Some(outcome)) = (&session.call_id, &session.outcome)
                {
                    calls::set_assistant_outcome(tx, call, outcome).await?;
                }
                Ok::<_, AppError>(reply)
            })
        })
        .await
        .map_err(AppError::from)
}

/// A hand-over is final; otherwise an answer, progress, contact or registration settles.
fn outcome_after(before: Option<&str>, action: AssistantAction) -> Option<&'static str> {
    match (before, action) {
        (Some("handover"), _) | (_, AssistantAction::Handover) => Some("handover"),
        (_, AssistantAction::Clarify) => before.map(|_| "settled"),
        _ => Some("settled"),
    }
}

/// A session with its turns (for staff reviewing the virtual agent's work).
pub async fn session(
    app: &App,
    ctx: &Ctx,
    id: i64,
) -> Result<(SessionRow, Vec<TurnRow>), AppError> {
    check(ctx)?;
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let session = store::get(conn, id).await?.ok_or_else(session_not_found)?;
    let turns = store::turns(conn, id).await?;
    Ok((session, turns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handover_sticks_and_clarifying_settles_nothing() {
        assert_eq!(outcome_after(None, AssistantAction::Clarify), None);
        assert_eq!(
            outcome_after(None, AssistantAction::Answer),
            Some("settled")
        );
        assert_eq!(
            outcome_after(Some("settled"), AssistantAction::Handover),
            Some("handover")
        );
        assert_eq!(
            outcome_after(Some("handover"), AssistantAction::Answer),
            Some("handover")
        );
    }
}
