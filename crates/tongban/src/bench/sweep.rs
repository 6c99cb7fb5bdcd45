//! The deadline sweep at scale: `--orders` open orders (dispatched to the demo city's
//! handlers), of which rounds of `--due-share` come due between two sweeps. Each round moves
//! the clock to the end of its window and times one sweep (the due orders: warnings in the
//! even rounds, deadlines passed — supervisions opened — in the odd ones), then times a second
//! sweep at the same instant, which finds nothing new: the steady cost of a sweep that must
//! not grow with the open orders. The last line is JSON with the medians.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use tongban_app::{App, Rules, TestClock};
use tongban_domain::codes::{AppealType, Channel, Complexity, Role, Urgency};
use tongban_domain::order::{
    self, Action, Appellant, Classification, DispatchTarget, Registration, Screening, WorkOrder,
};
use tongban_domain::org::Staff;
use tongban_domain::values::Phone;
use tongban_domain::{Actor, OrderId};
use tongban_store::Db;
use tongban_store::bulk;
use tongban_store::org::{self as org_store, StaffFilter};

const BATCH: usize = 5_000;

/// Where the clock stands when the fixture is loaded: nothing is due yet.
fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00")
        .expect("valid instant")
        .with_timezone(&Utc)
}

/// The end of round `k`'s window (each window is one minute).
fn round_end(k: usize) -> DateTime<Utc> {
    start() + Duration::minutes(10 + k as i64)
}

pub async fn run(
    database: &str,
    orders: usize,
    due_share: f64,
    rounds: usize,
) -> anyhow::Result<()> {
    let db = Db::connect(database).await?;
    crate::demo::seed_if_empty(&db).await?;
    let clock = Arc::new(TestClock::default());
    clock.set(start());
    let (app, writer) = App::start_with(db.clone(), clock.clone(), false).await?;
    let handlers: Vec<Staff> = {
        let mut read = db.read().await?;
        let filter = StaffFilter {
            role: Some(Role::Handler),
            active: Some(true),
            ..StaffFilter::default()
        };
        org_store::staff(&mut read.conn(), &filter).await?
    };
    let due_per_round = ((orders as f64) * due_share).round() as usize;
    let rules = app.rules();
    let mut next_id = {
        let mut tx = db.begin_write().await?;
        let max = bulk::max_order_id(&mut tx).await?;
        tx.rollback().await?;
        max + 1
    };
    let loaded = Instant::now();
    let mut rng = StdRng::seed_from_u64(11);
    let mut done = 0;
    while done < orders {
        let n = BATCH.min(orders - done);
        let batch: Vec<WorkOrder> = (0..n)
            .map(|i| {
                let index = done + i;
                let round = (index < due_per_round * rounds).then(|| index / due_per_round);
                let handler = handlers.choose(&mut rng).expect("handlers");
                open_order(
                    &mut rng,
                    &rules,
                    handler,
                    OrderId(next_id + i as i64),
                    round,
                )
            })
            .collect();
        let mut tx = db.begin_write().await?;
        bulk::insert_orders(&mut tx, &batch).await?;
        tx.commit().await?;
        next_id += n as i64;
        done += n;
    }
    let mut tx = db.begin_write().await?;
    bulk::finish_load(&mut tx).await?;
    tx.commit().await?;
    bulk::maintain(&db).await?;
    eprintln!(
        "loaded {orders} open orders in {:.0} s",
        loaded.elapsed().as_secs_f64()
    );

    let (mut due_ms, mut idle_ms) = (Vec::new(), Vec::new());
    for k in 0..rounds {
        clock.set(round_end(k));
        let t = Instant::now();
        let report = app.sweep_now().await?;
        let due = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let idle = app.sweep_now().await?;
        let steady = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "round {k}: {} due ({} warned, {} supervisions opened) in {due:.1} ms; then a sweep finding {} in {steady:.2} ms",
            report.looked_at, report.warned, report.opened, idle.looked_at
        );
        due_ms.push((k % 2, due));
        idle_ms.push(steady);
    }
    drop(app);
    writer.await?;
    db.close().await;
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let warn: Vec<f64> = due_ms
        .iter()
        .filter(|(k, _)| *k == 0)
        .map(|(_, t)| *t)
        .collect();
    let late: Vec<f64> = due_ms
        .iter()
        .filter(|(k, _)| *k == 1)
        .map(|(_, t)| *t)
        .collect();
    println!(
        "{{\"orders\":{orders},\"due_per_sweep\":{due_per_round},\"warn_sweep_ms\":{:.1},\"late_sweep_ms\":{:.1},\"steady_sweep_ms\":{:.2}}}",
        median(warn),
        median(late),
        median(idle_ms)
    );
    Ok(())
}

/// An order dispatched to `handler`. In round `k` (even: its warning, odd: its deadline)
/// its watch instant falls in that round's window; otherwise it is due far later.
fn open_order(
    rng: &mut StdRng,
    rules: &Rules,
    handler: &Staff,
    id: OrderId,
    round: Option<usize>,
) -> WorkOrder {
    let settings = rules.settings();
    let system = Actor::system();
    let registered = start() - Duration::minutes(rng.random_range(1..600));
    let registration = Registration {
        channel: Channel::Hotline,
        appellant: Appellant {
            name: "批量用户".into(),
            phone: Some(Phone::parse("13800000000").expect("valid phone")),
            id_number: None,
            address: None,
        },
        case_number: None,
        content: "执行款尚未到账，请法院督促".into(),
        classification: Classification {
            appeal_type: Some(AppealType::Urging),
            area: None,
            complexity: None,
            urgency: Urgency::Normal,
        },
        court_id: Some(handler.court_id),
    };
    let (mut o, _) = order::register(registration, &system, registered, &settings).expect("valid");
    let route = DispatchTarget {
        court_id: handler.court_id,
        department_id: handler.department_id.expect("handlers have a department"),
        handler_id: handler.id,
    };
    for action in [
        Action::Screen(Screening {
            valid: true,
            invalid_reason: None,
            appeal_type: Some(AppealType::Urging),
            area: None,
            complexity: Some(Complexity::Complex),
            urgency: None,
            note: None,
        }),
        Action::Dispatch(route),
    ] {
        o = order::decide(&o, action, &system, registered, &settings)
            .expect("the system may")
            .order;
    }
    o.id = id;
    o.number = format!("SW-{}", id.0);
    let Some(k) = round else {
        // Not due in any round: its warning comes weeks later.
        o.deadlines.accept_by = Some(start() + Duration::days(40));
        o.deadlines.warn_by = Some(start() + Duration::days(30));
        return o;
    };
    // Within round k's one-minute window.
    let at = round_end(k) - Duration::seconds(rng.random_range(0..60));
    let started = o.deadlines.started_at.expect("started");
    if k % 2 == 0 {
        o.deadlines.warn_by = Some(at);
        o.deadlines.accept_by = Some(at + (at - started) / 3);
    } else {
        o.deadlines.accept_by = Some(at);
        o.refresh_warning(rules.warn_at);
    }
    o
}
