//! 回拨 calling back a caller whose call ended unanswered.

use chrono::{DateTime, Utc};

use crate::time::Calendar;

/// A missed call is called back within this many working hours (court calendar).
pub const CALLBACK_WORKING_HOURS: u32 = 2;

crate::vocabulary!(
    /// 回拨任务状态 the state of a callback task
    CallbackStatus {
        Open = "open" / "待回拨",
        Done = "done" / "已回拨",
        AutoClosed = "auto_closed" / "来电已接通",
        Unreachable = "unreachable" / "多次未接通",
    }
);

crate::vocabulary!(
    /// 回拨结果 what calling back gave
    CallbackResult {
        Reached = "reached" / "已接通并答复",
        Registered = "registered" / "已接通并登记工单",
        Unreachable = "unreachable" / "未接通",
    }
);

/// The deadline of the callback of a call missed at `missed_at`.
pub fn callback_due(missed_at: DateTime<Utc>, calendar: &Calendar) -> DateTime<Utc> {
    calendar.add_working_hours(missed_at, CALLBACK_WORKING_HOURS)
}
