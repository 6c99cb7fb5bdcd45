//! The mapping between a `WorkOrder` and its row.

use std::sync::LazyLock;

use tongban_domain::codes::{AppealType, Area, CallbackOutcome, Channel, Complexity, Urgency};
use tongban_domain::order::{
    Appellant, Assignment, Classification, CloseReason, Extension, ExtensionState, Status,
    Suspension, WorkOrder,
};
use tongban_domain::time::Deadlines;
use tongban_domain::values::{CaseNo, IdCardNo, Phone};
use tongban_domain::{CourtId, DepartmentId, OrderId, UserId};

use super::corrupt;
use crate::{Result, instant, millis, opt_instant};

/// Every stored column but `id`, in binding order.
pub(crate) const FIELDS: [&str; 47] = [
    "number",
    "channel",
    "appellant_name",
    "appellant_phone",
    "appellant_id_number",
    "appellant_address",
    "case_number",
    "content",
    "appeal_type",
    "area",
    "complexity",
    "urgency",
    "status",
    "close_reason",
    "court_id",
    "department_id",
    "handler_id",
    "registered_by",
    "registered_at",
    "updated_at",
    "dispatched_at",
    "accepted_at",
    "replied_at",
    "closed_at",
    "deadline_started_at",
    "accept_by",
    "reply_by",
    "callback_by",
    "due_at",
    "reply",
    "answered_on_spot",
    "extension_state",
    "extension_days",
    "extension_reason",
    "callback_attempts",
    "satisfaction",
    "rating_excluded",
    "reopen_count",
    "return_count",
    "supervision_level",
    "repeat_of",
    "merged_into",
    "version",
    "warn_by",
    "policy_version",
    "suspended_since",
    "suspension_reason",
];

fn leak(sql: String) -> &'static str {
    Box::leak(sql.into_boxed_str())
}

/// `id, number, channel, …` for SELECT.
pub static COLUMNS: LazyLock<&'static str> =
    LazyLock::new(|| leak(format!("id, {}", FIELDS.join(", "))));

/// Binds `$1..$47` (`FIELDS`), then `$48` = id and `$49` = the expected version.
pub static UPDATE: LazyLock<&'static str> = LazyLock::new(|| {
    let sets: Vec<String> = FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{f} = ${}", i + 1))
        .collect();
    let n = FIELDS.len();
    leak(format!(
        "UPDATE orders SET {} WHERE id = ${} AND version = ${}",
        sets.join(", "),
        n + 1,
        n + 2
    ))
});

/// An order's column values, named as the columns.
pub struct Values {
    pub number: String,
    pub channel: &'static str,
    pub appellant_name: String,
    pub appellant_phone: Option<String>,
    pub appellant_id_number: Option<String>,
    pub appellant_address: Option<String>,
    pub case_number: Option<String>,
    pub content: String,
    pub appeal_type: Option<&'static str>,
    pub area: Option<&'static str>,
    pub complexity: Option<&'static str>,
    pub urgency: &'static str,
    pub status: &'static str,
    pub close_reason: Option<&'static str>,
    pub court_id: Option<i64>,
    pub department_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub registered_by: Option<i64>,
    pub registered_at: i64,
    pub updated_at: i64,
    pub dispatched_at: Option<i64>,
    pub accepted_at: Option<i64>,
    pub replied_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub deadline_started_at: Option<i64>,
    pub accept_by: Option<i64>,
    pub reply_by: Option<i64>,
    pub callback_by: Option<i64>,
    pub due_at: Option<i64>,
    pub reply: Option<String>,
    pub answered_on_spot: bool,
    pub extension_state: Option<&'static str>,
    pub extension_days: Option<i64>,
    pub extension_reason: Option<String>,
    pub callback_attempts: i64,
    pub satisfaction: Option<&'static str>,
    pub rating_excluded: bool,
    pub reopen_count: i64,
    pub return_count: i64,
    pub supervision_level: i64,
    pub repeat_of: Option<i64>,
    pub merged_into: Option<i64>,
    pub version: i64,
    pub warn_by: Option<i64>,
    pub policy_version: i64,
    pub suspended_since: Option<i64>,
    pub suspension_reason: Option<String>,
}

