//! 通话记录 a call as the switch reports it.

use chrono::{DateTime, Utc};

/// The same number calling again within this many days is a repeat caller (重复来电).
pub const REPEAT_WINDOW_DAYS: i64 = 7;

crate::vocabulary!(
    /// 通话事件 what the switch reports about a call
    CallEvent {
        Offered = "offered" / "呼入",
        AnsweredByAssistant = "answered_by_assistant" / "智能语音接听",
        AnsweredByAgent = "answered_by_agent" / "话务员接听",
        Abandoned = "abandoned" / "放弃",
        Ended = "ended" / "结束",
    }
);

/// A call's state, folded from its events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallState {
    pub offered_at: Option<DateTime<Utc>>,
    pub assistant_at: Option<DateTime<Utc>>,
    pub agent_at: Option<DateTime<Utc>>,
    pub abandoned_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

impl CallState {
    /// Whether anyone (the virtual agent or an agent) answered.
    pub fn answered(&self) -> bool {
        self.assistant_at.is_some() || self.agent_at.is_some()
    }

    /// When the call ended unanswered (abandoned, busy, after hours): a callback is owed.
    pub fn missed_at(&self) -> Option<DateTime<Utc>> {
        if self.answered() {
            return None;
        }
        self.abandoned_at.or(self.ended_at)
    }

    /// When the caller got through, if they did.
    pub fn answered_at(&self) -> Option<DateTime<Utc>> {
        match (self.assistant_at, self.agent_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unanswered_end_owes_a_callback_an_answered_one_does_not() {
        let at = Utc::now();
        let mut call = CallState {
            offered_at: Some(at),
            ended_at: Some(at),
            ..CallState::default()
        };
        assert_eq!(call.missed_at(), Some(at));
        call.agent_at = Some(at);
        assert_eq!(call.missed_at(), None);
        assert_eq!(call.answered_at(), Some(at));
    }
}
