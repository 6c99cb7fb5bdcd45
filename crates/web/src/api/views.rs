//! How orders look in JSON: personal data masked, deadlines with their traffic light.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use tongban_app::Rules;
use tongban_domain::codes::{AppealType, Area, CallbackOutcome, Channel, Complexity, Urgency};
use tongban_domain::order::{
    ActionName, Appellant, CloseReason, EventKind, ExtensionState, Status, TimelineEvent, WorkOrder,
};
use tongban_domain::time::{Deadlines, Light};
use utoipa::ToSchema;

/// The appellant; phone, ID number and address masked unless revealed.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppellantView {
    pub name: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub address: Option<String>,
    /// Whether the personal data above is masked.
    pub masked: bool,
}

impl AppellantView {
    pub fn masked(a: &Appellant) -> AppellantView {
        AppellantView {
            name: a.name.clone(),
            phone: a.phone.as_ref().map(|p| p.masked()),
            id_number: a.id_number.as_ref().map(|i| i.masked()),
            address: a.address.as_ref().map(|addr| mask_address(addr)),
            masked: true,
        }
    }

    pub fn revealed(a: &Appellant) -> AppellantView {
        AppellantView {
            name: a.name.clone(),
            phone: a.phone.as_ref().map(|p| p.to_string()),
            id_number: a.id_number.as_ref().map(|i| i.to_string()),
            address: a.address.clone(),
            masked: false,
        }
    }
}

/// Keeps the first six characters (district, street) of an address.
fn mask_address(address: &str) -> String {
    let kept: String = address.chars().take(6).collect();
    format!("{kept}****")
}

/// The parts of a case number.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    pub year: u16,
    /// e.g. `粤0304`
    pub court: String,
    /// e.g. `民初`
    pub case_type: String,
    pub serial: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExtensionView {
    pub state: ExtensionState,
    pub days: u32,
    pub reason: String,
}

/// One timeline event.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    /// Chinese name of the event.
    pub kind_label: &'static str,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub status_after: Status,
    pub note: Option<String>,
    #[schema(value_type = Object)]
    pub data: Map<String, Value>,
}

impl From<TimelineEvent> for EventView {
    fn from(e: TimelineEvent) -> Self {
        EventView {
            id: e.id,
            at: e.at,
            kind_label: e.kind.label(),
            kind: e.kind,
            actor_id: e.actor_id.map(|u| u.0),
            actor_name: e.actor_name,
            status_after: e.status_after,
            note: e.note,
            data: e.data,
        }
    }
}

/// A work order.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderView {
    pub id: i64,
    /// e.g. `SZ-20261126-0001`
    pub number: String,
    pub channel: Channel,
    pub status: Status,
    /// Chinese name of the status.
    pub status_label: &'static str,
    pub close_reason: Option<CloseReason>,
    pub appellant: AppellantView,
    pub case_number: Option<String>,
    pub case: Option<CaseView>,
    pub content: String,
    #[serde(rename = "type")]
    pub appeal_type: Option<AppealType>,
    pub area: Option<Area>,
    pub complexity: Option<Complexity>,
    pub urgency: Urgency,
    pub court_id: Option<i64>,
    pub department_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub registered_by: Option<i64>,
    pub deadlines: Deadlines,
    /// The deadline running now (accept, reply or callback).
    pub due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    /// 红绿灯 of the running deadline.
    pub light: Light,
    /// 督办级别 0–3.
    pub supervision_level: u8,
    pub registered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub replied_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub reply: Option<String>,
    pub answered_on_spot: bool,
    pub extension: Option<ExtensionView>,
    /// 挂起 since when handling waits for the citizen (the reply deadline does not run).
    pub suspended_since: Option<DateTime<Utc>>,
    /// Why it is suspended.
    pub suspension_reason: Option<String>,
    pub callback_attempts: u32,
    pub satisfaction: Option<CallbackOutcome>,
    /// The unsatisfied rating was ruled unreasonable and is left out of the satisfaction rate.
    pub rating_excluded: bool,
    pub reopen_count: u32,
    pub return_count: u32,
    pub repeat_of: Option<i64>,
    pub merged_into: Option<i64>,
    /// The deadline policy version the order was registered under (its deadlines follow it).
    pub policy_version: i64,
    /// Bumped by every change.
    pub version: i64,
    /// The timeline, oldest first (when reading one order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventView>>,
    /// The actions the reader can take now (when reading one order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<ActionName>>,
    /// Whether the reader may reveal the personal data (when reading one order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub may_reveal_personal_data: Option<bool>,
}

impl OrderView {
    pub fn of(o: WorkOrder, now: DateTime<Utc>, rules: &Rules) -> OrderView {
        let due_at = o.running_deadline().map(|(_, due)| due);
        let light = o.light(now, rules.warn_at);
        OrderView {
            id: o.id.0,
            status_label: o.status.label(),
            appellant: AppellantView::masked(&o.appellant),
            case: o.case_number.as_ref().map(|c| CaseView {
                year: c.year,
                court: c.court(),
                case_type: c.case_type.clone(),
                serial: c.serial,
            }),
            case_number: o.case_number.map(|c| c.to_string()),
            number: o.number,
            channel: o.channel,
            status: o.status,
            close_reason: o.close_reason,
            content: o.content,
            appeal_type: o.classification.appeal_type,
            area: o.classification.area,
            complexity: o.classification.complexity,
            urgency: o.classification.urgency,
            court_id: o.assignment.court_id.map(|c| c.0),
            department_id: o.assignment.department_id.map(|d| d.0),
            handler_id: o.assignment.handler_id.map(|h| h.0),
            registered_by: o.registered_by.map(|u| u.0),
            deadlines: o.deadlines,
            due_at,
            overdue: due_at.is_some_and(|d| d <= now),
            light,
            supervision_level: o.supervision_level,
            registered_at: o.registered_at,
            updated_at: o.updated_at,
            dispatched_at: o.dispatched_at,
            accepted_at: o.accepted_at,
            replied_at: o.replied_at,
            closed_at: o.closed_at,
            reply: o.reply,
            answered_on_spot: o.answered_on_spot,
            extension: o.extension.map(|e| ExtensionView {
                state: e.state,
                days: e.days,
                reason: e.reason,
            }),
            suspended_since: o.suspension.as_ref().map(|s| s.since),
            suspension_reason: o.suspension.map(|s| s.reason),
            callback_attempts: o.callback_attempts,
            satisfaction: o.satisfaction,
            rating_excluded: o.rating_excluded,
            reopen_count: o.reopen_count,
            return_count: o.return_count,
            repeat_of: o.repeat_of.map(|r| r.0),
            merged_into: o.merged_into.map(|m| m.0),
            policy_version: o.policy_version,
            version: o.version,
            events: None,
            actions: None,
            may_reveal_personal_data: None,
        }
    }
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many match in all.
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}