impl Values {
    pub fn of(o: &WorkOrder) -> Values {
        let class = &o.classification;
        let d = &o.deadlines;
        let ms = |at: Option<chrono::DateTime<chrono::Utc>>| at.map(millis);
        Values {
            number: o.number.clone(),
            channel: o.channel.code(),
            appellant_name: o.appellant.name.clone(),
            appellant_phone: o.appellant.phone.as_ref().map(|p| p.to_string()),
            appellant_id_number: o.appellant.id_number.as_ref().map(|i| i.to_string()),
            appellant_address: o.appellant.address.clone(),
            case_number: o.case_number.as_ref().map(|c| c.to_string()),
            content: o.content.clone(),
            appeal_type: class.appeal_type.map(AppealType::code),
            area: class.area.map(Area::code),
            complexity: class.complexity.map(Complexity::code),
            urgency: class.urgency.code(),
            status: o.status.code(),
            close_reason: o.close_reason.map(CloseReason::code),
            court_id: o.assignment.court_id.map(|c| c.0),
            department_id: o.assignment.department_id.map(|d| d.0),
            handler_id: o.assignment.handler_id.map(|h| h.0),
            registered_by: o.registered_by.map(|u| u.0),
            registered_at: millis(o.registered_at),
            updated_at: millis(o.updated_at),
            dispatched_at: ms(o.dispatched_at),
            accepted_at: ms(o.accepted_at),
            replied_at: ms(o.replied_at),
            closed_at: ms(o.closed_at),
            deadline_started_at: ms(d.started_at),
            accept_by: ms(d.accept_by),
            reply_by: ms(d.reply_by),
            callback_by: ms(d.callback_by),
            due_at: o.running_deadline().map(|(_, due)| millis(due)),
            reply: o.reply.clone(),
            answered_on_spot: o.answered_on_spot,
            extension_state: o.extension.as_ref().map(|e| e.state.code()),
            extension_days: o.extension.as_ref().map(|e| i64::from(e.days)),
            extension_reason: o.extension.as_ref().map(|e| e.reason.clone()),
            callback_attempts: i64::from(o.callback_attempts),
            satisfaction: o.satisfaction.map(CallbackOutcome::code),
            rating_excluded: o.rating_excluded,
            reopen_count: i64::from(o.reopen_count),
            return_count: i64::from(o.return_count),
            supervision_level: i64::from(o.supervision_level),
            repeat_of: o.repeat_of.map(|r| r.0),
            merged_into: o.merged_into.map(|m| m.0),
            version: o.version,
            warn_by: ms(d.warn_by),
            policy_version: o.policy_version,
            suspended_since: o.suspension.as_ref().map(|s| millis(s.since)),
            suspension_reason: o.suspension.as_ref().map(|s| s.reason.clone()),
        }
    }
}

/// Binds `Values` in `FIELDS` order.
macro_rules! bind_values {
    ($query:expr, $v:expr) => {{
        let v = $v;
        $query
            .bind(v.number)
            .bind(v.channel)
            .bind(v.appellant_name)
            .bind(v.appellant_phone)
            .bind(v.appellant_id_number)
            .bind(v.appellant_address)
            .bind(v.case_number)
            .bind(v.content)
            .bind(v.appeal_type)
            .bind(v.area)
            .bind(v.complexity)
            .bind(v.urgency)
            .bind(v.status)
            .bind(v.close_reason)
            .bind(v.court_id)
            .bind(v.department_id)
            .bind(v.handler_id)
            .bind(v.registered_by)
            .bind(v.registered_at)
            .bind(v.updated_at)
            .bind(v.dispatched_at)
            .bind(v.accepted_at)
            .bind(v.replied_at)
            .bind(v.closed_at)
            .bind(v.deadline_started_at)
            .bind(v.accept_by)
            .bind(v.reply_by)
            .bind(v.callback_by)
            .bind(v.due_at)
            .bind(v.reply)
            .bind(v.answered_on_spot)
            .bind(v.extension_state)
            .bind(v.extension_days)
            .bind(v.extension_reason)
            .bind(v.callback_attempts)
            .bind(v.satisfaction)
            .bind(v.rating_excluded)
            .bind(v.reopen_count)
            .bind(v.return_count)
            .bind(v.supervision_level)
            .bind(v.repeat_of)
            .bind(v.merged_into)
            .bind(v.version)
            .bind(v.warn_by)
            .bind(v.policy_version)
            .bind(v.suspended_since)
            .bind(v.suspension_reason)
    }};
}
pub(crate) use bind_values;

/// A stored order row.
#[derive(sqlx::FromRow)]
pub struct OrderRow {
    id: i64,
    number: String,
    channel: String,
    appellant_name: String,
    appellant_phone: Option<String>,
    appellant_id_number: Option<String>,
    appellant_address: Option<String>,
    case_number: Option<String>,
    content: String,
    appeal_type: Option<String>,
    area: Option<String>,
    complexity: Option<String>,
    urgency: String,
    status: String,
    close_reason: Option<String>,
    court_id: Option<i64>,
    department_id: Option<i64>,
    handler_id: Option<i64>,
    registered_by: Option<i64>,
    registered_at: i64,
    updated_at: i64,
    dispatched_at: Option<i64>,
    accepted_at: Option<i64>,
    replied_at: Option<i64>,
    closed_at: Option<i64>,
    deadline_started_at: Option<i64>,
    accept_by: Option<i64>,
    reply_by: Option<i64>,
    callback_by: Option<i64>,
    reply: Option<String>,
    answered_on_spot: bool,
    extension_state: Option<String>,
    extension_days: Option<i64>,
    extension_reason: Option<String>,
    callback_attempts: i64,
    satisfaction: Option<String>,
    rating_excluded: bool,
    reopen_count: i64,
    return_count: i64,
    supervision_level: i64,
    repeat_of: Option<i64>,
    merged_into: Option<i64>,
    version: i64,
    warn_by: Option<i64>,
    policy_version: i64,
    suspended_since: Option<i64>,
    suspension_reason: Option<String>,
}

