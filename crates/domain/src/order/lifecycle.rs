//! The transitions of the life cycle: what each allowed action does to an order.

use chrono::{DateTime, Utc};

use super::{
    Action, Classification, CloseReason, EventDraft, EventKind, Extension, ExtensionState,
    Screening, Settings, Status, Suspension, WorkOrder, rules,
};
use crate::codes::CallbackOutcome;
use crate::values::required_text;
use crate::{Actor, DomainError};

const MAX_REPLY_CHARS: usize = 10_000;
const MAX_NOTE_CHARS: usize = 2_000;
/// The longest extension a handler may ask for at once, in working days.
const MAX_EXTENSION_DAYS: u32 = 30;

/// What an allowed action does: the order afterwards and its timeline entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub order: WorkOrder,
    pub event: EventDraft,
}

/// Decides an action: checks scope (404), role and relation (403), state (409) and fields
/// (422), then returns the changed order. The caller stores both or nothing.
pub fn decide(
    order: &WorkOrder,
    action: Action,
    actor: &Actor,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<Decision, DomainError> {
    rules::permit(actor, order, action.name())?;
    let mut next = order.clone();
    next.updated_at = now;
    next.version += 1;
    let event = apply(&mut next, action, actor, now, settings)?;
    next.refresh_warning(settings.warn_at);
    Ok(Decision { order: next, event })
}

fn note(field: &'static str, value: Option<String>) -> Result<Option<String>, DomainError> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| required_text(field, &v, MAX_NOTE_CHARS))
        .transpose()
}

fn apply(
    o: &mut WorkOrder,
    action: Action,
    actor: &Actor,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<EventDraft, DomainError> {
    Ok(match action {
        Action::Screen(screening) => screen(o, screening, now, settings)?,
        Action::Answer { text, close } => {
            let text = required_text("text", &text, MAX_REPLY_CHARS)?;
            o.status = Status::Replied;
            o.answered_on_spot = true;
            o.reply = Some(text.clone());
            o.accepted_at = Some(now);
            o.replied_at = Some(now);
            o.deadlines.callback_by = Some(settings.callback_by(&o.classification, now));
            if close {
                close_order(o, CloseReason::AnsweredOnSpot, now);
            }
            EventDraft::new(EventKind::Answered, Some(text)).with("closed", close)
        }
        Action::Dispatch(target) => {
            if !actor.system && !actor.oversees_city() && target.court_id != actor.court_id {
                return Err(DomainError::forbidden(
                    "court_out_of_scope",
                    "只能转办至本院的部门",
                ));
            }
            o.status = Status::Dispatched;
            o.assignment.court_id = Some(target.court_id);
            o.assignment.department_id = Some(target.department_id);
            o.assignment.handler_id = Some(target.handler_id);
            o.dispatched_at = Some(now);
            EventDraft::new(EventKind::Dispatched, None)
                .with("court_id", target.court_id.0)
                .with("department_id", target.department_id.0)
                .with("handler_id", target.handler_id.0)
        }
        Action::Accept => {
            o.status = Status::Accepted;
            o.accepted_at = Some(now);
            EventDraft::new(EventKind::Accepted, None)
        }
        Action::Reply { text } => {
            let text = required_text("text", &text, MAX_REPLY_CHARS)?;
            end_suspension(o, now, settings);
            o.status = Status::Replied;
            o.reply = Some(text.clone());
            o.replied_at = Some(now);
            o.deadlines.callback_by = Some(settings.callback_by(&o.classification, now));
            EventDraft::new(EventKind::Replied, Some(text))
        }
        Action::RequestExtension { days, reason } => {
            if !(1..=MAX_EXTENSION_DAYS).contains(&days) {
                return Err(DomainError::invalid(
                    "days",
                    "invalid_days",
                    format!("延期天数应为1至{MAX_EXTENSION_DAYS}个工作日"),
                ));
            }
            let reason = required_text("reason", &reason, MAX_NOTE_CHARS)?;
            o.extension = Some(Extension {
                state: ExtensionState::Pending,
                days,
                reason: reason.clone(),
            });
            EventDraft::new(EventKind::ExtensionRequested, Some(reason)).with("days", days)
        }
        Action::DecideExtension {
            approve,
            days,
            note: text,
        } => decide_extension(o, approve, days, note("note", text)?, settings)?,
        Action::Suspend { reason } => {
            let reason = required_text("reason", &reason, MAX_NOTE_CHARS)?;
            o.suspension = Some(Suspension {
                since: now,
                reason: reason.clone(),
            });
            EventDraft::new(EventKind::Suspended, Some(reason))
        }
        Action::Resume { note: text } => {
            let text = note("note", text)?;
            let since = end_suspension(o, now, settings);
            EventDraft::new(EventKind::Resumed, text)
                .with("suspended_since", since.map(|s| s.to_rfc3339()))
                .with("reply_by", o.deadlines.reply_by.map(|d| d.to_rfc3339()))
        }
        Action::Return { reason } => {
            let reason = required_text("reason", &reason, MAX_NOTE_CHARS)?;
            end_suspension(o, now, settings);
            let from = o.assignment.handler_id.map(|h| h.0);
            o.status = Status::Screened;
            o.assignment.department_id = None;
            o.assignment.handler_id = None;
            o.accepted_at = None;
            o.dispatched_at = None;
            o.return_count += 1;
            EventDraft::new(EventKind::Returned, Some(reason)).with("from_handler_id", from)
        }
        Action::Reassign(target) => reassign(o, target, actor, now, settings)?,
        Action::Callback {
            outcome,
            note: text,
        } => callback(o, outcome, note("note", text)?, settings),
        Action::DisputeRating { reason } => {
            let reason = required_text("reason", &reason, MAX_NOTE_CHARS)?;
            o.status = Status::RatingDisputed;
            EventDraft::new(EventKind::RatingDisputed, Some(reason))
        }
        Action::RuleRating {
            reasonable,
            note: text,
        } => {
            let text = note("note", text)?;
            if reasonable {
                reopen(o, now, settings);
            } else {
                o.status = Status::Rated;
                o.rating_excluded = true;
            }
            EventDraft::new(EventKind::RatingRuled, text).with("reasonable", reasonable)
        }
        Action::Reopen { reason } => {
            let reason = required_text("reason", &reason, MAX_NOTE_CHARS)?;
            reopen(o, now, settings);
            EventDraft::new(EventKind::Reopened, Some(reason))
        }
        Action::Merge { into, note: text } => {
            if into.id == o.id || into.close_reason == Some(CloseReason::Merged) {
                return Err(DomainError::invalid(
                    "target_id",
                    "invalid_merge_target",
                    "不能合并到本工单或已被合并的工单",
                ));
            }
            o.merged_into = Some(into.id);
            o.repeat_of = Some(into.id);
            close_order(o, CloseReason::Merged, now);
            EventDraft::new(EventKind::Merged, note("note", text)?).with("into_order_id", into.id.0)
        }
        Action::Link { repeat_of } => {
            if repeat_of.id == o.id {
                return Err(DomainError::invalid(
                    "target_id",
                    "invalid_link_target",
                    "不能关联到本工单",
                ));
            }
            o.repeat_of = Some(repeat_of.id);
            EventDraft::new(EventKind::Linked, None).with("repeat_of", repeat_of.id.0)
        }
        Action::Close { note: text } => {
            let reason = if o.answered_on_spot && o.assignment.handler_id.is_none() {
                CloseReason::AnsweredOnSpot
            } else {
                CloseReason::Resolved
            };
            close_order(o, reason, now);
            EventDraft::new(EventKind::Closed, note("note", text)?)
        }
    })
}

fn screen(
    o: &mut WorkOrder,
    s: Screening,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<EventDraft, DomainError> {
    let note = note("note", s.note)?;
    if !s.valid {
        let reason = s
            .invalid_reason
            .ok_or(DomainError::missing("invalid_reason"))?;
        close_order(o, CloseReason::Invalid, now);
        return Ok(EventDraft::new(EventKind::Screened, note)
            .with("valid", false)
            .with("invalid_reason", reason.code()));
    }
    let appeal_type = s.appeal_type.ok_or(DomainError::missing("type"))?;
    let complexity = s.complexity.ok_or(DomainError::missing("complexity"))?;
    o.classification = Classification {
        appeal_type: Some(appeal_type),
        area: s.area.or(o.classification.area),
        complexity: Some(complexity),
        urgency: s.urgency.unwrap_or(o.classification.urgency),
    };
    // The clock keeps running from registration; screening only sets the right limits.
    let started = o.deadlines.started_at.unwrap_or(o.registered_at);
    o.deadlines = settings.deadlines(&o.classification, started);
    o.status = Status::Screened;
    let class = &o.classification;
    Ok(EventDraft::new(EventKind::Screened, note)
        .with("valid", true)
        .with("type", appeal_type.code())
        .with("area", class.area.map(|a| a.code()))
        .with("complexity", complexity.code())
        .with("urgency", class.urgency.code()))
}

fn decide_extension(
    o: &mut WorkOrder,
    approve: bool,
    days: Option<u32>,
    note: Option<String>,
    settings: &Settings,
) -> Result<EventDraft, DomainError> {
    let Some(extension) = o.extension.as_mut() else {
        return Err(DomainError::conflict(
            "no_pending_extension",
            "没有待审批的延期申请",
        ));
    };
    let granted = days.unwrap_or(extension.days);
    if approve && !(1..=extension.days).contains(&granted) {
        return Err(DomainError::invalid(
            "days",
            "invalid_days",
            format!("批准的延期天数应为1至{}个工作日", extension.days),
        ));
    }
    extension.state = if approve {
        ExtensionState::Approved
    } else {
        ExtensionState::Refused
    };
    if approve {
        extension.days = granted;
        let base = o.deadlines.reply_by.unwrap_or(o.updated_at);
        o.deadlines.reply_by = Some(settings.calendar.add_working_days(base, granted));
    }
    Ok(EventDraft::new(EventKind::ExtensionDecided, note)
        .with("approved", approve)
        .with("days", approve.then_some(granted))
        .with("reply_by", o.deadlines.reply_by.map(|d| d.to_rfc3339())))
}

fn reassign(
    o: &mut WorkOrder,
    target: super::DispatchTarget,
    actor: &Actor,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<EventDraft, DomainError> {
    let head_only = !actor.system && !actor.has(crate::codes::Role::ServiceOffice);
    if head_only && Some(target.department_id) != o.assignment.department_id {
        return Err(DomainError::forbidden(
            "department_out_of_scope",
            "部门负责人只能在本部门内改派",
        ));
    }
    if Some(target.handler_id) == o.assignment.handler_id {
        return Err(DomainError::invalid(
            "handler_id",
            "same_handler",
            "改派的承办人与当前承办人相同",
        ));
    }
    end_suspension(o, now, settings);
    let from = o.assignment.handler_id.map(|h| h.0);
    o.assignment.court_id = Some(target.court_id);
    o.assignment.department_id = Some(target.department_id);
    o.assignment.handler_id = Some(target.handler_id);
    o.status = Status::Dispatched;
    o.accepted_at = None;
    Ok(EventDraft::new(EventKind::Reassigned, None)
        .with("from_handler_id", from)
        .with("handler_id", target.handler_id.0)
        .with("department_id", target.department_id.0))
}

fn callback(
    o: &mut WorkOrder,
    outcome: CallbackOutcome,
    note: Option<String>,
    settings: &Settings,
) -> EventDraft {
    o.callback_attempts += 1;
    match outcome {
        CallbackOutcome::Unreachable if o.callback_attempts < settings.max_callback_attempts => {}
        CallbackOutcome::Unreachable => {
            o.status = Status::Rated;
            o.satisfaction = Some(outcome);
        }
        CallbackOutcome::Unsatisfied => {
            o.status = Status::Unsatisfied;
            o.satisfaction = Some(outcome);
        }
        CallbackOutcome::Satisfied | CallbackOutcome::BasicallySatisfied => {
            o.status = Status::Rated;
            o.satisfaction = Some(outcome);
        }
    }
    EventDraft::new(EventKind::CallbackMade, note)
        .with("outcome", outcome.code())
        .with("attempt", o.callback_attempts)
}

/// Ends a 挂起 suspension, if any (resumed, or the order replied, returned or reassigned):
/// the reply deadline and the clock's start move by the paused time, counted in the reply
/// limit's unit, so the warning (a share of the window) moves with them. Returns when the
/// pause began.
fn end_suspension(
    o: &mut WorkOrder,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Option<DateTime<Utc>> {
    let since = o.suspension.take()?.since;
    let class = &o.classification;
    let span = settings
        .policy
        .limits(class.appeal_type, class.complexity, class.urgency)
        .reply;
    let postpone = |at: DateTime<Utc>| span.postpone(at, since, now, settings.calendar);
    let d = &mut o.deadlines;
    d.reply_by = d.reply_by.map(postpone);
    d.started_at = d.started_at.map(postpone);
    Some(since)
}

/// 重办: back to the handler (or back to dispatch when nobody held it, e.g. an order
/// answered on the spot) with fresh deadlines from now.
fn reopen(o: &mut WorkOrder, now: DateTime<Utc>, settings: &Settings) {
    let held = o.assignment.handler_id.is_some();
    o.status = if held {
        Status::Accepted
    } else {
        Status::Screened
    };
    o.answered_on_spot = false;
    o.reopen_count += 1;
    o.close_reason = None;
    o.closed_at = None;
    o.satisfaction = None;
    o.rating_excluded = false;
    o.callback_attempts = 0;
    o.replied_at = None;
    o.extension = None;
    o.deadlines = settings.deadlines(&o.classification, now);
}

fn close_order(o: &mut WorkOrder, reason: CloseReason, now: DateTime<Utc>) {
    o.status = Status::Closed;
    o.close_reason = Some(reason);
    o.closed_at = Some(now);
}
