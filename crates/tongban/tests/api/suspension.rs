//! 挂起: while the handler waits for the citizen the reply deadline does not run — no
//! warning, no supervision — and resuming moves it by the paused working time.

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::on_both_databases;
use crate::supervision::{about, inbox, instant, set_clock, supervisions};
use crate::support::{Backend, TestApp};

on_both_databases!(
    a_suspended_order_is_neither_warned_nor_supervised,
    bad_suspensions_change_nothing,
    the_order_page_suspends_and_resumes
);

/// A China-time wall clock reading.
fn cst(local: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{local}+08:00"))
        .unwrap()
        .with_timezone(&Utc)
}

/// Office time between two instants, minute by minute: Monday–Friday (November 2026 has no
/// holidays or make-up days) 08:30–12:00 and 14:00–18:00 China time.
fn working_minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    use chrono::{Datelike, Timelike, Weekday};
    let mut minutes = 0;
    let mut t = from;
    while t < to {
        let local = t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
        let m = local.hour() * 60 + local.minute();
        let weekday = !matches!(local.weekday(), Weekday::Sat | Weekday::Sun);
        if weekday && ((510..720).contains(&m) || (840..1080).contains(&m)) {
            minutes += 1;
        }
        t += Duration::minutes(1);
    }
    minutes
}

/// The nearest whole minute (the product rounds paused time to the minute).
fn to_minute(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp((at.timestamp_millis() + 30_000) / 60_000 * 60, 0).unwrap()
}

