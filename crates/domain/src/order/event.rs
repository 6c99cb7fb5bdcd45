//! 办理记录 timeline events: as an action drafts them, and as they are stored.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use super::{EventKind, Status};
use crate::ids::{OrderId, UserId};

/// What happened to an order, when, and by whom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEvent {
    pub id: i64,
    pub order_id: OrderId,
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    /// None for the system or a citizen.
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub status_after: Status,
    pub note: Option<String>,
    pub data: Map<String, Value>,
}

/// The timeline entry an action writes.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDraft {
    pub kind: EventKind,
    pub note: Option<String>,
    /// Particulars (the route, the outcome, the days...), as a JSON object.
    pub data: Map<String, Value>,
}

impl EventDraft {
    pub fn new(kind: EventKind, note: Option<String>) -> EventDraft {
        EventDraft {
            kind,
            note,
            data: Map::new(),
        }
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> EventDraft {
        self.data.insert(key.to_string(), value.into());
        self
    }
}
