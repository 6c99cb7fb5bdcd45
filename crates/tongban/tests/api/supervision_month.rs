//! A month of simulated time over 200 orders, driven through HTTP with the test clock and
//! checked against an independent model of SPEC §3: every accept and reply deadline, every
//! 75% warning, every supervision with its level, reason and status. The model shares no code
//! with the product: its calendar comes from `GET /api/v1/calendar/2026` and its deadlines are
//! counted day by day and minute by minute.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::supervision::{instant, set_clock};
use crate::support::{Backend, TestApp};

on_both_databases!(a_month_of_deadlines_matches_an_independent_model);

const ORDERS: usize = 200;

fn cst() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).unwrap()
}

fn local(t: DateTime<Utc>) -> chrono::DateTime<chrono::FixedOffset> {
    t.with_timezone(&cst())
}

/// The model's calendar: weekends, and the special days the API lists.
struct Days {
    special: HashMap<NaiveDate, bool>,
}

impl Days {
    fn works(&self, d: NaiveDate) -> bool {
        self.special
            .get(&d)
            .copied()
            .unwrap_or(!matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// 18:00 of the `n`th working day after the day of `t`.
    fn working_days(&self, t: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let mut d = local(t).date_naive();
        for _ in 0..n {
            d = d.succ_opt().unwrap();
            while !self.works(d) {
                d = d.succ_opt().unwrap();
            }
        }
        cst()
            .from_local_datetime(&d.and_hms_opt(18, 0, 0).unwrap())
            .unwrap()
            .with_timezone(&Utc)
    }

    /// `hours` of office time (08:30–12:00, 14:00–18:00) after `t`, minute by minute.
    fn working_hours(&self, t: DateTime<Utc>, hours: i64) -> DateTime<Utc> {
        let mut left = hours * 60;
        let mut at = t;
        while left > 0 {
            let l = local(at);
            let m = l.hour() * 60 + l.minute();
            if self.works(l.date_naive()) && ((510..720).contains(&m) || (840..1080).contains(&m)) {
                left -= 1;
            }
            at += Duration::minutes(1);
        }
        at
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Urgency {
    Normal { complex: bool },
    Urgent,
    Extra,
}

struct Order {
    id: i64,
    handler: &'static str,
    urgency: Urgency,
    registered: DateTime<Utc>,
    accept_by: DateTime<Utc>,
    reply_by: DateTime<Utc>,
    accepted: Option<DateTime<Utc>>,
    replied: Option<DateTime<Utc>>,
    level: u8,
    /// (level, reason, status, due)
    supervisions: Vec<(u8, &'static str, &'static str, DateTime<Utc>)>,
    warned: HashSet<(u8, DateTime<Utc>)>,
    respond: bool,
}

impl Order {
    /// The level lateness in `phase` calls for: a late callback (the service office's step)
    /// is level 1 whatever the urgency.
    fn late_level(&self, phase: u8) -> u8 {
        match (phase, self.urgency) {
            (2, _) | (_, Urgency::Normal { .. }) => 1,
            (_, Urgency::Urgent) => 2,
            (_, Urgency::Extra) => 3,
        }
    }

    /// (phase, start, due): 0 accept, 1 reply, 2 callback.
    fn running(&self, days: &Days) -> (u8, DateTime<Utc>, DateTime<Utc>) {
        match (self.accepted, self.replied) {
            (None, _) => (0, self.registered, self.accept_by),
            (Some(_), None) => (1, self.registered, self.reply_by),
            (Some(_), Some(r)) => (2, r, days.working_days(r, 2)),
        }
    }
}

#[derive(Debug, Clone)]
enum Event {
    Sweep,
    Register(usize),
    Accept(usize),
    Reply(usize),
    Respond(usize, u8),
}

fn due_of(days: &Days, level: u8, t: DateTime<Utc>) -> DateTime<Utc> {
    days.working_days(t, [2, 3, 5][usize::from(level - 1)])
}

/// What the sweep at `t` must do, in the model.
fn sweep(
    days: &Days,
    orders: &mut [Order],
    t: DateTime<Utc>,
    responses: &mut Vec<(DateTime<Utc>, usize, u8)>,
) {
    for (i, o) in orders.iter_mut().enumerate() {
        if o.id == 0 {
            continue;
        }
        let (phase, start, due) = o.running(days);
        let total = (due - start).num_milliseconds();
        let warn = start + Duration::milliseconds((total as f64 * 0.75).ceil() as i64);
        if t >= due {
            if o.late_level(phase) > o.level {
                let level = o.late_level(phase);
                let reason = ["late_accept", "late_reply", "late_callback"][usize::from(phase)];
                o.supervisions
                    .push((level, reason, "open", due_of(days, level, t)));
                o.level = level;
                if o.respond {
                    responses.push((t, i, level));
                }
            }
        } else if t >= warn {
            o.warned.insert((phase, due));
        }
    }
    for (i, o) in orders.iter_mut().enumerate() {
        let overdue: Vec<usize> = (0..o.supervisions.len())
            .filter(|k| {
                let (level, _, status, due) = o.supervisions[*k];
                status == "open" && level < 3 && t >= due
            })
            .collect();
        for k in overdue {
            o.supervisions[k].2 = "escalated";
            let next = o.supervisions[k].0 + 1;
            if next > o.level {
                o.supervisions
                    .push((next, "overdue", "open", due_of(days, next, t)));
                o.level = next;
                if o.respond {
                    responses.push((t, i, next));
                }
            }
        }
    }
}

async fn a_month_of_deadlines_matches_an_independent_model(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, calendar) = app
        .send(None, reqwest::Method::GET, "/api/v1/calendar/2026", None)
        .await;
    let days = Days {
        special: calendar
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["date"].as_str().unwrap().parse().unwrap(),
                    d["kind"] == "workday",
                )
            })
            .collect(),
    };
    // From Monday 21 September 2026, across the National Day holiday and its make-up days.
    let start = cst()
        .with_ymd_and_hms(2026, 9, 21, 8, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let end = start + Duration::days(30);
    let mut rng = StdRng::seed_from_u64(2026);
    let mut orders: Vec<Order> = Vec::new();
    let mut events: BTreeMap<DateTime<Utc>, Vec<Event>> = BTreeMap::new();
    for i in 0..ORDERS {
        // Registrations on whole minutes, actions at :15, responses at :45, sweeps at :30:
        // never within the milliseconds a request takes of a deadline.
        let registered = start + Duration::minutes(rng.random_range(0..12 * 24 * 60));
        let urgency = match rng.random_range(0..20) {
            0..=2 => Urgency::Extra,
            3..=7 => Urgency::Urgent,
            n => Urgency::Normal {
                complex: n % 2 == 0,
            },
        };
        let (accept_by, reply_by) = match urgency {
            Urgency::Extra => (
                registered + Duration::hours(2),
                registered + Duration::hours(24),
            ),
            Urgency::Urgent => (
                days.working_hours(registered, 4),
                days.working_days(registered, 2),
            ),
            Urgency::Normal { complex: false } => (
                days.working_days(registered, 1),
                days.working_days(registered, 3),
            ),
            Urgency::Normal { complex: true } => (
                days.working_days(registered, 3),
                days.working_days(registered, 15),
            ),
        };
        events
            .entry(registered)
            .or_default()
            .push(Event::Register(i));
        if rng.random_bool(0.4) {
            let span = (accept_by - registered).num_minutes().max(2);
            let accept = registered
                + Duration::minutes(rng.random_range(1..span * 13 / 10 + 2))
                + Duration::seconds(15);
            events.entry(accept).or_default().push(Event::Accept(i));
            if rng.random_bool(0.5) {
                let reply = accept + Duration::minutes(rng.random_range(10..5 * 24 * 60));
                events.entry(reply).or_default().push(Event::Reply(i));
            }
        }
        orders.push(Order {
            id: 0,
            handler: if i % 2 == 0 { "handler" } else { "handler2" },
            urgency,
            registered,
            accept_by,
            reply_by,
            accepted: None,
            replied: None,
            level: 0,
            supervisions: Vec::new(),
            warned: HashSet::new(),
            respond: i % 4 == 0,
        });
    }
    let mut step = start + Duration::seconds(30);
    while step < end {
        events.entry(step).or_default().push(Event::Sweep);
        step += Duration::hours(2);
    }

    while let Some((t, batch)) = events.pop_first() {
        if t > end {
            break;
        }
        let acts = batch.iter().any(|e| !matches!(e, Event::Sweep));
        let mut sweeps = vec![t];
        // After actions, a sweep a second later sees what they changed (as the background
        // sweep would, whenever it runs in between).
        if acts {
            sweeps.push(t + Duration::seconds(1));
        }
        for (n, at) in sweeps.into_iter().enumerate() {
            if n == 1 {
                for event in &batch {
                    act(&app, &mut orders, event.clone(), t).await;
                }
            }
            set_clock(&app, at).await;
            let mut responses = Vec::new();
            sweep(&days, &mut orders, at, &mut responses);
            for (made, i, level) in responses {
                let respond = made + Duration::minutes(30) + Duration::seconds(15);
                events
                    .entry(respond)
                    .or_default()
                    .push(Event::Respond(i, level));
            }
        }
    }

    let mut mismatches = Vec::new();
    let mut inbox_counts: HashMap<i64, usize> = HashMap::new();
    for user in ["handler", "handler2", "office"] {
        let (_, inbox) = app.get(user, "/api/v1/notifications?limit=1000").await;
        let items = inbox["items"].as_array().unwrap();
        assert!(items.len() < 1000, "the inbox holds them all");
        for n in items.iter().filter(|n| n["kind"] == "deadline_warning") {
            *inbox_counts
                .entry(n["order_id"].as_i64().unwrap())
                .or_default() += 1;
        }
    }
    let (mut supervised, mut warned) = (0, 0);
    for o in &orders {
        let order = app.order("admin", o.id).await;
        let close = |a: DateTime<Utc>, b: DateTime<Utc>| (a - b).num_seconds().abs() <= 5;
        if !close(instant(&order["deadlines"]["accept_by"]), o.accept_by)
            || !close(instant(&order["deadlines"]["reply_by"]), o.reply_by)
        {
            mismatches.push(format!(
                "order {} deadlines: {} / {} expected {} / {}",
                o.id,
                order["deadlines"]["accept_by"],
                order["deadlines"]["reply_by"],
                o.accept_by,
                o.reply_by
            ));
        }
        if order["supervision_level"] != o.level {
            mismatches.push(format!(
                "order {} level {} expected {}",
                o.id, order["supervision_level"], o.level
            ));
        }
        let (_, list) = app
            .get("admin", &format!("/api/v1/supervisions?order_id={}", o.id))
            .await;
        let mut got: Vec<(u8, String, String)> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["level"].as_u64().unwrap() as u8,
                    s["reason"].as_str().unwrap().to_string(),
                    s["status"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        got.sort();
        let mut expected: Vec<(u8, String, String)> = o
            .supervisions
            .iter()
            .map(|(l, r, s, _)| (*l, r.to_string(), s.to_string()))
            .collect();
        expected.sort();
        if got != expected {
            mismatches.push(format!(
                "order {} ({:?}) supervisions {got:?} expected {expected:?}",
                o.id, o.urgency
            ));
        }
        let warnings = inbox_counts.get(&o.id).copied().unwrap_or(0);
        if warnings != o.warned.len() {
            mismatches.push(format!(
                "order {} warnings {warnings} expected {}",
                o.id,
                o.warned.len()
            ));
        }
        supervised += o.supervisions.len();
        warned += o.warned.len();
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    // The month exercised every rule.
    assert!(
        supervised > 100 && warned > 100,
        "{supervised} supervisions, {warned} warnings"
    );
    for (level, reason) in [
        (1, "late_accept"),
        (1, "late_reply"),
        (2, "overdue"),
        (3, "overdue"),
        (3, "late_accept"),
    ] {
        assert!(
            orders
                .iter()
                .any(|o| o.supervisions.iter().any(|s| s.0 == level && s.1 == reason)),
            "no level-{level} {reason} in the month"
        );
    }
    assert!(
        orders
            .iter()
            .any(|o| o.supervisions.iter().any(|s| s.2 == "responded"))
    );
    app.stop().await;
}

async fn act(app: &TestApp, orders: &mut [Order], event: Event, t: DateTime<Utc>) {
    match event {
        Event::Sweep => {}
        Event::Register(i) => {
            let o = &mut orders[i];
            let (urgency, complexity) = match o.urgency {
                Urgency::Extra => ("extra_urgent", "simple"),
                Urgency::Urgent => ("urgent", "simple"),
                Urgency::Normal { complex } => {
                    ("normal", if complex { "complex" } else { "simple" })
                }
            };
            let mut appeal = TestApp::appeal();
            appeal["urgency"] = json!(urgency);
            let id = app.register("agent", appeal).await["id"].as_i64().unwrap();
            app.act_ok("office", id, "screen", json!({"valid": true, "type": "urging", "complexity": complexity, "urgency": urgency})).await;
            let route = json!({"court_id": app.org.city_court, "department_id": app.org.enforcement, "handler_id": app.org.user(o.handler)});
            app.act_ok("office", id, "dispatch", route).await;
            o.id = id;
        }
        Event::Accept(i) => {
            let o = &mut orders[i];
            app.act_ok(o.handler, o.id, "accept", json!({})).await;
            o.accepted = Some(t);
        }
        Event::Reply(i) => {
            let o = &mut orders[i];
            if o.accepted.is_some() {
                app.act_ok(o.handler, o.id, "reply", json!({"text": "已答复诉求人"}))
                    .await;
                o.replied = Some(t);
            }
        }
        Event::Respond(i, level) => {
            let o = &mut orders[i];
            let Some(k) = o
                .supervisions
                .iter()
                .position(|s| s.0 == level && s.2 == "open")
            else {
                return;
            };
            if t >= o.supervisions[k].3 {
                return;
            }
            let (_, list) = app
                .get(
                    "admin",
                    &format!("/api/v1/supervisions?order_id={}&level={level}", o.id),
                )
                .await;
            let sid = list["items"][0]["id"].as_i64().unwrap();
            // Once replied, the service office is the supervised side (its callback is due).
            let responder = if o.replied.is_some() {
                "office"
            } else {
                o.handler
            };
            let (status, body): (_, Value) = app
                .post(
                    responder,
                    &format!("/api/v1/supervisions/{sid}/respond"),
                    json!({"text": "已在办理"}),
                )
                .await;
            assert_eq!(status, reqwest::StatusCode::OK, "{body}");
            o.supervisions[k].2 = "responded";
        }
    }
}