fn kinds(order: &Value) -> Vec<String> {
    order["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

/// Registered, dispatched and accepted on Monday 2 November 2026 at 09:00.
async fn accepted_order(app: &TestApp) -> i64 {
    set_clock(app, cst("2026-11-02T09:00:00")).await;
    let id = app.dispatched_order().await;
    app.act_ok("handler", id, "accept", json!({})).await;
    id
}

async fn a_suspended_order_is_neither_warned_nor_supervised(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = accepted_order(&app).await;
    let order = app.order("handler", id).await;
    let reply_by = instant(&order["deadlines"]["reply_by"]);
    // 简 simple: 3 working days, the starting day not counted.
    assert_eq!(reply_by, cst("2026-11-05T18:00:00"));

    set_clock(&app, cst("2026-11-03T10:00:00")).await;
    let suspended = app
        .act_ok(
            "handler",
            id,
            "suspend",
            json!({"reason": "等待当事人补充提交执行线索"}),
        )
        .await;
    let since = instant(&suspended["suspended_since"]);
    assert!(since >= cst("2026-11-03T10:00:00") && since < cst("2026-11-03T10:01:00"));
    assert_eq!(suspended["suspension_reason"], "等待当事人补充提交执行线索");
    assert!(suspended["deadlines"]["warn_by"].is_null());
    let actions = app.order("handler", id).await["actions"].clone();
    assert!(
        actions.as_array().unwrap().contains(&json!("resume")),
        "{actions}"
    );
    assert!(
        !actions.as_array().unwrap().contains(&json!("suspend")),
        "{actions}"
    );

    // Past the original warning and reply deadline: nothing happens while suspended.
    set_clock(&app, cst("2026-11-06T10:00:00")).await;
    set_clock(&app, cst("2026-11-06T10:00:30")).await;
    let list = supervisions(&app, "office", &format!("order_id={id}")).await;
    assert_eq!(list["total"], 0, "{list}");
    assert_eq!(
        about(&inbox(&app, "handler").await, id, "deadline_warning"),
        0
    );
    let paused = app.order("handler", id).await;
    assert_eq!(paused["supervision_level"], 0);
    assert_eq!(paused["light"], "green");

    set_clock(&app, cst("2026-11-09T10:00:00")).await;
    let resumed = app.act_ok("handler", id, "resume", json!({})).await;
    let resumed_at = instant(&resumed["updated_at"]);
    assert!(resumed["suspended_since"].is_null());
    assert!(resumed["suspension_reason"].is_null());
    let new_reply_by = instant(&resumed["deadlines"]["reply_by"]);
    // The reply deadline moved by exactly the paused office time in whole minutes (30 hours:
    // 4 working days of 7.5 hours).
    let paused_minutes = working_minutes(to_minute(since), to_minute(resumed_at));
    assert_eq!(paused_minutes, 30 * 60);
    assert_eq!(working_minutes(reply_by, new_reply_by), paused_minutes);
    assert_eq!(new_reply_by, cst("2026-11-11T18:00:00"));
    let warn_by = instant(&resumed["deadlines"]["warn_by"]);
    assert!(resumed_at < warn_by && warn_by < new_reply_by, "{warn_by}");
    let detail = app.order("office", id).await;
    let events = kinds(&detail);
    assert!(events.contains(&"suspended".to_string()) && events.contains(&"resumed".to_string()));
    let resume = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "resumed")
        .unwrap();
    assert_eq!(instant(&resume["data"]["reply_by"]), new_reply_by);

    // Running again: warned once at its moved warning instant, supervised once it is late.
    set_clock(&app, warn_by + Duration::seconds(1)).await;
    assert_eq!(
        about(&inbox(&app, "handler").await, id, "deadline_warning"),
        1
    );
    set_clock(&app, new_reply_by - Duration::seconds(1)).await;
    let list = supervisions(&app, "office", &format!("order_id={id}")).await;
    assert_eq!(list["total"], 0, "{list}");
    set_clock(&app, new_reply_by + Duration::seconds(1)).await;
    let list = supervisions(&app, "office", &format!("order_id={id}")).await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["reason"], "late_reply");
    assert_eq!(list["items"][0]["level"], 1);

    let (status, trail) = app
        .get(
            "inspector",
            &format!("/api/v1/audit?entity=order&entity_id={id}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{trail}");
    let audited: Vec<&str> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert!(audited.contains(&"order.suspended") && audited.contains(&"order.resumed"));
    app.stop().await;
}

/// What a refusal must leave untouched.
async fn snapshot(app: &TestApp, id: i64) -> (Value, Value, Value, usize) {
    let order = app.order("office", id).await;
    (
        order["version"].clone(),
        order["suspended_since"].clone(),
        order["deadlines"].clone(),
        order["events"].as_array().unwrap().len(),
    )
}

async fn bad_suspensions_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = accepted_order(&app).await;
    let refusals = [
        (
            "handler",
            "suspend",
            json!({"reason": "  "}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "handler",
            "suspend",
            json!({}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("handler", "resume", json!({}), StatusCode::CONFLICT),
        (
            "office",
            "suspend",
            json!({"reason": "等待"}),
            StatusCode::FORBIDDEN,
        ),
        (
            "agent",
            "suspend",
            json!({"reason": "等待"}),
            StatusCode::FORBIDDEN,
        ),
    ];
    for (user, action, body, expected) in refusals {
        let before = snapshot(&app, id).await;
        let (status, error) = app.act(user, id, action, body).await;
        assert_eq!(status, expected, "{user} {action}: {error}");
        assert!(error["error"]["message"].is_string());
        assert_eq!(snapshot(&app, id).await, before, "{user} {action}");
    }
    app.act_ok("head", id, "suspend", json!({"reason": "等待当事人"}))
        .await;
    let before = snapshot(&app, id).await;
    let (status, error) = app
        .act("handler", id, "suspend", json!({"reason": "再次挂起"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(error["error"]["code"], "already_suspended");
    let (status, _) = app.act("office", id, "resume", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(snapshot(&app, id).await, before);
    // Not handling any more (replied): the pause ends with the reply, nothing is left to resume.
    app.act_ok("handler", id, "reply", json!({"text": "已答复"}))
        .await;
    let replied = app.order("office", id).await;
    assert!(replied["suspended_since"].is_null());
    let (status, error) = app
        .act("handler", id, "suspend", json!({"reason": "x"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(error["error"]["code"], "invalid_state");
    app.stop().await;
}

async fn the_order_page_suspends_and_resumes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = accepted_order(&app).await;
    let browser = Browser::signed_in(&app, "handler").await;
    let page = format!("/orders/{id}");
    let html = browser.get(&page).await.html;
    assert!(html.contains(&format!(r#"action="/orders/{id}/act/suspend""#)));
    assert!(!html.contains(&format!(r#"action="/orders/{id}/act/resume""#)));
    let done = browser
        .submit(
            &page,
            &format!("/orders/{id}/act/suspend"),
            &[("reason", "等待当事人补充材料")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let html = browser.get(&page).await.html;
    assert!(html.contains("等待当事人补充材料"));
    assert!(html.contains(&format!(r#"action="/orders/{id}/act/resume""#)));
    assert_eq!(
        app.order("handler", id).await["suspension_reason"],
        "等待当事人补充材料"
    );
    let done = browser
        .submit(&page, &format!("/orders/{id}/act/resume"), &[("note", "")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert!(app.order("handler", id).await["suspended_since"].is_null());
    app.stop().await;
}
