//! Time in the courts: China's clock (UTC+8), the court calendar, deadline policies.

mod calendar;
mod clock;
mod deadlines;
mod policy;

pub use calendar::{Calendar, DayKind, SpecialDay, WorkingHours};
pub use clock::Clock;
pub use deadlines::{Deadlines, Light, warning_instant};
pub use policy::{Limits, Policy, PolicyRule, Span};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// China Standard Time; China has no daylight saving time.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The calendar date in China at this instant.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china()).date_naive()
}
