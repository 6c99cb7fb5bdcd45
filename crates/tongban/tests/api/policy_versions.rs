//! Versioned deadline policies: an administrator's new policy applies to new orders; an order
//! keeps the version it was registered under, also when screening recomputes its deadlines.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_databases;
use crate::supervision::{instant, set_clock};
use crate::support::{Backend, TestApp};

on_both_databases!(orders_keep_the_policy_version_they_were_registered_under);

async fn orders_keep_the_policy_version_they_were_registered_under(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // Monday 7 December 2026, 10:00 China time.
    let monday: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-12-07T10:00:00+08:00")
        .unwrap()
        .into();
    set_clock(&app, monday).await;
    let (status, current) = app.get("admin", "/api/v1/settings/deadline-policy").await;
    assert_eq!(
        (status, current["version"].as_i64()),
        (StatusCode::OK, Some(1))
    );
    let before = app.register("agent", TestApp::appeal()).await;
    assert_eq!(before["policy_version"], 1);

    let mut policy = current["policy"].clone();
    let rules = policy["rules"].as_array_mut().unwrap();
    let last = rules.last_mut().unwrap();
    last["reply"] = json!({"unit": "working_days", "amount": 5});
    let (status, _) = app
        .send(
            Some("office"),
            reqwest::Method::PUT,
            "/api/v1/settings/deadline-policy",
            Some(policy.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/settings/deadline-policy",
            Some(json!({"rules": []})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, saved) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/settings/deadline-policy",
            Some(policy),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(
        (saved["version"].as_i64(), saved["versions"].clone()),
        (Some(2), json!([1, 2]))
    );
    let after = app.register("agent", TestApp::appeal()).await;
    assert_eq!(after["policy_version"], 2);
    // Tuesday + 3 working days (version 1) against + 5 (version 2).
    assert_eq!(
        instant(&before["deadlines"]["reply_by"]),
        instant(&json!("2026-12-10T18:00:00+08:00"))
    );
    assert_eq!(
        instant(&after["deadlines"]["reply_by"]),
        instant(&json!("2026-12-14T18:00:00+08:00"))
    );
    // Screening recomputes each order's deadlines by its own version.
    let screen =
        json!({"valid": true, "type": "urging", "complexity": "simple", "urgency": "normal"});
    let before = app
        .act_ok(
            "office",
            before["id"].as_i64().unwrap(),
            "screen",
            screen.clone(),
        )
        .await;
    let after = app
        .act_ok("office", after["id"].as_i64().unwrap(), "screen", screen)
        .await;
    assert_eq!(
        instant(&before["deadlines"]["reply_by"]),
        instant(&json!("2026-12-10T18:00:00+08:00"))
    );
    assert_eq!(
        instant(&after["deadlines"]["reply_by"]),
        instant(&json!("2026-12-14T18:00:00+08:00"))
    );
    app.stop().await;
}
