//! 办理时限 the deadline policy: for each type × complexity × urgency, how long to accept,
//! to reply and to call back. The default is the table of SPEC §3; administrators edit it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::Calendar;
use crate::codes::{AppealType, Complexity, Urgency};

/// A length of time in one of the units the courts count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "amount", rename_all = "snake_case")]
pub enum Span {
    /// Clock hours, rest days included (extra-urgent matters).
    NaturalHours(u32),
    /// Office hours only.
    WorkingHours(u32),
    /// Whole working days, the starting day not counted.
    WorkingDays(u32),
    /// Calendar days; a deadline on a rest day moves to the next working day.
    NaturalDays(u32),
}

impl Span {
    /// The deadline this span sets when the clock starts at `start`.
    pub fn after(self, start: DateTime<Utc>, calendar: &Calendar) -> DateTime<Utc> {
        match self {
            Span::NaturalHours(h) => start + Duration::hours(i64::from(h)),
            Span::WorkingHours(h) => calendar.add_working_hours(start, h),
            Span::WorkingDays(d) => calendar.add_working_days(start, d),
            Span::NaturalDays(d) => calendar.add_natural_days(start, d),
        }
    }
}

impl Span {
    /// Moves `at` later by the time paused from `from` to `to` (挂起), measured the way this
    /// span counts: office time for working hours and days, clock time otherwise. Rounded to
    /// the minute: a few milliseconds more would push a deadline at closing time into the next
    /// morning.
    pub fn postpone(
        self,
        at: DateTime<Utc>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        calendar: &Calendar,
    ) -> DateTime<Utc> {
        let paused = match self {
            Span::WorkingHours(_) | Span::WorkingDays(_) => calendar.working_time_between(from, to),
            Span::NaturalHours(_) | Span::NaturalDays(_) => (to - from).max(Duration::zero()),
        };
        let paused = Duration::minutes((paused.num_milliseconds() + 30_000) / 60_000);
        match self {
            Span::WorkingHours(_) | Span::WorkingDays(_) => calendar.add_working_time(at, paused),
            Span::NaturalHours(_) | Span::NaturalDays(_) => at + paused,
        }
    }
}

/// How long each step may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub accept: Span,
    pub reply: Span,
    pub callback: Span,
}

/// One line of the policy; an absent condition matches anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRule {
    #[serde(rename = "type")]
    pub appeal_type: Option<AppealType>,
    pub complexity: Option<Complexity>,
    pub urgency: Option<Urgency>,
    #[serde(flatten)]
    pub limits: Limits,
}

impl PolicyRule {
    fn matches(&self, t: Option<AppealType>, c: Option<Complexity>, u: Urgency) -> bool {
        self.appeal_type.is_none_or(|x| Some(x) == t)
            && self.complexity.is_none_or(|x| Some(x) == c)
            && self.urgency.is_none_or(|x| x == u)
    }
}

/// An ordered list of rules: the first that matches decides. The last rule matches anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub rules: Vec<PolicyRule>,
}

const CALLBACK: Span = Span::WorkingDays(2);

impl Default for Policy {
    /// SPEC §3: 特急 2 h / 1 day; 加急 4 working hours / 2 working days; 信访 15 / 60 days;
    /// 易 1 working day when not answered on the spot; 简 1 / 3 and 繁 3 / 15 working days.
    fn default() -> Self {
        let rule = |appeal_type, complexity, urgency, accept, reply| PolicyRule {
            appeal_type,
            complexity,
            urgency,
            limits: Limits {
                accept,
                reply,
                callback: CALLBACK,
            },
        };
        use Span::*;
        Policy {
            rules: vec![
                rule(
                    None,
                    None,
                    Some(Urgency::ExtraUrgent),
                    NaturalHours(2),
                    NaturalHours(24),
                ),
                rule(
                    None,
                    None,
                    Some(Urgency::Urgent),
                    WorkingHours(4),
                    WorkingDays(2),
                ),
                rule(
                    Some(AppealType::Petition),
                    None,
                    None,
                    NaturalDays(15),
                    NaturalDays(60),
                ),
                rule(
                    None,
                    Some(Complexity::Easy),
                    None,
                    WorkingDays(1),
                    WorkingDays(1),
                ),
                rule(
                    None,
                    Some(Complexity::Complex),
                    None,
                    WorkingDays(3),
                    WorkingDays(15),
                ),
                rule(None, None, None, WorkingDays(1), WorkingDays(3)),
            ],
        }
    }
}

