//! The calendar arithmetic over every date of 2025–2026 with the shipped State Council
//! calendars, checked against a plain day-by-day count.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use proptest::prelude::*;
use tongban_domain::time::{Calendar, DayKind, SpecialDay, WorkingHours, china, local_date};

fn shipped() -> Calendar {
    let mut days: Vec<SpecialDay> = Vec::new();
    for text in [
        include_str!("../data/calendar/2025.tsv"),
        include_str!("../data/calendar/2026.tsv"),
    ] {
        days.extend(tongban_app::calendar::parse(text).unwrap());
    }
    Calendar::new(days, WorkingHours::default())
}

/// The independent reference: is this a working day, from the raw lists.
fn works(cal_days: &[SpecialDay], date: NaiveDate) -> bool {
    match cal_days.iter().find(|d| d.date == date).map(|d| d.kind) {
        Some(DayKind::Holiday) => false,
        Some(DayKind::Workday) => true,
        None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
    }
}

fn raw_days() -> Vec<SpecialDay> {
    let mut days = tongban_app::calendar::parse(include_str!("../data/calendar/2025.tsv")).unwrap();
    days.extend(tongban_app::calendar::parse(include_str!("../data/calendar/2026.tsv")).unwrap());
    days
}

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
}

fn at(date: NaiveDate, minute_of_day: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(minute_of_day / 60, minute_of_day % 60, 0).unwrap();
    china()
        .from_local_datetime(&date.and_time(time))
        .unwrap()
        .with_timezone(&Utc)
}

/// Working minutes between two instants, counted minute by minute.
fn working_minutes(days: &[SpecialDay], from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let mut minutes = 0;
    let mut t = from;
    while t < to {
        let local = t.with_timezone(&china());
        let m = local.hour_minute();
        let in_window = (510..720).contains(&m) || (840..1080).contains(&m);
        if in_window && works(days, local.date_naive()) {
            minutes += 1;
        }
        t += Duration::minutes(1);
    }
    minutes
}

trait HourMinute {
    fn hour_minute(&self) -> u32;
}

impl<T: chrono::Timelike> HourMinute for T {
    fn hour_minute(&self) -> u32 {
        self.hour() * 60 + self.minute()
    }
}

#[test]
fn working_days_from_every_date_count_exactly_n_working_days() {
    let cal = shipped();
    let days = raw_days();
    for offset in 0..730 {
        let start = first_day() + Duration::days(offset);
        assert_eq!(cal.is_working_day(start), works(&days, start), "{start}");
        for n in [0u32, 1, 2, 3, 5, 15] {
            let due = cal.add_working_days(at(start, 600), n);
            let due_day = local_date(due);
            assert!(
                works(&days, due_day),
                "{start} + {n}: {due_day} is a rest day"
            );
            assert_eq!(due.with_timezone(&china()).hour_minute(), 18 * 60);
            let counted = (1..=(due_day - start).num_days())
                .filter(|d| works(&days, start + Duration::days(*d)))
                .count() as u32;
            let expected = if n == 0 {
                u32::from(!works(&days, start))
            } else {
                n
            };
            assert_eq!(counted, expected, "{start} + {n} working days → {due_day}");
        }
    }
}

#[test]
fn natural_days_from_every_date_end_on_the_first_working_day_at_or_after() {
    let cal = shipped();
    let days = raw_days();
    for offset in 0..700 {
        let start = first_day() + Duration::days(offset);
        for n in [1u32, 15, 60] {
            let due_day = local_date(cal.add_natural_days(at(start, 600), n));
            let target = start + Duration::days(i64::from(n));
            assert!(due_day >= target && works(&days, due_day));
            assert!(
                (1..(due_day - target).num_days() + 1)
                    .all(|d| !works(&days, due_day - Duration::days(d)))
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn working_hours_count_only_office_minutes(offset in 0i64..720, minute in 0u32..1440, hours in 1u32..=8) {
        let cal = shipped();
        let days = raw_days();
        let start = at(first_day() + Duration::days(offset), minute);
        let due = cal.add_working_hours(start, hours);
        prop_assert_eq!(working_minutes(&days, start, due), i64::from(hours) * 60);
        let local = due.with_timezone(&china());
        prop_assert!(works(&days, local.date_naive()));
        let m = local.hour_minute();
        prop_assert!((510..=720).contains(&m) || (840..=1080).contains(&m));
    }

    #[test]
    fn each_more_working_day_ends_later(offset in 0i64..700, n in 1u32..30) {
        let cal = shipped();
        let start = at(first_day() + Duration::days(offset), 600);
        prop_assert!(cal.add_working_days(start, n + 1) > cal.add_working_days(start, n));
        // From a rest day, 0 and 1 working days both end on the next working day.
        prop_assert!(cal.add_working_days(start, 1) >= cal.add_working_days(start, 0));
    }
}
