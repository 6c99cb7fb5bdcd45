use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    registering_returns_the_numbered_order,
    bad_fields_are_named_and_nothing_is_stored,
    concurrent_registrations_get_distinct_numbers
);

async fn registering_returns_the_numbered_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let order = app.register("agent", TestApp::appeal()).await;
    assert!(order["id"].as_i64().unwrap() > 0);
    let number = order["number"].as_str().unwrap();
    assert!(
        number.starts_with("SZ-") && number.len() == "SZ-20261126-0001".len(),
        "{number}"
    );
    assert!(
        number.ends_with("-0001"),
        "the first order of the day: {number}"
    );
    assert_eq!(order["status"], "registered");
    assert_eq!(order["channel"], "hotline");
    assert_eq!(order["type"], "urging");
    assert_eq!(order["case"]["court"], "粤03");
    assert_eq!(order["case"]["case_type"], "执");
    assert_eq!(order["case"]["serial"], 1234);
    assert_eq!(
        order["appellant"]["phone"], "138****5678",
        "personal data is masked"
    );
    assert_eq!(order["supervision_level"], 0);
    assert!(
        order["deadlines"]["accept_by"].is_string() && order["deadlines"]["reply_by"].is_string()
    );
    assert_eq!(order["light"], "green");
    let second = app.register("agent", TestApp::appeal()).await;
    assert!(second["number"].as_str().unwrap().ends_with("-0002"));

    let full = app.order("agent", order["id"].as_i64().unwrap()).await;
    let events = full["events"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["kind"], "registered");
    assert_eq!(events[0]["actor_name"], "agent");
    app.stop().await;
}

fn with(mut body: Value, pointer: &str, value: Value) -> Value {
    *body.pointer_mut(pointer).unwrap() = value;
    body
}

async fn bad_fields_are_named_and_nothing_is_stored(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let base = TestApp::appeal();
    let cases = [
        (
            with(base.clone(), "/appellant/phone", json!("12345")),
            "appellant.phone",
            "invalid_phone",
        ),
        (
            with(
                base.clone(),
                "/appellant/id_number",
                json!("110105194912310021"),
            ),
            "appellant.id_number",
            "invalid_id_number",
        ),
        (
            with(base.clone(), "/case_number", json!("(2026)粤0304民乱1号")),
            "case_number",
            "invalid_case_number",
        ),
        (
            with(base.clone(), "/content", json!("   ")),
            "content",
            "missing_field",
        ),
        (
            with(base.clone(), "/channel", json!("pigeon")),
            "channel",
            "invalid_field",
        ),
        (
            with(base.clone(), "/urgency", json!("whenever")),
            "urgency",
            "invalid_field",
        ),
        (
            with(base.clone(), "/appellant/name", json!("")),
            "appellant.name",
            "missing_field",
        ),
        (
            with(base.clone(), "/appellant/phone", Value::Null),
            "appellant.phone",
            "missing_field",
        ),
    ];
    for (body, field, code) in cases {
        let (status, error) = app.post("agent", "/api/v1/orders", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {error}");
        assert_eq!(error["error"]["field"], field, "{error}");
        assert_eq!(error["error"]["code"], code, "{error}");
        assert!(!error["error"]["message"].as_str().unwrap().is_empty());
    }
    let bad_json = app
        .client
        .post(app.url("/api/v1/orders"))
        .bearer_auth(app.token("agent").await)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_json.status(), StatusCode::BAD_REQUEST);
    let (status, error) = app
        .post("handler", "/api/v1/orders", TestApp::appeal())
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "handlers do not register appeals"
    );
    assert_eq!(error["error"]["code"], "role_not_allowed");
    let (_, list) = app.get("office", "/api/v1/orders").await;
    assert_eq!(
        list["total"], 0,
        "no refused registration left anything behind"
    );
    let good = app.register("agent", TestApp::appeal()).await;
    assert!(
        good["number"].as_str().unwrap().ends_with("-0001"),
        "refusals used no order number"
    );
    app.stop().await;
}

async fn concurrent_registrations_get_distinct_numbers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.token("agent").await;
    let tasks: Vec<_> = (0..40)
        .map(|_| app.register("agent", TestApp::appeal()))
        .collect();
    let orders = futures::future::join_all(tasks).await;
    let mut numbers: Vec<String> = orders
        .iter()
        .map(|o| o["number"].as_str().unwrap().to_string())
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 40);
    let (_, list) = app.get("office", "/api/v1/orders?per_page=100").await;
    assert_eq!(list["total"], 40);
    app.stop().await;
}
