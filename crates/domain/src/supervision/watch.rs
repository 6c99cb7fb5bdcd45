//! What the deadline sweep does when it looks at an order: nothing yet, warn the holder
//! (即将超期), or open the supervision its lateness calls for.

use chrono::{DateTime, Utc};

use crate::codes::Urgency;
use crate::order::{Status, WorkOrder};

use super::Watched;

crate::vocabulary!(
    /// 时限环节 which deadline is running
    Phase {
        Accept = "accept" / "受理",
        Reply = "reply" / "答复",
        Callback = "callback" / "回访",
    }
);

impl Phase {
    /// The deadline running in this status, if any.
    pub fn of(status: Status) -> Option<Phase> {
        match status {
            Status::Registered | Status::Screened | Status::Dispatched => Some(Phase::Accept),
            Status::Accepted => Some(Phase::Reply),
            Status::Replied => Some(Phase::Callback),
            _ => None,
        }
    }

    /// The supervision level lateness in this phase calls for: by urgency (特急 3, 加急 2,
    /// 普通 1) for accepting and replying; 1 for the callback, which is the service office's
    /// own step — level 1 urges it, and climbs to the inspection office if that goes unheeded.
    pub fn late_level(self, urgency: Urgency) -> u8 {
        match self {
            Phase::Callback => 1,
            Phase::Accept | Phase::Reply => late_level(urgency),
        }
    }
}

/// What the sweep finds when it looks at an order at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watch {
    /// Nothing runs: the order leaves the sweep until it changes again.
    Idle,
    /// Too early: look again at this instant.
    Later(DateTime<Utc>),
    /// 即将超期: warn the holder once for this deadline, then look again when it is due.
    Warn { phase: Phase, due: DateTime<Utc> },
    /// 超期: the deadline passed; supervise at `level`.
    Late { phase: Phase, level: u8 },
}

/// The supervision level an order's lateness calls for: 特急 → 3, 加急 → 2, 普通 → 1.
pub fn late_level(urgency: Urgency) -> u8 {
    match urgency {
        Urgency::ExtraUrgent => 3,
        Urgency::Urgent => 2,
        Urgency::Normal => 1,
    }
}

/// When the sweep looks at an order after a change: at its warning, else at its running
/// deadline; never while no deadline runs.
pub fn watch_at(order: &WorkOrder) -> Option<DateTime<Utc>> {
    let (_, due) = order.running_deadline()?;
    Some(order.deadlines.warn_by.unwrap_or(due))
}

/// Decides what the sweep does with `order` at `now`.
pub fn watch(order: &Watched, now: DateTime<Utc>) -> Watch {
    let (Some((_, due)), Some(phase)) = (order.running_deadline(), Phase::of(order.status)) else {
        return Watch::Idle;
    };
    if now >= due {
        let level = phase.late_level(order.urgency);
        return Watch::Late { phase, level };
    }
    match order.deadlines.warn_by {
        Some(warn) if now >= warn => Watch::Warn { phase, due },
        Some(warn) => Watch::Later(warn),
        None => Watch::Later(due),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::tests_support::{at, order};

    #[test]
    fn an_order_is_warned_at_three_quarters_then_supervised_by_its_urgency() {
        let mut o = order();
        o.deadlines.started_at = Some(at("2026-11-26T00:00:00Z"));
        o.deadlines.accept_by = Some(at("2026-11-26T04:00:00Z"));
        o.refresh_warning(0.75);
        assert_eq!(
            watch(&Watched::of(&o), at("2026-11-26T02:00:00Z")),
            Watch::Later(at("2026-11-26T03:00:00Z"))
        );
        assert_eq!(
            watch(&Watched::of(&o), at("2026-11-26T03:00:00Z")),
            Watch::Warn {
                phase: Phase::Accept,
                due: at("2026-11-26T04:00:00Z")
            }
        );
        assert_eq!(
            watch(&Watched::of(&o), at("2026-11-26T04:00:00Z")),
            Watch::Late {
                phase: Phase::Accept,
                level: 1
            }
        );
        o.classification.urgency = Urgency::ExtraUrgent;
        assert_eq!(
            watch(&Watched::of(&o), at("2026-11-27T00:00:00Z")),
            Watch::Late {
                phase: Phase::Accept,
                level: 3
            }
        );
        o.status = Status::Closed;
        assert_eq!(
            watch(&Watched::of(&o), at("2026-11-27T00:00:00Z")),
            Watch::Idle
        );
    }

    #[test]
    fn the_sweep_looks_first_at_the_warning_then_at_the_deadline_and_never_while_suspended() {
        let mut o = order();
        o.deadlines.started_at = Some(at("2026-11-26T00:00:00Z"));
        o.deadlines.accept_by = Some(at("2026-11-26T04:00:00Z"));
        o.deadlines.warn_by = None;
        assert_eq!(watch_at(&o), Some(at("2026-11-26T04:00:00Z")));
        o.refresh_warning(0.75);
        assert_eq!(watch_at(&o), Some(at("2026-11-26T03:00:00Z")));
        o.suspension = Some(crate::order::Suspension {
            since: at("2026-11-26T01:00:00Z"),
            reason: "等待当事人补充材料".into(),
        });
        assert_eq!(watch_at(&o), None);
        o.suspension = None;
        o.status = Status::Closed;
        assert_eq!(watch_at(&o), None);
    }

    #[test]
    fn a_late_callback_is_supervised_at_level_one_whatever_the_urgency() {
        assert_eq!(Phase::Callback.late_level(Urgency::ExtraUrgent), 1);
        assert_eq!(Phase::Reply.late_level(Urgency::Urgent), 2);
    }
}
