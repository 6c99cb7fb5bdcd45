//! 法院工作日历 the court calendar: weekends, statutory holidays (法定节假日) and the
//! make-up working days (调休) that the State Council announces each year, plus working hours.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::{china, local_date};

crate::vocabulary!(
    /// 特殊日 a day that differs from an ordinary week
    DayKind {
        /// 法定节假日 a rest day on a weekday
        Holiday = "holiday" / "节假日",
        /// 调休上班 a working day on a weekend
        Workday = "workday" / "调休上班",
    }
);

/// One day that differs from an ordinary Monday–Friday week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// e.g. 春节
    pub name: String,
}

/// 工作时间 the court's office hours: a morning and an afternoon window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingHours {
    pub morning: (NaiveTime, NaiveTime),
    pub afternoon: (NaiveTime, NaiveTime),
}

impl Default for WorkingHours {
    /// 08:30–12:00 and 14:00–18:00.
    fn default() -> Self {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
        WorkingHours {
            morning: (t(8, 30), t(12, 0)),
            afternoon: (t(14, 0), t(18, 0)),
        }
    }
}

impl WorkingHours {
    fn windows(&self) -> [(NaiveTime, NaiveTime); 2] {
        [self.morning, self.afternoon]
    }

    fn closing(&self) -> NaiveTime {
        self.afternoon.1
    }
}

/// Working days and hours of the courts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    special: BTreeMap<NaiveDate, DayKind>,
    pub hours: WorkingHours,
}

impl Calendar {
    pub fn new(days: impl IntoIterator<Item = SpecialDay>, hours: WorkingHours) -> Calendar {
        Calendar {
            special: days.into_iter().map(|d| (d.date, d.kind)).collect(),
            hours,
        }
    }

    /// Whether the calendar knows the special days of this year.
    pub fn knows_year(&self, year: i32) -> bool {
        let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid date");
        let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid date");
        self.special.range(start..=end).next().is_some()
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.special.get(&date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date.succ_opt().expect("date in range");
        while !self.is_working_day(day) {
            day = day.succ_opt().expect("date in range");
        }
        day
    }

    /// The instant the court closes on `date` (18:00 China time by default).
    pub fn closing_time(&self, date: NaiveDate) -> DateTime<Utc> {
        at(date, self.hours.closing())
    }

    /// The end of the `n`th working day after the day of `start`. As in the Civil Procedure
    /// Law (期间开始的日不计算在内), the starting day itself is not counted; `n = 0` means the
    /// end of the starting day, or of the next working day when it is a rest day.
    pub fn add_working_days(&self, start: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let mut day = local_date(start);
        if n == 0 && !self.is_working_day(day) {
            day = self.next_working_day(day);
        }
        for _ in 0..n {
            day = self.next_working_day(day);
        }
        self.closing_time(day)
    }

    /// `hours` of office time after `start`, counted only inside the working-hour windows.
    pub fn add_working_hours(&self, start: DateTime<Utc>, hours: u32) -> DateTime<Utc> {
        self.add_working_time(start, Duration::hours(i64::from(hours)))
    }

    /// `span` of office time after `start`, counted only inside the working-hour windows;
    /// nothing to add leaves `start` where it is.
    pub fn add_working_time(&self, start: DateTime<Utc>, span: Duration) -> DateTime<Utc> {
        if span <= Duration::zero() {
            return start;
        }
        let mut remaining = span;
        let mut cursor = start;
        let mut day = local_date(start);
        loop {
            if self.is_working_day(day) {
                for (open, close) in self.hours.windows() {
                    let (open, close) = (at(day, open), at(day, close));
                    let from = cursor.max(open);
                    if from >= close {
                        continue;
                    }
                    let available = close - from;
                    if available >= remaining {
                        return from + remaining;
                    }
                    remaining -= available;
                    cursor = close;
                }
            }
            day = day.succ_opt().expect("date in range");
        }
    }

    /// The office time between two instants: the parts of `from..to` that fall inside the
    /// working-hour windows of working days (zero when `to` is not after `from`).
    pub fn working_time_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let mut total = Duration::zero();
        let mut day = local_date(from);
        while day <= local_date(to) {
            if self.is_working_day(day) {
                for (open, close) in self.hours.windows() {
                    let (open, close) = (at(day, open).max(from), at(day, close).min(to));
                    if close > open {
                        total += close - open;
                    }
                }
            }
            day = day.succ_opt().expect("date in range");
        }
        total
    }

