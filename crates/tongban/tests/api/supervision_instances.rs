//! Exactly once across instances and restarts: two tongban instances sweeping one database
//! at the same time create each supervision once, and an instance started after downtime
//! catches up with what fell due meanwhile.

use std::sync::Arc;

use chrono::Duration;
use serde_json::json;
use tongban_app::{App, Ctx, TestClock};
use tongban_store::Db;
use tongban_store::supervisions::SupervisionFilter;

use crate::on_both_databases;
use crate::supervision::{instant, set_clock, supervisions};
use crate::support::{Backend, TestApp};

on_both_databases!(two_instances_create_each_supervision_once);

/// Another instance on the same database, with its own clock and background sweep.
async fn second_instance(url: &str, now: chrono::DateTime<chrono::Utc>) -> (App, Db) {
    let db = Db::connect(url).await.expect("connect");
    let clock = Arc::new(TestClock::default());
    clock.set(now);
    let (app, _writer) = App::start(db.clone(), clock).await.expect("start");
    (app, db)
}

async fn two_instances_create_each_supervision_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut latest = None;
    let mut ids = Vec::new();
    for i in 0..120 {
        let mut appeal = TestApp::appeal();
        appeal["urgency"] = json!(["normal", "urgent", "extra_urgent"][i % 3]);
        let order = app.register("agent", appeal).await;
        ids.push(order["id"].as_i64().unwrap());
        let due = instant(&order["deadlines"]["accept_by"]);
        latest = latest.max(Some(due));
    }
    let after = latest.unwrap() + Duration::seconds(1);
    // Both instances sweep the same due orders at the same time.
    let (other, other_db) = second_instance(&app.database_url, after).await;
    let (_, theirs) = tokio::join!(set_clock(&app, after), other.sweep_now());
    theirs.expect("the other instance swept");
    let all = supervisions(&app, "admin", "per_page=200").await;
    assert_eq!(all["total"], 120, "one supervision per late order");
    let mut seen: Vec<i64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["order_id"].as_i64().unwrap())
        .collect();
    seen.sort();
    ids.sort();
    assert_eq!(seen, ids);
    drop(other);
    other_db.close().await;

    // Downtime across the level-1 supervisions' own deadline: a fresh instance catches up
    // at start, before anyone moves its clock.
    let level1 = supervisions(&app, "admin", "level=1&per_page=200").await;
    assert_eq!(level1["total"], 40);
    let due = instant(&level1["items"][0]["due_at"]) + Duration::hours(1);
    let (restarted, restarted_db) = second_instance(&app.database_url, due).await;
    let filter = SupervisionFilter {
        level: Some(2),
        ..SupervisionFilter::default()
    };
    let mut level2 = 0;
    for _ in 0..100 {
        level2 = tongban_app::supervision::list(&restarted, &Ctx::system(), &filter, 0, 200)
            .await
            .unwrap()
            .1;
        if level2 == 80 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        level2, 80,
        "40 urgent orders and 40 escalated level-1 supervisions"
    );
    drop(restarted);
    restarted_db.close().await;
    app.stop().await;
}
