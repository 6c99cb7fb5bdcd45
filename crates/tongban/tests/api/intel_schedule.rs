//! The scheduled work of the text intelligence, driven by the test clock: the weekly retrain
//! of the triage model (once per scheduled instant, even with two instances on one database)
//! and the rising-topic notice to the service office (once per topic per week).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tongban_app::{App, TestClock};
use tongban_store::Db;

use crate::on_both_databases;
use crate::support::{Backend, TestApp};
use crate::triage::screened_history;

on_both_databases!(
    the_model_is_retrained_on_schedule_once,
    a_bad_schedule_is_refused,
    rising_topics_are_told_to_the_office_once_a_week
);

async fn set_clock(app: &TestApp, body: Value) -> DateTime<Utc> {
    let (status, now) = app
        .send(None, Method::POST, "/api/v1/test/clock", Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{now}");
    now["now"].as_str().unwrap().parse().unwrap()
}

async fn versions(app: &TestApp) -> Vec<i64> {
    let (status, models) = app.get("office", "/api/v1/triage/models").await;
    assert_eq!(status, StatusCode::OK, "{models}");
    models["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["version"].as_i64().unwrap())
        .collect()
}

/// Polls `probe` (the background task works on its own) until it gives `want`, for at most
/// 30 seconds.
async fn eventually<T: PartialEq + std::fmt::Debug, F: Future<Output = T>>(
    want: T,
    probe: impl Fn() -> F,
) {
    let mut last = probe().await;
    for _ in 0..150 {
        if last == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        last = probe().await;
    }
    assert_eq!(last, want);
}

async fn the_model_is_retrained_on_schedule_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let schedule = |enabled: bool| json!({"enabled": enabled, "weekday": 3, "hour": 2});
    // No retrain while the history is written; then version 1 by hand.
    let put = |body: Value| {
        let app = &app;
        async move {
            let (status, set) = app
                .send(
                    Some("admin"),
                    Method::PUT,
                    "/api/v1/triage/schedule",
                    Some(body),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{set}");
            set
        }
    };
    put(schedule(false)).await;
    // Tuesday 2027-01-05 10:00 China time; the schedule: Wednesdays at 02:00.
    set_clock(&app, json!({"now": "2027-01-05T10:00:00+08:00"})).await;
    screened_history(&app).await;
    let (status, trained) = app.post("office", "/api/v1/triage/models", json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{trained}");
    let set = put(schedule(true)).await;
    assert_eq!(set["schedule"]["weekday"], 3);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        versions(&app).await,
        vec![1],
        "trained after the last Wednesday 02:00"
    );

    // A second instance on the same database, its clock with the first one's.
    let second_clock = Arc::new(TestClock::default());
    let (second, second_writer) = App::start(
        Db::connect(&app.database_url).await.unwrap(),
        second_clock.clone(),
    )
    .await
    .unwrap();

    // Wednesday 02:00 comes for both instances: exactly one of them retrains.
    let now = set_clock(&app, json!({"now": "2027-01-06T03:00:00+08:00"})).await;
    second_clock.set(now);
    eventually(vec![2, 1], || versions(&app)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(versions(&app).await, vec![2, 1], "retrained once");
    let (_, view) = app.get("office", "/api/v1/triage/schedule").await;
    let runs = view["runs"].as_array().unwrap();
    let done: Vec<&Value> = runs
        .iter()
        .filter(|r| r["outcome"] == "version 2")
        .collect();
    assert_eq!(done.len(), 1, "{view}");
    let slot: DateTime<Utc> = done[0]["slot"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        slot,
        "2027-01-05T18:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );

    // Later the same week nothing more; a disabled schedule does not retrain next week.
    let now = set_clock(&app, json!({"advance_seconds": 86_400})).await;
    second_clock.set(now);
    put(schedule(false)).await;
    let now = set_clock(&app, json!({"advance_seconds": 7 * 86_400})).await;
    second_clock.set(now);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(versions(&app).await, vec![2, 1]);
    drop(second);
    second_writer.await.unwrap();
}

async fn a_bad_schedule_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (body, field) in [
        (json!({"enabled": true, "weekday": 8, "hour": 2}), "weekday"),
        (json!({"enabled": true, "weekday": 0, "hour": 2}), "weekday"),
        (json!({"enabled": true, "weekday": 1, "hour": 24}), "hour"),
    ] {
        let (status, error) = app
            .send(
                Some("admin"),
                Method::PUT,
                "/api/v1/triage/schedule",
                Some(body),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert_eq!(error["error"]["field"], field);
    }
    let (status, _) = app
        .send(
            Some("office"),
            Method::PUT,
            "/api/v1/triage/schedule",
            Some(json!({"enabled": false, "weekday": 1, "hour": 2})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "administrators only");
    let (status, schedule) = app.get("office", "/api/v1/triage/schedule").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        schedule["schedule"],
        json!({"enabled": true, "weekday": 7, "hour": 3}),
        "unchanged: the default"
    );
}

fn appeal(content: &str) -> Value {
    json!({"channel": "web", "appellant": {"name": "赵六", "phone": "13700001234"}, "content": content, "urgency": "normal"})
}

async fn rising_notices(app: &TestApp) -> Vec<String> {
    let (status, inbox) = app.get("office", "/api/v1/notifications?limit=500").await;
    assert_eq!(status, StatusCode::OK, "{inbox}");
    inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "rising_topic")
        .map(|n| n["message"].as_str().unwrap().to_string())
        .collect()
}

async fn rising_topics_are_told_to_the_office_once_a_week(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // Tuesday 2027-01-05 10:00 China time: auctioned flats not vacated, four times, nothing
    // like it before.
    set_clock(&app, json!({"now": "2027-01-05T10:00:00+08:00"})).await;
    // (Tuesday's check, at the first tick after the clock moved, finds nothing yet.)
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    for i in 0..4 {
        let text = format!("法拍房原住户拒不腾退，第{i}次反映，请法院强制腾退。");
        app.register("agent", appeal(&text)).await;
    }
    app.register("agent", appeal("诉讼费退费一直没有到账。"))
        .await;
    app.register("agent", appeal("立案窗口排队时间太长。"))
        .await;
    assert!(rising_notices(&app).await.is_empty());

    // The daily check (08:00) on Wednesday tells the office.
    set_clock(&app, json!({"advance_seconds": 86_400})).await;
    eventually(1, || async { rising_notices(&app).await.len() }).await;
    let told = rising_notices(&app).await;
    assert!(
        told[0].contains("腾退") && told[0].contains("4件"),
        "{told:?}"
    );

    // Thursday: still rising, the same week: not told again.
    let text = "法拍房原住户拒不腾退，又一次反映，请法院强制腾退。";
    app.register("agent", appeal(text)).await;
    set_clock(&app, json!({"advance_seconds": 86_400})).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(rising_notices(&app).await.len(), 1);

    // The next week it is told again when it still rises.
    for i in 0..6 {
        let text = format!("法拍房原住户拒不腾退，本周第{i}次，请法院强制腾退。");
        app.register("agent", appeal(&text)).await;
    }
    set_clock(&app, json!({"advance_seconds": 5 * 86_400})).await;
    eventually(2, || async { rising_notices(&app).await.len() }).await;
}
