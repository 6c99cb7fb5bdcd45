//! Calls from the switch: idempotence, callbacks for missed calls and their automatic closing,
//! callback outcomes, repeat callers and the screen pop.

use reqwest::StatusCode;
use serde_json::json;

use crate::hotline_support::{MONDAY_10AM, at, call, call_ok, civil_case, import_cases, set_clock};
use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    the_same_event_twice_changes_nothing,
    a_missed_call_gets_a_callback_that_closes_when_the_caller_gets_through,
    callback_outcomes_close_the_task,
    bad_call_records_are_refused,
    the_screen_pop_shows_calls_orders_and_cases
);

async fn the_same_event_twice_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    set_clock(&app, MONDAY_10AM).await;
    call_ok(&app, "c-1", "13812345678", "offered", 0).await;
    let (status, body) = call(&app, "c-1", "13812345678", "offered", 5).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["recorded"], false);
    call_ok(&app, "c-1", "13812345678", "abandoned", 1).await;
    let (status, _) = call(&app, "c-1", "13812345678", "abandoned", 2).await;
    assert_eq!(status, StatusCode::OK);
    // Many at once, with repeats among them: each event is recorded once.
    let sends = (0..40).map(|i| {
        let app = &app;
        async move {
            call(
                app,
                &format!("burst-{}", i % 10),
                "13900001111",
                "offered",
                i,
            )
            .await
        }
    });
    let answers = futures::future::join_all(sends).await;
    let created = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(created, 10, "ten distinct calls among forty posts");
    let (_, open) = app.get("agent", "/api/v1/callbacks?status=open").await;
    assert_eq!(
        open["total"], 1,
        "one callback for the abandoned call: {open}"
    );
    let (_, stats) = app
        .get(
            "office",
            "/api/v1/stats/hotline?from=2026-11-02&to=2026-11-02",
        )
        .await;
    assert_eq!(stats["days"][0]["offered"], 11);
    assert_eq!(stats["days"][0]["abandoned"], 1);
    app.stop().await;
}

async fn a_missed_call_gets_a_callback_that_closes_when_the_caller_gets_through(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    set_clock(&app, MONDAY_10AM).await;
    call_ok(&app, "c-1", "13812345678", "offered", 0).await;
    call_ok(&app, "c-1", "13812345678", "abandoned", 1).await;
    let (status, open) = app.get("agent", "/api/v1/callbacks?status=open").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(open["total"], 1);
    let task = &open["items"][0];
    assert_eq!(task["caller"], "13812345678");
    assert_eq!(task["status"], "open");
    assert_eq!(task["call_id"], "c-1");
    // Missed at 10:01: two working hours later, across the lunch break, is 14:01 China time.
    assert_eq!(task["due_at"], "2026-11-02T06:01:00Z");
    // A second missed call of the same number adds no second task.
    call_ok(&app, "c-2", "13812345678", "offered", 10).await;
    call_ok(&app, "c-2", "13812345678", "ended", 11).await;
    let (_, open) = app.get("agent", "/api/v1/callbacks?status=open").await;
    assert_eq!(open["total"], 1);
    // The caller gets through to an agent: the task closes itself.
    call_ok(&app, "c-3", "13812345678", "offered", 30).await;
    call_ok(&app, "c-3", "13812345678", "answered_by_agent", 31).await;
    let (_, open) = app.get("agent", "/api/v1/callbacks?status=open").await;
    assert_eq!(open["total"], 0, "{open}");
    let (_, closed) = app
        .get("agent", "/api/v1/callbacks?status=auto_closed")
        .await;
    assert_eq!(closed["total"], 1);
    assert_eq!(closed["items"][0]["outcome"], "caller_got_through");
    // An answered call that ends is no missed call.
    call_ok(&app, "c-3", "13812345678", "ended", 40).await;
    let (_, all) = app.get("agent", "/api/v1/callbacks").await;
    assert_eq!(all["total"], 1);
    let (_, stats) = app
        .get(
            "office",
            "/api/v1/stats/hotline?from=2026-11-02&to=2026-11-02",
        )
        .await;
    let day = &stats["days"][0];
    assert_eq!(day["offered"], 3);
    assert_eq!(day["answered"], 1);
    assert_eq!(day["abandoned"], 2);
    assert_eq!(
        day["called_back_in_time"], 1,
        "the caller got through in time"
    );
    assert_eq!(day["repeat_callers"], 1);
    app.stop().await;
}