    /// `days` natural days after the day of `start`, ending at closing time; a deadline that
    /// falls on a rest day moves to the end of the next working day.
    pub fn add_natural_days(&self, start: DateTime<Utc>, days: u32) -> DateTime<Utc> {
        let day = local_date(start) + Duration::days(i64::from(days));
        if self.is_working_day(day) {
            self.closing_time(day)
        } else {
            self.closing_time(self.next_working_day(day))
        }
    }
}

/// The instant of a China-time wall clock reading.
fn at(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    china()
        .from_local_datetime(&date.and_time(time))
        .single()
        .expect("UTC+8 has no gaps")
        .with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cst(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("{s}+08:00"))
            .unwrap()
            .with_timezone(&Utc)
    }

    fn national_day_2026() -> Calendar {
        let mut days: Vec<SpecialDay> = (1..=7)
            .map(|d| SpecialDay {
                date: NaiveDate::from_ymd_opt(2026, 10, d).unwrap(),
                kind: DayKind::Holiday,
                name: "国庆节".into(),
            })
            .collect();
        days.push(SpecialDay {
            date: day("2026-10-10"),
            kind: DayKind::Workday,
            name: "国庆节调休".into(),
        });
        Calendar::new(days, WorkingHours::default())
    }

    #[test]
    fn weekends_rest_and_make_up_days_work() {
        let cal = national_day_2026();
        assert!(!cal.is_working_day(day("2026-10-01")));
        assert!(
            cal.is_working_day(day("2026-10-10")),
            "Saturday make-up day"
        );
        assert!(!cal.is_working_day(day("2026-10-11")));
        assert!(cal.is_working_day(day("2026-10-09")));
    }

    #[test]
    fn working_days_skip_holidays_and_do_not_count_the_first_day() {
        let cal = national_day_2026();
        // Tuesday 29 September + 3 working days: Wed 30, Thu 8 Oct, Fri 9 Oct.
        assert_eq!(
            cal.add_working_days(cst("2026-09-29T10:00:00"), 3),
            cst("2026-10-09T18:00:00")
        );
        assert_eq!(
            cal.add_working_days(cst("2026-10-03T10:00:00"), 0),
            cst("2026-10-08T18:00:00")
        );
    }

    #[test]
    fn working_hours_stop_at_lunch_evenings_and_holidays() {
        let cal = national_day_2026();
        assert_eq!(
            cal.add_working_hours(cst("2026-09-28T11:00:00"), 2),
            cst("2026-09-28T15:00:00")
        );
        // Wednesday 17:00 + 4h: one hour on the 30th, then the holiday, then 3h on 8 October.
        assert_eq!(
            cal.add_working_hours(cst("2026-09-30T17:00:00"), 4),
            cst("2026-10-08T11:30:00")
        );
        assert_eq!(
            cal.add_working_hours(cst("2026-09-28T06:00:00"), 1),
            cst("2026-09-28T09:30:00")
        );
    }

    #[test]
    fn working_time_between_counts_office_hours_only() {
        let cal = national_day_2026();
        // Wednesday 17:00 to 8 October 11:30: one hour on the 30th, 3 hours after the holiday.
        let (from, to) = (cst("2026-09-30T17:00:00"), cst("2026-10-08T11:30:00"));
        assert_eq!(cal.working_time_between(from, to), Duration::hours(4));
        assert_eq!(cal.add_working_time(from, Duration::hours(4)), to);
        assert_eq!(cal.working_time_between(to, from), Duration::zero());
        assert_eq!(
            cal.working_time_between(cst("2026-09-28T12:10:00"), cst("2026-09-28T13:50:00")),
            Duration::zero()
        );
    }

    #[test]
    fn natural_days_ending_on_a_rest_day_move_to_the_next_working_day() {
        let cal = national_day_2026();
        assert_eq!(
            cal.add_natural_days(cst("2026-09-26T09:00:00"), 5),
            cst("2026-10-08T18:00:00")
        );
        assert_eq!(
            cal.add_natural_days(cst("2026-09-26T09:00:00"), 2),
            cst("2026-09-28T18:00:00")
        );
    }

    #[test]
    fn knows_which_years_are_loaded() {
        let cal = national_day_2026();
        assert!(cal.knows_year(2026));
        assert!(!cal.knows_year(2027));
    }
}