/// Parses a stored code of a vocabulary.
fn code<T>(what: &str, value: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    parse(value).ok_or_else(|| corrupt(what, value))
}

fn opt_code<T>(
    what: &str,
    value: Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>> {
    value.map(|v| code(what, &v, parse)).transpose()
}

/// Who holds an order, from its court, department and handler columns.
pub(crate) fn assignment(
    court_id: Option<i64>,
    department_id: Option<i64>,
    handler_id: Option<i64>,
) -> Assignment {
    Assignment {
        court_id: court_id.map(CourtId),
        department_id: department_id.map(DepartmentId),
        handler_id: handler_id.map(UserId),
    }
}

/// An order's deadlines from `[deadline_started_at, accept_by, reply_by, callback_by, warn_by]`.
pub(crate) fn deadlines(
    [started_at, accept_by, reply_by, callback_by, warn_by]: [Option<i64>; 5],
) -> Result<Deadlines> {
    Ok(Deadlines {
        started_at: opt_instant(started_at)?,
        accept_by: opt_instant(accept_by)?,
        reply_by: opt_instant(reply_by)?,
        callback_by: opt_instant(callback_by)?,
        warn_by: opt_instant(warn_by)?,
    })
}

fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

impl OrderRow {
    pub fn into_order(self) -> Result<WorkOrder> {
        let parsed = |what: &str, value: &str, e: tongban_domain::DomainError| {
            corrupt(what, &format!("{value}: {}", e.message))
        };
        let phone = self
            .appellant_phone
            .map(|p| Phone::parse(&p).map_err(|e| parsed("phone", &p, e)))
            .transpose()?;
        let id_number = self
            .appellant_id_number
            .map(|i| IdCardNo::parse(&i).map_err(|e| parsed("id_number", &i, e)))
            .transpose()?;
        let case_number = self
            .case_number
            .map(|c| CaseNo::parse(&c).map_err(|e| parsed("case_number", &c, e)))
            .transpose()?;
        let extension = match self.extension_state {
            Some(state) => Some(Extension {
                state: code("extension_state", &state, ExtensionState::from_code)?,
                days: count(self.extension_days.unwrap_or(0)),
                reason: self.extension_reason.unwrap_or_default(),
            }),
            None => None,
        };
        Ok(WorkOrder {
            id: OrderId(self.id),
            number: self.number,
            channel: code("channel", &self.channel, Channel::from_code)?,
            appellant: Appellant {
                name: self.appellant_name,
                phone,
                id_number,
                address: self.appellant_address,
            },
            case_number,
            content: self.content,
            classification: Classification {
                appeal_type: opt_code("type", self.appeal_type, AppealType::from_code)?,
                area: opt_code("area", self.area, Area::from_code)?,
                complexity: opt_code("complexity", self.complexity, Complexity::from_code)?,
                urgency: code("urgency", &self.urgency, Urgency::from_code)?,
            },
            status: code("status", &self.status, Status::from_code)?,
            close_reason: opt_code("close_reason", self.close_reason, CloseReason::from_code)?,
            assignment: assignment(self.court_id, self.department_id, self.handler_id),
            deadlines: deadlines([
                self.deadline_started_at,
                self.accept_by,
                self.reply_by,
                self.callback_by,
                self.warn_by,
            ])?,
            registered_by: self.registered_by.map(UserId),
            registered_at: instant(self.registered_at)?,
            updated_at: instant(self.updated_at)?,
            dispatched_at: opt_instant(self.dispatched_at)?,
            accepted_at: opt_instant(self.accepted_at)?,
            replied_at: opt_instant(self.replied_at)?,
            closed_at: opt_instant(self.closed_at)?,
            reply: self.reply,
            answered_on_spot: self.answered_on_spot,
            extension,
            suspension: match self.suspended_since {
                Some(since) => Some(Suspension {
                    since: instant(since)?,
                    reason: self.suspension_reason.unwrap_or_default(),
                }),
                None => None,
            },
            callback_attempts: count(self.callback_attempts),
            satisfaction: opt_code(
                "satisfaction",
                self.satisfaction,
                CallbackOutcome::from_code,
            )?,
            rating_excluded: self.rating_excluded,
            reopen_count: count(self.reopen_count),
            return_count: count(self.return_count),
            supervision_level: u8::try_from(self.supervision_level).unwrap_or(3),
            repeat_of: self.repeat_of.map(OrderId),
            merged_into: self.merged_into.map(OrderId),
            policy_version: self.policy_version,
            version: self.version,
        })
    }
}