async fn callback_outcomes_close_the_task(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    set_clock(&app, MONDAY_10AM).await;
    call_ok(&app, "c-9", "0755-83535678", "offered", 0).await;
    call_ok(&app, "c-9", "0755-83535678", "ended", 1).await;
    let (_, open) = app.get("agent", "/api/v1/callbacks?status=open").await;
    let id = open["items"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/callbacks/{id}/outcome");
    let (status, task) = app
        .post("agent", &path, json!({"outcome": "unreachable"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{task}");
    assert_eq!(task["status"], "open");
    assert_eq!(task["attempts"], 1);
    let (status, refused) = app
        .post("agent", &path, json!({"outcome": "registered"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["field"], "order_id");
    let (status, task) = app
        .post(
            "agent",
            &path,
            json!({"outcome": "reached", "note": "已解答立案材料问题"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(task["status"], "done");
    assert_eq!(task["attempts"], 2);
    assert_eq!(task["overdue"], false);
    let (status, refused) = app
        .post("agent", &path, json!({"outcome": "reached"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let (status, _) = app
        .post("handler", &path, json!({"outcome": "reached"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, stats) = app
        .get(
            "office",
            "/api/v1/stats/hotline?from=2026-11-02&to=2026-11-02",
        )
        .await;
    assert_eq!(stats["days"][0]["callbacks"], 1);
    assert_eq!(stats["days"][0]["called_back_in_time"], 1);
    app.stop().await;
}

async fn bad_call_records_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let body = |event: &str, caller: &str| json!({"call_id": "x-1", "caller": caller, "event": event, "at": at(0)});
    let (status, e) = app
        .post("agent", "/api/v1/calls", body("rang", "13812345678"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["field"], "event");
    let (status, e) = app
        .post("agent", "/api/v1/calls", body("offered", "12345"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["field"], "caller");
    let (status, e) = app
        .post("agent", "/api/v1/calls", json!({"call_id": "x-1", "caller": "13812345678", "event": "offered", "at": at(0), "court_id": 999}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["code"], "unknown_court");
    let (status, _) = app
        .post("handler", "/api/v1/calls", body("offered", "13812345678"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .send(
            None,
            reqwest::Method::POST,
            "/api/v1/calls",
            Some(body("offered", "13812345678")),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, history) = app
        .get("agent", "/api/v1/callers/13812345678/history")
        .await;
    assert_eq!(
        history["calls"].as_array().unwrap().len(),
        0,
        "nothing was stored"
    );
    let (status, _) = app.get("agent", "/api/v1/callbacks?status=later").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, e) = app
        .get(
            "office",
            "/api/v1/stats/hotline?from=2026-11-05&to=2026-11-01",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["code"], "invalid_range");
    let (status, _) = app
        .get("office", "/api/v1/stats/hotline?from=2026-11&to=2026-11-01")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .get(
            "handler",
            "/api/v1/stats/hotline?from=2026-11-01&to=2026-11-01",
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, week) = app
        .get(
            "office",
            "/api/v1/stats/hotline?from=2026-11-01&to=2026-11-07",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        week["days"].as_array().unwrap().len(),
        7,
        "every day, calls or not"
    );
    assert_eq!(week["total"]["offered"], 0);
    app.stop().await;
}

async fn the_screen_pop_shows_calls_orders_and_cases(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    set_clock(&app, MONDAY_10AM).await;
    let (status, report) = import_cases(&app, json!([civil_case()])).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    app.register("agent", TestApp::appeal()).await;
    call_ok(&app, "c-1", "13812345678", "offered", 0).await;
    call_ok(&app, "c-1", "13812345678", "answered_by_agent", 1).await;
    call_ok(&app, "c-2", "138 1234 5678", "offered", 60).await;
    let (status, h) = app
        .get("agent", "/api/v1/callers/13812345678/history")
        .await;
    assert_eq!(status, StatusCode::OK, "{h}");
    assert_eq!(h["phone"], "13812345678");
    assert_eq!(h["calls"].as_array().unwrap().len(), 2);
    assert_eq!(h["calls"][0]["call_id"], "c-2", "newest first");
    assert_eq!(h["calls"][0]["is_repeat"], true);
    assert_eq!(h["calls"][1]["answered_by"], "agent");
    assert_eq!(h["repeat_caller"], true);
    assert_eq!(h["orders"]["total"], 1);
    assert_eq!(h["orders"]["items"][0]["status"], "registered");
    assert_eq!(h["cases"][0]["case_number"], "(2026)粤03民初88号");
    assert_eq!(h["cases"][0]["stage"], "审理中");
    let (_, other) = app
        .get("agent", "/api/v1/callers/13900009999/history")
        .await;
    assert_eq!(other["cases"].as_array().unwrap().len(), 0);
    assert_eq!(other["repeat_caller"], false);
    let (status, _) = app
        .get("agent", "/api/v1/callers/not-a-phone/history")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .get("handler", "/api/v1/callers/13812345678/history")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.stop().await;
}
