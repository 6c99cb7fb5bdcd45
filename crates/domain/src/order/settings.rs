//! The configuration the life-cycle rules need: calendar, deadline policy, thresholds.

use chrono::{DateTime, Utc};

use super::Classification;
use crate::time::{Calendar, Deadlines, Policy};

/// The configuration the rules need.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub calendar: &'a Calendar,
    pub policy: &'a Policy,
    /// The version of `policy`, recorded on the orders registered under it.
    pub policy_version: i64,
    /// After this many unanswered callback attempts the order is rated 未接通 unreachable.
    pub max_callback_attempts: u32,
    /// The share of a deadline after which the holder is warned (即将超期), e.g. 0.75.
    pub warn_at: f64,
}

impl Settings<'_> {
    /// Accept and reply deadlines for a clock that starts at `start`.
    pub fn deadlines(&self, class: &Classification, start: DateTime<Utc>) -> Deadlines {
        let limits = self
            .policy
            .limits(class.appeal_type, class.complexity, class.urgency);
        Deadlines {
            started_at: Some(start),
            accept_by: Some(limits.accept.after(start, self.calendar)),
            reply_by: Some(limits.reply.after(start, self.calendar)),
            callback_by: None,
            warn_by: None,
        }
    }

    pub(super) fn callback_by(
        &self,
        class: &Classification,
        replied_at: DateTime<Utc>,
    ) -> DateTime<Utc> {
        let limits = self
            .policy
            .limits(class.appeal_type, class.complexity, class.urgency);
        limits.callback.after(replied_at, self.calendar)
    }
}
