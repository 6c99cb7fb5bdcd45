//! 三级督办 over HTTP: warnings at 75%, supervision by urgency when a deadline passes, a
//! supervision's own lateness climbing a level, exactly once; the people's actions on it.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    a_late_order_climbs_the_three_levels_once_each,
    urgency_decides_the_first_level,
    supervisors_urge_and_conclude_the_supervised_respond,
    raising_by_hand_needs_a_reason_and_a_higher_level,
    a_matter_raised_three_times_goes_to_the_inspection_office
);

pub fn instant(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().expect("an instant"))
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

/// Sets the test clock (the sweep runs before the answer); returns the new now.
pub async fn set_clock(app: &TestApp, at: DateTime<Utc>) -> DateTime<Utc> {
    let (status, body) = app
        .send(
            None,
            reqwest::Method::POST,
            "/api/v1/test/clock",
            Some(json!({"now": at})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    instant(&body["now"])
}

pub async fn supervisions(app: &TestApp, user: &str, query: &str) -> Value {
    let (status, body) = app
        .get(user, &format!("/api/v1/supervisions?{query}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

pub async fn inbox(app: &TestApp, user: &str) -> Vec<Value> {
    let (status, body) = app.get(user, "/api/v1/notifications?limit=500").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["items"].as_array().unwrap().clone()
}

pub fn about(notices: &[Value], order: i64, kind: &str) -> usize {
    notices
        .iter()
        .filter(|n| n["order_id"] == order && n["kind"] == kind)
        .count()
}

async fn a_late_order_climbs_the_three_levels_once_each(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let order = app.register("agent", TestApp::appeal()).await;
    let id = order["id"].as_i64().unwrap();
    let warn_by = instant(&order["deadlines"]["warn_by"]);
    let accept_by = instant(&order["deadlines"]["accept_by"]);
    assert!(warn_by < accept_by);

    set_clock(&app, warn_by - chrono::Duration::seconds(5)).await;
    assert_eq!(
        about(&inbox(&app, "office").await, id, "deadline_warning"),
        0
    );
    set_clock(&app, warn_by).await;
    set_clock(&app, warn_by + chrono::Duration::seconds(30)).await;
    // Nobody holds the order yet: the service office is warned, once.
    assert_eq!(
        about(&inbox(&app, "office").await, id, "deadline_warning"),
        1
    );
    assert_eq!(app.order("office", id).await["light"], "yellow");

    set_clock(&app, accept_by).await;
    let list = supervisions(&app, "office", &format!("order_id={id}")).await;
    assert_eq!(list["total"], 1, "{list}");
    let first = &list["items"][0];
    assert_eq!(first["level"], 1);
    assert_eq!(first["reason"], "late_accept");
    assert_eq!(first["status"], "open");
    assert!(first["number"].as_str().unwrap().starts_with("DB-"));
    let detail = app.order("office", id).await;
    assert_eq!(detail["supervision_level"], 1);
    assert_eq!(detail["light"], "red");
    assert!(
        detail["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "supervised" && e["data"]["level"] == 1)
    );
    assert_eq!(about(&inbox(&app, "office").await, id, "supervised"), 1);

    // Its own deadline passes without a response: the inspection office, then the leaders.
    let due1 = instant(&first["due_at"]);
    set_clock(&app, due1 + chrono::Duration::seconds(1)).await;
    set_clock(&app, due1 + chrono::Duration::seconds(2)).await;
    let list = supervisions(&app, "inspector", &format!("order_id={id}")).await;
    assert_eq!(list["total"], 2, "{list}");
    let second = &list["items"][0];
    assert_eq!(
        (second["level"].as_i64(), second["reason"].as_str()),
        (Some(2), Some("overdue"))
    );
    assert_eq!(list["items"][1]["status"], "escalated");
    assert_eq!(about(&inbox(&app, "inspector").await, id, "supervised"), 1);
    let due2 = instant(&second["due_at"]);
    set_clock(&app, due2 + chrono::Duration::seconds(1)).await;
    let list = supervisions(&app, "leader", &format!("order_id={id}&level=3")).await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(about(&inbox(&app, "leader").await, id, "supervised"), 1);
    let due3 = instant(&list["items"][0]["due_at"]);
    // The top level stays open and red; nothing more is opened.
    set_clock(&app, due3 + chrono::Duration::days(3)).await;
    let all = supervisions(&app, "admin", &format!("order_id={id}")).await;
    assert_eq!(all["total"], 3, "{all}");
    assert_eq!(app.order("office", id).await["supervision_level"], 3);
    app.stop().await;
}

async fn urgency_decides_the_first_level(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut ids = Vec::new();
    for urgency in ["urgent", "extra_urgent"] {
        let mut appeal = TestApp::appeal();
        appeal["urgency"] = json!(urgency);
        let order = app.register("agent", appeal).await;
        ids.push((
            order["id"].as_i64().unwrap(),
            instant(&order["deadlines"]["accept_by"]),
        ));
    }
    let latest = ids.iter().map(|(_, at)| *at).max().unwrap();
    set_clock(&app, latest).await;
    for ((id, _), level) in ids.iter().zip([2, 3]) {
        let list = supervisions(&app, "admin", &format!("order_id={id}")).await;
        assert_eq!(list["total"], 1, "{list}");
        assert_eq!(list["items"][0]["level"], level);
        assert_eq!(app.order("office", *id).await["supervision_level"], level);
    }
    let level2 = supervisions(&app, "admin", "level=2").await;
    assert_eq!(level2["total"], 1);
    let (status, body) = app.get("admin", "/api/v1/supervisions?level=4").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "invalid_level");
    app.stop().await;
}

async fn supervisors_urge_and_conclude_the_supervised_respond(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    let accept_by = instant(&app.order("office", id).await["deadlines"]["accept_by"]);
    set_clock(&app, accept_by).await;
    let list = supervisions(&app, "handler", &format!("order_id={id}")).await;
    assert_eq!(
        list["total"], 1,
        "the handler sees what supervises him: {list}"
    );
    let sid = list["items"][0]["id"].as_i64().unwrap();
    assert_eq!(list["items"][0]["handler_id"], app.org.user("handler"));
    assert_eq!(about(&inbox(&app, "handler").await, id, "supervised"), 1);
    let path = |action: &str| format!("/api/v1/supervisions/{sid}/{action}");

    let (status, body) = app
        .post("handler", &path("urge"), json!({"text": "x"}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_supervisor"))
    );
    let (status, _) = app
        .post("b_office", &path("urge"), json!({"text": "x"}))
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another court's office does not see it"
    );
    let (status, body) = app
        .post("office", &path("urge"), json!({"text": "  "}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = app
        .post("office", &path("urge"), json!({"text": "请今日内受理"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        inbox(&app, "handler")
            .await
            .iter()
            .any(|n| n["message"].as_str().unwrap().contains("请今日内受理"))
    );

    let (status, body) = app
        .post("office", &path("respond"), json!({"text": "x"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = app
        .post(
            "handler",
            &path("respond"),
            json!({"text": "已联系当事人，明日答复"}),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("responded")),
        "{body}"
    );

    let (status, body) = app
        .post(
            "office",
            &path("conclude"),
            json!({"outcome": "continue", "text": "继续跟进"}),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("open")),
        "{body}"
    );
    assert!(instant(&body["due_at"]) > accept_by);
    let (status, body) = app
        .post(
            "office",
            &path("conclude"),
            json!({"outcome": "maybe", "text": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = app
        .post(
            "office",
            &path("conclude"),
            json!({"outcome": "close", "text": "已受理"}),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("closed")),
        "{body}"
    );
    let (status, body) = app
        .post("office", &path("urge"), json!({"text": "再催"}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("supervision_finished"))
    );

    let (status, detail) = app
        .get("office", &format!("/api/v1/supervisions/{sid}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let kinds: Vec<&str> = detail["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["urge", "response", "continued", "closed"]);
    // A closed supervision never escalates.
    set_clock(
        &app,
        instant(&detail["due_at"]) + chrono::Duration::days(10),
    )
    .await;
    assert_eq!(
        supervisions(&app, "admin", &format!("order_id={id}")).await["total"],
        1
    );
    let (status, trail) = app
        .get(
            "admin",
            &format!("/api/v1/audit?entity=supervision&entity_id={sid}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{trail}");
    let actions: Vec<&str> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "supervision.urge",
            "supervision.response",
            "supervision.continued",
            "supervision.closed"
        ]
    );
    app.stop().await;
}

async fn raising_by_hand_needs_a_reason_and_a_higher_level(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    let path = format!("/api/v1/orders/{id}/supervisions");
    let (status, body) = app
        .post("handler", &path, json!({"level": 2, "reason": "x"}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("role_not_allowed"))
    );
    let (status, body) = app
        .post("inspector", &path, json!({"level": 2, "reason": " "}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = app
        .post(
            "inspector",
            &path,
            json!({"level": 2, "reason": "媒体关注，专项督查"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        (body["level"].as_i64(), body["reason"].as_str()),
        (Some(2), Some("manual"))
    );
    assert_eq!(body["note"], "媒体关注，专项督查");
    let (status, body) = app
        .post("office", &path, json!({"level": 2, "reason": "再提"}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_level"))
    );
    let (status, _) = app
        .post("b_office", &path, json!({"level": 3, "reason": "x"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.order("office", id).await["supervision_level"], 2);
    // Its lateness would call for level 1: already supervised higher, nothing opens.
    let accept_by = instant(&app.order("office", id).await["deadlines"]["accept_by"]);
    set_clock(&app, accept_by).await;
    assert_eq!(
        supervisions(&app, "admin", &format!("order_id={id}")).await["total"],
        1
    );
    app.stop().await;
}

async fn a_matter_raised_three_times_goes_to_the_inspection_office(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();
    let second = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();
    app.act_ok("agent", second, "link", json!({"target_id": first}))
        .await;
    assert_eq!(
        supervisions(&app, "admin", &format!("order_id={first}")).await["total"],
        0
    );
    let third = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();
    app.act_ok("office", third, "merge", json!({"target_id": first}))
        .await;
    let list = supervisions(&app, "inspector", &format!("order_id={first}")).await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(
        (
            list["items"][0]["level"].as_i64(),
            list["items"][0]["reason"].as_str()
        ),
        (Some(2), Some("repeated"))
    );
    assert_eq!(app.order("office", first).await["supervision_level"], 2);
    app.stop().await;
}
