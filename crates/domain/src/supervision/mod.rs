//! 三级督办 three-level supervision (SPEC §3): when an order's deadline passes, or an
//! appellant keeps raising a matter that is not handled, a supervision order (督办单) climbs
//! to the people who can fix it. Each level happens once per order.

mod actions;
mod policy;
mod watch;
mod watched;

pub use actions::{Conclusion, Decided, conclude, may_view, raise_by_hand, respond, urge};
pub use policy::SupervisionPolicy;
pub use watch::{Phase, Watch, late_level, watch, watch_at};
pub use watched::Watched;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::codes::Role;
use crate::ids::{CourtId, DepartmentId, OrderId, UserId};

/// The highest level: the court president or a vice-president.
pub const TOP_LEVEL: u8 = 3;

crate::vocabulary!(
    /// 督办状态 where a supervision order stands
    SupervisionStatus {
        /// 督办中 waiting for the supervised side's response
        Open = "open" / "督办中",
        /// 已反馈 the supervised side answered; the supervisor concludes
        Responded = "responded" / "已反馈",
        /// 已办结 the supervisor closed it
        Closed = "closed" / "已办结",
        /// 已升级 its own deadline passed without a response: the next level took over
        Escalated = "escalated" / "已升级",
    }
);

crate::vocabulary!(
    /// 督办事由 why a supervision was opened
    SupervisionReason {
        LateAccept = "late_accept" / "受理超期",
        LateReply = "late_reply" / "答复超期",
        /// 回访超期: the service office's callback is late
        LateCallback = "late_callback" / "回访超期",
        Repeated = "repeated" / "反复诉求仍未有效处理",
        Overdue = "overdue" / "下级督办逾期未反馈",
        Manual = "manual" / "人工提级督办",
    }
);

crate::vocabulary!(
    /// 督办记录 what was written on a supervision
    NoteKind {
        Urge = "urge" / "催办",
        Response = "response" / "反馈",
        Closed = "closed" / "办结",
        Continued = "continued" / "继续督办",
    }
);

impl SupervisionStatus {
    /// Still running: open or waiting for the supervisor's conclusion.
    pub fn is_active(self) -> bool {
        matches!(self, SupervisionStatus::Open | SupervisionStatus::Responded)
    }
}

/// The office that supervises at a level: 1 the service office (催办), 2 the inspection
/// office (督察处), 3 the court's leaders (院长或分管副院长).
pub fn supervisor_role(level: u8) -> Role {
    match level {
        0 | 1 => Role::ServiceOffice,
        2 => Role::Inspector,
        _ => Role::Leader,
    }
}

/// 一级督办, 二级督办, 三级督办.
pub fn level_label(level: u8) -> &'static str {
    match level {
        0 => "未督办",
        1 => "一级督办",
        2 => "二级督办",
        _ => "三级督办",
    }
}

/// 督办单 one supervision order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Supervision {
    pub id: i64,
    /// e.g. `DB-20261201-0001`
    pub number: String,
    pub order_id: OrderId,
    pub level: u8,
    pub reason: SupervisionReason,
    /// The reason given by hand, or a particular of the automatic reason.
    pub note: Option<String>,
    pub status: SupervisionStatus,
    /// The court, department and handler supervised.
    pub court_id: Option<CourtId>,
    pub department_id: Option<DepartmentId>,
    pub handler_id: Option<UserId>,
    /// The people told of it.
    pub notified: Vec<UserId>,
    /// The lower-level supervision whose lateness opened this one.
    pub parent_id: Option<i64>,
    /// None when the sweep opened it.
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    /// Its own deadline: the supervised side responds by then.
    pub due_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// 催办, 反馈 and conclusions written on a supervision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupervisionNote {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: NoteKind,
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub text: String,
}
