//! 办理记录 one entry of an order's timeline, as stored.

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
