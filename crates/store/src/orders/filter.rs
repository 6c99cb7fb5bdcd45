//! Filters and sorting of order lists, turned into SQL conditions.

use chrono::{DateTime, Utc};
use tongban_domain::Scope;
use tongban_domain::codes::{AppealType, Area, Channel, Urgency};
use tongban_domain::order::Status;
use tongban_domain::{CourtId, DepartmentId, UserId};

use crate::args::{Arg, Statement};
use crate::{Backend, millis};

/// What a list asks for; every set field narrows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderFilter {
    pub statuses: Vec<Status>,
    pub court_id: Option<CourtId>,
    pub department_id: Option<DepartmentId>,
    pub handler_id: Option<UserId>,
    pub channel: Option<Channel>,
    pub appeal_type: Option<AppealType>,
    pub area: Option<Area>,
    pub urgency: Option<Urgency>,
    /// true: the running deadline has passed; false: it has not (or none runs).
    pub overdue: Option<bool>,
    pub registered_from: Option<DateTime<Utc>>,
    pub registered_to: Option<DateTime<Utc>>,
    /// The appellant's canonical phone number.
    pub phone: Option<String>,
    /// The canonical case number.
    pub case_number: Option<String>,
    pub min_supervision_level: Option<u8>,
    /// 全文检索 words that must all occur in the content, reply or notes (see
    /// `tongban_text::search::query_terms`); empty: no text condition.
    pub text: Vec<String>,
    pub sort: Sort,
}

/// The order of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Newest registration first.
    #[default]
    Newest,
    Oldest,
    /// The running deadline nearest first; orders with none last.
    DueFirst,
}

impl Sort {
    pub(crate) fn order_by(self) -> &'static str {
        match self {
            Sort::Newest => " ORDER BY id DESC",
            Sort::Oldest => " ORDER BY id ASC",
            Sort::DueFirst => " ORDER BY due_at IS NULL, due_at, id",
        }
    }
}

/// Limits a statement to the orders in `scope`.
pub(crate) fn restrict_to_scope(s: &mut Statement, scope: &Scope) {
    if scope.all_courts {
        return;
    }
    if scope.is_empty() {
        s.push(" AND 1 = 0");
        return;
    }
    let mut parts = 0;
    s.push(" AND (");
    let mut or = |s: &mut Statement| {
        if parts > 0 {
            s.push(" OR ");
        }
        parts += 1;
    };
    if !scope.courts.is_empty() {
        or(s);
        s.push("court_id IN ")
            .bind_list(scope.courts.iter().map(|c| c.0));
    }
    if !scope.departments.is_empty() {
        or(s);
        s.push("department_id IN ")
            .bind_list(scope.departments.iter().map(|d| d.0));
    }
    if let Some(handler) = scope.handler {
        or(s);
        s.push("handler_id = ").bind(Arg::Int(handler.0));
    }
    s.push(")");
}

impl OrderFilter {
    pub(crate) fn apply(&self, s: &mut Statement, backend: Backend, now_ms: i64) {
        if !self.text.is_empty() {
            crate::search::match_condition(s, backend, &self.text);
        }
        let text = |v: &str| Arg::Text(v.to_string());
        match self.statuses.as_slice() {
            [] => {}
            [one] => {
                s.push(" AND status = ").bind(text(one.code()));
            }
            many => {
                s.push(" AND status IN ")
                    .bind_list(many.iter().map(|status| status.code()));
            }
        }
        let mut eq = |column: &str, arg: Option<Arg>| {
            if let Some(arg) = arg {
                s.push(" AND ").push(column).push(" = ").bind(arg);
            }
        };
        eq("court_id", self.court_id.map(|c| Arg::Int(c.0)));
        eq("department_id", self.department_id.map(|d| Arg::Int(d.0)));
        eq("handler_id", self.handler_id.map(|h| Arg::Int(h.0)));
        eq("channel", self.channel.map(|c| text(c.code())));
        eq("appeal_type", self.appeal_type.map(|t| text(t.code())));
        eq("area", self.area.map(|a| text(a.code())));
        eq("urgency", self.urgency.map(|u| text(u.code())));
        eq("appellant_phone", self.phone.as_deref().map(text));
        eq("case_number", self.case_number.as_deref().map(text));
        match self.overdue {
            Some(true) => {
                s.push(" AND due_at < ").bind(Arg::Int(now_ms));
            }
            Some(false) => {
                s.push(" AND (due_at IS NULL OR due_at >= ")
                    .bind(Arg::Int(now_ms))
                    .push(")");
            }
            None => {}
        }
        if let Some(from) = self.registered_from {
            s.push(" AND registered_at >= ")
                .bind(Arg::Int(millis(from)));
        }
        if let Some(to) = self.registered_to {
            s.push(" AND registered_at < ").bind(Arg::Int(millis(to)));
        }
        if let Some(level) = self.min_supervision_level {
            s.push(" AND supervision_level >= ")
                .bind(Arg::Int(i64::from(level)));
        }
    }
}
