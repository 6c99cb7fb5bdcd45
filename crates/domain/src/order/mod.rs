//! 工单 the work order: one citizen appeal from registration to closing.

mod action;
mod event;
mod lifecycle;
mod notices;
mod registration;
mod rules;
mod settings;
mod status;
#[cfg(test)]
pub(crate) mod tests_support;

pub use action::{Action, ActionName, DispatchTarget, MergeTarget, Screening};
pub use event::{EventDraft, TimelineEvent};
pub use lifecycle::{Decision, decide};
pub use notices::{Notice, Recipient, notices};
pub use registration::{Registration, register};
pub use rules::{available_actions, may_reveal_personal_data, may_see, permit};
pub use settings::Settings;
pub use status::{CloseReason, EventKind, ExtensionState, Status};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::codes::{AppealType, Area, CallbackOutcome, Channel, Complexity, Urgency};
use crate::ids::{CourtId, DepartmentId, OrderId, UserId};
use crate::time::{Deadlines, Light};
use crate::values::{CaseNo, IdCardNo, Phone};

/// 诉求人 the appellant. Phone, ID number and address are personal data (SPEC §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appellant {
    pub name: String,
    pub phone: Option<Phone>,
    pub id_number: Option<IdCardNo>,
    pub address: Option<String>,
}

/// 分类 what kind of appeal it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Classification {
    pub appeal_type: Option<AppealType>,
    pub area: Option<Area>,
    pub complexity: Option<Complexity>,
    pub urgency: Urgency,
}

/// 承办 who holds the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Assignment {
    pub court_id: Option<CourtId>,
    pub department_id: Option<DepartmentId>,
    pub handler_id: Option<UserId>,
}

/// 延期 the latest extension request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    pub state: ExtensionState,
    pub days: u32,
    pub reason: String,
}

/// 挂起 handling paused while waiting for the citizen: the reply deadline does not run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suspension {
    pub since: DateTime<Utc>,
    pub reason: String,
}

/// The whole state of a work order. Its history is in the timeline events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkOrder {
    pub id: OrderId,
    /// e.g. `SZ-20261126-0001`
    pub number: String,
    pub channel: Channel,
    pub appellant: Appellant,
    pub case_number: Option<CaseNo>,
    pub content: String,
    pub classification: Classification,
    pub status: Status,
    pub close_reason: Option<CloseReason>,
    pub assignment: Assignment,
    pub deadlines: Deadlines,
    pub registered_by: Option<UserId>,
    pub registered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub replied_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub reply: Option<String>,
    pub answered_on_spot: bool,
    pub extension: Option<Extension>,
    /// 挂起 set while handling waits for the citizen.
    pub suspension: Option<Suspension>,
    pub callback_attempts: u32,
    pub satisfaction: Option<CallbackOutcome>,
    /// 不满意甄别 ruled the unsatisfied rating unreasonable: left out of the satisfaction rate.
    pub rating_excluded: bool,
    pub reopen_count: u32,
    pub return_count: u32,
    /// 督办级别 0 (none) to 3.
    pub supervision_level: u8,
    /// 重复件 the earlier order this one repeats.
    pub repeat_of: Option<OrderId>,
    pub merged_into: Option<OrderId>,
    /// The version of the deadline policy the order was registered under; its deadlines are
    /// always counted by that version.
    pub policy_version: i64,
    /// Bumped by every change; guards against lost updates.
    pub version: i64,
}

impl WorkOrder {
    /// The deadline running now, with the instant its clock started: to accept until
    /// accepted, to reply until replied, to call back until the callback is done. None while
    /// suspended (挂起): paused time does not count, so nothing is warned or supervised.
    pub fn running_deadline(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        running_deadline(
            self.status,
            self.suspension.is_some(),
            &self.deadlines,
            self.replied_at,
        )
    }

    /// Sets when the running deadline's warning is due; called after every change.
    pub fn refresh_warning(&mut self, share: f64) {
        self.deadlines.warn_by = self
            .running_deadline()
            .map(|(start, due)| crate::time::warning_instant(start, due, share));
    }

    /// 红绿灯 of the running deadline; green when nothing is running.
    pub fn light(&self, now: DateTime<Utc>, warn_at: f64) -> Light {
        self.running_deadline()
            .map_or(Light::Green, |(start, due)| {
                Light::of(start, due, now, warn_at)
            })
    }
}

/// The rule behind `WorkOrder::running_deadline`, shared with the sweep's view of an order.
pub(crate) fn running_deadline(
    status: Status,
    suspended: bool,
    d: &Deadlines,
    replied_at: Option<DateTime<Utc>>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if suspended {
        return None;
    }
    match status {
        Status::Registered | Status::Screened | Status::Dispatched => {
            Some((d.started_at?, d.accept_by?))
        }
        Status::Accepted => Some((d.started_at?, d.reply_by?)),
        Status::Replied => Some((replied_at?, d.callback_by?)),
        _ => None,
    }
}
