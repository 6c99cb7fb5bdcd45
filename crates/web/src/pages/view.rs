//! Orders as rows of a table: labels, names and times already formatted.

use chrono::{DateTime, Utc};
use tongban_domain::order::WorkOrder;
use tongban_domain::time::china;

use super::directory::Directory;

/// China time, to the minute.
pub fn cst(at: DateTime<Utc>) -> String {
    at.with_timezone(&china())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub fn cst_opt(at: Option<DateTime<Utc>>) -> String {
    at.map_or_else(|| "—".to_string(), cst)
}

/// The first characters of a text, on one line.
pub fn excerpt(text: &str, chars: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > chars {
        format!("{}…", one_line.chars().take(chars).collect::<String>())
    } else {
        one_line
    }
}

/// One order in a list.
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub channel: &'static str,
    pub appeal_type: &'static str,
    pub urgency: &'static str,
    pub appellant: String,
    pub excerpt: String,
    pub registered: String,
    pub due: String,
    pub light: &'static str,
    pub light_label: &'static str,
    pub level: u8,
    pub court: String,
    pub department: String,
    pub handler: String,
}

impl OrderRow {
    pub fn of(o: &WorkOrder, now: DateTime<Utc>, warn_at: f64, names: &Directory) -> OrderRow {
        let light = o.light(now, warn_at);
        OrderRow {
            id: o.id.0,
            number: o.number.clone(),
            status: o.status.code(),
            status_label: o.status.label(),
            channel: o.channel.label(),
            appeal_type: o.classification.appeal_type.map_or("未分类", |t| t.label()),
            urgency: o.classification.urgency.label(),
            appellant: o.appellant.name.clone(),
            excerpt: excerpt(&o.content, 40),
            registered: cst(o.registered_at),
            due: cst_opt(o.running_deadline().map(|(_, due)| due)),
            light: light.code(),
            light_label: light.label(),
            level: o.supervision_level,
            court: names.court(o.assignment.court_id),
            department: names.department(o.assignment.department_id),
            handler: names.person(o.assignment.handler_id),
        }
    }
}
