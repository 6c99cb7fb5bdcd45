//! 回访超期: a callback past its deadline opens a level-1 supervision of the service office
//! (whose step the callback is), exactly once.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_databases;
use crate::supervision::{about, inbox, instant, set_clock, supervisions};
use crate::support::{Backend, TestApp};

on_both_databases!(a_late_callback_supervises_the_service_office_once);

async fn a_late_callback_supervises_the_service_office_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    app.act_ok("handler", id, "accept", json!({})).await;
    let replied = app
        .act_ok("handler", id, "reply", json!({"text": "已答复诉求人"}))
        .await;
    let callback_by = instant(&replied["deadlines"]["callback_by"]);

    set_clock(&app, callback_by - Duration::seconds(1)).await;
    let list = supervisions(&app, "office", &format!("order_id={id}")).await;
    assert_eq!(list["total"], 0, "{list}");

    set_clock(&app, callback_by + Duration::seconds(1)).await;
    set_clock(&app, callback_by + Duration::seconds(2)).await;
    let list = supervisions(&app, "office", &format!("order_id={id}")).await;
    assert_eq!(list["total"], 1, "{list}");
    let s = &list["items"][0];
    assert_eq!(s["level"], 1);
    assert_eq!(s["reason"], "late_callback");
    assert_eq!(s["status"], "open");
    assert!(
        s["handler_id"].is_null(),
        "the service office is supervised: {s}"
    );
    assert_eq!(app.order("office", id).await["supervision_level"], 1);
    assert_eq!(about(&inbox(&app, "office").await, id, "supervised"), 1);
    assert_eq!(about(&inbox(&app, "handler").await, id, "supervised"), 0);

    // The service office answers for its own step; the handler who replied does not even
    // see a supervision of the service office.
    let sid = s["id"].as_i64().unwrap();
    let path = format!("/api/v1/supervisions/{sid}/respond");
    let (status, body) = app.post("handler", &path, json!({"text": "x"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = app
        .post("office", &path, json!({"text": "今日完成回访"}))
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("responded")),
        "{body}"
    );

    // Later sweeps open nothing more.
    set_clock(&app, callback_by + Duration::days(1)).await;
    let list = supervisions(&app, "office", &format!("order_id={id}")).await;
    assert_eq!(list["total"], 1, "{list}");
    app.stop().await;
}
