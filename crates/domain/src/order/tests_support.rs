//! Orders for the domain's unit tests.

use chrono::{DateTime, Utc};

use super::{Appellant, Classification, Registration, Settings, WorkOrder, register};
use crate::codes::{Channel, Urgency};
use crate::time::{Calendar, Policy};
use crate::values::Phone;
use crate::{Actor, OrderId};

pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

/// A freshly registered hotline order, number `SZ-20261126-0001`, id 1.
pub fn order() -> WorkOrder {
    let (calendar, policy) = (Calendar::default(), Policy::default());
    let settings = Settings {
        calendar: &calendar,
        policy: &policy,
        policy_version: 1,
        max_callback_attempts: 3,
        warn_at: 0.75,
    };
    let registration = Registration {
        channel: Channel::Hotline,
        appellant: Appellant {
            name: "张三".into(),
            phone: Some(Phone::parse("13812345678").unwrap()),
            id_number: None,
            address: None,
        },
        case_number: None,
        content: "执行款未到账".into(),
        classification: Classification {
            appeal_type: None,
            area: None,
            complexity: None,
            urgency: Urgency::Normal,
        },
        court_id: None,
    };
    let (mut order, _) = register(
        registration,
        &Actor::system(),
        at("2026-11-26T02:00:00Z"),
        &settings,
    )
    .unwrap();
    order.id = OrderId(1);
    order.number = "SZ-20261126-0001".into();
    order
}