impl Policy {
    /// The limits for an order; an order not yet classified counts as 简 simple.
    pub fn limits(&self, t: Option<AppealType>, c: Option<Complexity>, u: Urgency) -> Limits {
        self.rules
            .iter()
            .find(|rule| rule.matches(t, c, u))
            .or(self.rules.last())
            .map(|rule| rule.limits)
            .unwrap_or(Limits {
                accept: Span::WorkingDays(1),
                reply: Span::WorkingDays(3),
                callback: CALLBACK,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_follows_the_spec_table() {
        let p = Policy::default();
        let extra = p.limits(
            Some(AppealType::Complaint),
            Some(Complexity::Complex),
            Urgency::ExtraUrgent,
        );
        assert_eq!(extra.accept, Span::NaturalHours(2));
        assert_eq!(extra.reply, Span::NaturalHours(24));
        let petition = p.limits(
            Some(AppealType::Petition),
            Some(Complexity::Complex),
            Urgency::Normal,
        );
        assert_eq!(petition.reply, Span::NaturalDays(60));
        let simple = p.limits(
            Some(AppealType::Urging),
            Some(Complexity::Simple),
            Urgency::Normal,
        );
        assert_eq!(
            (simple.accept, simple.reply),
            (Span::WorkingDays(1), Span::WorkingDays(3))
        );
        let complex = p.limits(
            Some(AppealType::Complaint),
            Some(Complexity::Complex),
            Urgency::Normal,
        );
        assert_eq!(
            (complex.accept, complex.reply),
            (Span::WorkingDays(3), Span::WorkingDays(15))
        );
        assert_eq!(
            p.limits(None, None, Urgency::Normal).reply,
            Span::WorkingDays(3)
        );
    }

    #[test]
    fn paused_time_counts_as_the_span_counts() {
        let cal = Calendar::default();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // Friday 17:00 to Monday 09:30 China time: one office hour before the weekend and one
        // after, but 64.5 clock hours.
        let (from, to) = (
            at("2026-11-06T17:00:00+08:00"),
            at("2026-11-09T09:30:00+08:00"),
        );
        let due = at("2026-11-11T18:00:00+08:00");
        assert_eq!(
            Span::WorkingDays(3).postpone(due, from, to, &cal),
            at("2026-11-12T10:30:00+08:00")
        );
        assert_eq!(
            Span::NaturalHours(24).postpone(due, from, to, &cal),
            due + Duration::minutes(64 * 60 + 30)
        );
        // A few milliseconds more do not push a deadline at closing time to the next morning.
        let (from, to) = (
            at("2026-11-09T08:30:00.004+08:00"),
            at("2026-11-09T12:00:00+08:00"),
        );
        assert_eq!(
            Span::WorkingHours(4).postpone(at("2026-11-10T14:30:00+08:00"), from, to, &cal),
            at("2026-11-10T18:00:00+08:00")
        );
    }

    #[test]
    fn policy_serialises_as_readable_json() {
        let json = serde_json::to_value(Policy::default()).unwrap();
        assert_eq!(json["rules"][0]["urgency"], "extra_urgent");
        assert_eq!(json["rules"][0]["accept"]["unit"], "natural_hours");
        let back: Policy = serde_json::from_value(json).unwrap();
        assert_eq!(back, Policy::default());
    }
}
