//! The life-cycle actions (SPEC §2), each with what it needs.

use crate::codes::{AppealType, Area, CallbackOutcome, Complexity, InvalidReason, Urgency};
use crate::ids::{CourtId, DepartmentId, OrderId, UserId};
use crate::order::{CloseReason, Status};

crate::vocabulary!(
    /// The name of an action, as it appears in `/orders/{id}/actions/{action}`.
    ActionName {
        Screen = "screen" / "甄别复核",
        Answer = "answer" / "当场答复",
        Dispatch = "dispatch" / "转办",
        Accept = "accept" / "受理",
        Reply = "reply" / "答复",
        RequestExtension = "request-extension" / "申请延期",
        DecideExtension = "decide-extension" / "审批延期",
        Suspend = "suspend" / "挂起",
        Resume = "resume" / "恢复办理",
        Return = "return" / "退回",
        Reassign = "reassign" / "改派",
        Callback = "callback" / "回访",
        DisputeRating = "dispute-rating" / "申请不满意甄别",
        RuleRating = "rule-rating" / "不满意甄别",
        Reopen = "reopen" / "重办",
        Merge = "merge" / "合并",
        Link = "link" / "关联",
        Close = "close" / "办结",
    }
);

/// 甄别复核 the screening decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screening {
    pub valid: bool,
    /// Required when not valid.
    pub invalid_reason: Option<InvalidReason>,
    /// Required when valid.
    pub appeal_type: Option<AppealType>,
    pub area: Option<Area>,
    /// Required when valid.
    pub complexity: Option<Complexity>,
    /// Kept as registered when absent.
    pub urgency: Option<Urgency>,
    pub note: Option<String>,
}

/// A court → department → handler route, already checked against the organisation:
/// the department belongs to the court, the handler to the department and is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DispatchTarget {
    pub court_id: CourtId,
    pub department_id: DepartmentId,
    pub handler_id: UserId,
}

/// The order another one is merged into or linked to, as the actor can see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeTarget {
    pub id: OrderId,
    pub status: Status,
    pub close_reason: Option<CloseReason>,
}

/// One step of the life cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Screen(Screening),
    /// 当场答复; `close` also closes the order at once.
    Answer {
        text: String,
        close: bool,
    },
    Dispatch(DispatchTarget),
    Accept,
    Reply {
        text: String,
    },
    RequestExtension {
        days: u32,
        reason: String,
    },
    /// Approve (optionally with fewer days than asked) or refuse.
    DecideExtension {
        approve: bool,
        days: Option<u32>,
        note: Option<String>,
    },
    /// 挂起 pause handling while waiting for the citizen.
    Suspend {
        reason: String,
    },
    /// 恢复办理 end the pause.
    Resume {
        note: Option<String>,
    },
    Return {
        reason: String,
    },
    /// 改派 to another handler, in the same department or (service office) another one.
    Reassign(DispatchTarget),
    Callback {
        outcome: CallbackOutcome,
        note: Option<String>,
    },
    DisputeRating {
        reason: String,
    },
    /// `reasonable`: the unsatisfied rating stands and the order is reopened;
    /// otherwise the rating is excluded from the satisfaction rate.
    RuleRating {
        reasonable: bool,
        note: Option<String>,
    },
    Reopen {
        reason: String,
    },
    Merge {
        into: MergeTarget,
        note: Option<String>,
    },
    Link {
        repeat_of: MergeTarget,
    },
    Close {
        note: Option<String>,
    },
}

impl Action {
    pub fn name(&self) -> ActionName {
        match self {
            Action::Screen(_) => ActionName::Screen,
            Action::Answer { .. } => ActionName::Answer,
            Action::Dispatch(_) => ActionName::Dispatch,
            Action::Accept => ActionName::Accept,
            Action::Reply { .. } => ActionName::Reply,
            Action::RequestExtension { .. } => ActionName::RequestExtension,
            Action::DecideExtension { .. } => ActionName::DecideExtension,
            Action::Suspend { .. } => ActionName::Suspend,
            Action::Resume { .. } => ActionName::Resume,
            Action::Return { .. } => ActionName::Return,
            Action::Reassign(_) => ActionName::Reassign,
            Action::Callback { .. } => ActionName::Callback,
            Action::DisputeRating { .. } => ActionName::DisputeRating,
            Action::RuleRating { .. } => ActionName::RuleRating,
            Action::Reopen { .. } => ActionName::Reopen,
            Action::Merge { .. } => ActionName::Merge,
            Action::Link { .. } => ActionName::Link,
            Action::Close { .. } => ActionName::Close,
        }
    }
}
