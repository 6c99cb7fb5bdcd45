//! 时限视图 the part of an order the deadline sweep reads and a supervision needs: no text,
//! no appellant, so a sweep over thousands of due orders reads a few numbers per order.

use chrono::{DateTime, Utc};

use crate::codes::Urgency;
use crate::ids::OrderId;
use crate::order::{Assignment, Status, WorkOrder, running_deadline};
use crate::time::Deadlines;

/// An open order as the sweep sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Watched {
    pub id: OrderId,
    pub number: String,
    pub status: Status,
    pub urgency: Urgency,
    pub assignment: Assignment,
    pub deadlines: Deadlines,
    pub replied_at: Option<DateTime<Utc>>,
    /// 挂起 handling waits for the citizen: no deadline runs.
    pub suspended: bool,
    pub supervision_level: u8,
    pub version: i64,
}

impl Watched {
    pub fn of(order: &WorkOrder) -> Watched {
        Watched {
            id: order.id,
            number: order.number.clone(),
            status: order.status,
            urgency: order.classification.urgency,
            assignment: order.assignment,
            deadlines: order.deadlines,
            replied_at: order.replied_at,
            suspended: order.suspension.is_some(),
            supervision_level: order.supervision_level,
            version: order.version,
        }
    }

    /// The deadline running now, with the instant its clock started (see `WorkOrder`).
    pub fn running_deadline(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        running_deadline(
            self.status,
            self.suspended,
            &self.deadlines,
            self.replied_at,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::Suspension;
    use crate::order::tests_support::{at, order};

    #[test]
    fn the_view_runs_the_same_deadline_as_the_order_in_every_status() {
        let mut o = order();
        o.deadlines.started_at = Some(at("2026-11-26T00:00:00Z"));
        o.deadlines.accept_by = Some(at("2026-11-26T04:00:00Z"));
        o.deadlines.reply_by = Some(at("2026-12-03T00:00:00Z"));
        o.deadlines.callback_by = Some(at("2026-12-08T00:00:00Z"));
        o.replied_at = Some(at("2026-12-01T00:00:00Z"));
        for status in Status::ALL {
            o.status = *status;
            o.suspension = None;
            assert_eq!(Watched::of(&o).running_deadline(), o.running_deadline());
            o.suspension = Some(Suspension {
                since: at("2026-11-27T00:00:00Z"),
                reason: "等待当事人补充材料".into(),
            });
            assert_eq!(Watched::of(&o).running_deadline(), None);
        }
        o.status = Status::Accepted;
        o.suspension = None;
        assert_eq!(
            Watched::of(&o).running_deadline(),
            Some((at("2026-11-26T00:00:00Z"), at("2026-12-03T00:00:00Z")))
        );
    }
}
