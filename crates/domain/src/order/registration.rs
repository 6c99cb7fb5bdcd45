//! 登记 registering a new appeal as a work order.

use chrono::{DateTime, Utc};

use super::{
    Appellant, Assignment, Classification, EventDraft, EventKind, Settings, Status, WorkOrder,
};
use crate::codes::{Channel, CourtLevel, Role};
use crate::ids::{CourtId, OrderId};
use crate::values::{CaseNo, required_text};
use crate::{Actor, DomainError};

/// The longest appeal text accepted (a long letter).
pub const MAX_CONTENT_CHARS: usize = 20_000;

/// A new appeal, its values already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub channel: Channel,
    pub appellant: Appellant,
    pub case_number: Option<CaseNo>,
    pub content: String,
    pub classification: Classification,
    /// The receiving court; staff of a basic court always register for their own court.
    pub court_id: Option<CourtId>,
}

/// Builds the order registered by `actor` (an agent, the service office, or the system
/// for the citizen portal and other organs' systems). It is not stored yet: its id is
/// `OrderId::UNSAVED` and its number empty until the store assigns both.
pub fn register(
    registration: Registration,
    actor: &Actor,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<(WorkOrder, EventDraft), DomainError> {
    if !actor.system && !actor.has_any(&[Role::Agent, Role::ServiceOffice]) {
        return Err(DomainError::forbidden(
            "role_not_allowed",
            "只有话务员或群众诉求服务处可以登记诉求",
        ));
    }
    let content = required_text("content", &registration.content, MAX_CONTENT_CHARS)?;
    let name = required_text("appellant.name", &registration.appellant.name, 50)?;
    let needs_phone = matches!(registration.channel, Channel::Hotline | Channel::Web);
    if needs_phone && registration.appellant.phone.is_none() {
        return Err(DomainError::missing("appellant.phone"));
    }
    let court_id = if !actor.system && actor.court_level == CourtLevel::Basic {
        Some(actor.court_id)
    } else {
        registration.court_id
    };
    let classification = registration.classification;
    let mut order = WorkOrder {
        id: OrderId::UNSAVED,
        number: String::new(),
        channel: registration.channel,
        appellant: Appellant {
            name,
            ..registration.appellant
        },
        case_number: registration.case_number,
        content,
        classification,
        status: Status::Registered,
        close_reason: None,
        assignment: Assignment {
            court_id,
            ..Assignment::default()
        },
        deadlines: settings.deadlines(&classification, now),
        registered_by: (!actor.system).then_some(actor.user_id),
        registered_at: now,
        updated_at: now,
        dispatched_at: None,
        accepted_at: None,
        replied_at: None,
        closed_at: None,
        reply: None,
        answered_on_spot: false,
        extension: None,
        suspension: None,
        callback_attempts: 0,
        satisfaction: None,
        rating_excluded: false,
        reopen_count: 0,
        return_count: 0,
        supervision_level: 0,
        repeat_of: None,
        merged_into: None,
        policy_version: settings.policy_version,
        version: 1,
    };
    order.refresh_warning(settings.warn_at);
    let event =
        EventDraft::new(EventKind::Registered, None).with("channel", registration.channel.code());
    Ok((order, event))
}
