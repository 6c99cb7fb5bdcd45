//! An order's deadlines and its traffic light (红绿灯).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// When the clock started and when each step is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadlines {
    /// When the current deadlines started to run (registration, or a reopening).
    pub started_at: Option<DateTime<Utc>>,
    /// 受理时限
    pub accept_by: Option<DateTime<Utc>>,
    /// 答复时限
    pub reply_by: Option<DateTime<Utc>>,
    /// 回访时限
    pub callback_by: Option<DateTime<Utc>>,
    /// 即将超期 when the warning of the running deadline is due (a share of its time).
    pub warn_by: Option<DateTime<Utc>>,
}

/// The instant `share` (e.g. 0.75) of the time from `start` to `due` is used.
pub fn warning_instant(start: DateTime<Utc>, due: DateTime<Utc>, share: f64) -> DateTime<Utc> {
    let total = (due - start).num_milliseconds().max(0) as f64;
    start + chrono::Duration::milliseconds((total * share.clamp(0.0, 1.0)).ceil() as i64)
}

crate::vocabulary!(
    /// 红绿灯 how much of the running deadline is used
    Light {
        Green = "green" / "正常",
        Yellow = "yellow" / "即将超期",
        Red = "red" / "已超期",
    }
);

impl Light {
    /// Red when `due` has passed, yellow once `warn_at` (e.g. 0.75) of the time from `start`
    /// to `due` is used, green otherwise.
    pub fn of(start: DateTime<Utc>, due: DateTime<Utc>, now: DateTime<Utc>, warn_at: f64) -> Light {
        if now >= due {
            return Light::Red;
        }
        let total = (due - start).num_seconds().max(1) as f64;
        let used = (now - start).num_seconds() as f64;
        if used / total >= warn_at {
            Light::Yellow
        } else {
            Light::Green
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn light_turns_yellow_at_three_quarters_and_red_when_due() {
        let start = Utc::now();
        let due = start + Duration::hours(100);
        assert_eq!(
            Light::of(start, due, start + Duration::hours(74), 0.75),
            Light::Green
        );
        assert_eq!(
            Light::of(start, due, start + Duration::hours(75), 0.75),
            Light::Yellow
        );
        assert_eq!(Light::of(start, due, due, 0.75), Light::Red);
    }
}
