//! The configurable parts of supervision: each level's own deadline, and what counts as an
//! appellant raising a matter again and again (反复提出).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::time::{Calendar, Span};

/// 督办规则 an administrator can edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionPolicy {
    /// How long the supervised side has to respond, per level 1, 2, 3.
    pub respond_within: [Span; 3],
    /// An order is 反复提出 when its matter was raised this many times or more...
    pub repeat_threshold: u32,
    /// ...within this many days.
    pub repeat_window_days: u32,
}

impl Default for SupervisionPolicy {
    /// Level 1: 2 working days; level 2: 3; level 3: 5. Three appeals within 30 days.
    fn default() -> Self {
        SupervisionPolicy {
            respond_within: [
                Span::WorkingDays(2),
                Span::WorkingDays(3),
                Span::WorkingDays(5),
            ],
            repeat_threshold: 3,
            repeat_window_days: 30,
        }
    }
}

impl SupervisionPolicy {
    /// The deadline of a supervision of `level` opened at `start`.
    pub fn due(&self, level: u8, start: DateTime<Utc>, calendar: &Calendar) -> DateTime<Utc> {
        let index = usize::from(level.clamp(1, 3) - 1);
        self.respond_within[index].after(start, calendar)
    }

    /// Whether `appeals` on one matter within the window make it 反复提出.
    pub fn is_repeated(&self, appeals: u32) -> bool {
        appeals >= self.repeat_threshold
    }

    /// Refuses a policy that cannot work.
    pub fn check(&self) -> Result<(), crate::DomainError> {
        if self.repeat_threshold < 2 || self.repeat_window_days == 0 {
            return Err(crate::DomainError::invalid(
                "repeat_threshold",
                "invalid_supervision_policy",
                "反复提出的次数应不少于2次，统计天数应大于0",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_level_has_its_own_deadline_in_working_days() {
        let policy = SupervisionPolicy::default();
        let calendar = Calendar::default();
        // Friday 27 November 2026, 10:00 China time.
        let start = DateTime::parse_from_rfc3339("2026-11-27T10:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let due = |level| {
            policy
                .due(level, start, &calendar)
                .with_timezone(&crate::time::china())
                .to_rfc3339()
        };
        assert_eq!(due(1), "2026-12-01T18:00:00+08:00");
        assert_eq!(due(2), "2026-12-02T18:00:00+08:00");
        assert_eq!(due(3), "2026-12-04T18:00:00+08:00");
        assert!(policy.is_repeated(3) && !policy.is_repeated(2));
    }
}
