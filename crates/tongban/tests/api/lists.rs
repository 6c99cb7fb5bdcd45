//! Lists: filters, paging, overdue orders as the test clock moves.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    filters_and_pages,
    overdue_follows_the_test_clock,
    the_test_clock_exists_only_when_enabled
);

async fn filters_and_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for _ in 0..3 {
        app.dispatched_order().await;
    }
    let mut letter = TestApp::appeal();
    letter["channel"] = json!("letter");
    letter["urgency"] = json!("urgent");
    app.register("office", letter).await;
    let total = |query: &'static str| {
        let app = &app;
        async move {
            let (status, list) = app.get("office", &format!("/api/v1/orders?{query}")).await;
            assert_eq!(status, StatusCode::OK, "{query}: {list}");
            list["total"].as_i64().unwrap()
        }
    };
    assert_eq!(total("").await, 4);
    assert_eq!(total("status=dispatched").await, 3);
    assert_eq!(total("status=dispatched,registered").await, 4);
    assert_eq!(total("channel=letter").await, 1);
    assert_eq!(total("urgency=urgent").await, 1);
    assert_eq!(total("type=urging").await, 4);
    assert_eq!(total("phone=138-1234-5678").await, 4);
    assert_eq!(total("case_number=(2026)粤03执1234号").await, 4);
    let (_, by_handler) = app
        .get(
            "office",
            &format!(
                "/api/v1/orders?handler_id={}&court_id={}",
                app.org.user("handler"),
                app.org.city_court
            ),
        )
        .await;
    assert_eq!(by_handler["total"], 3);
    assert_eq!(total("from=2000-01-01&to=2999-12-31").await, 4);
    assert_eq!(total("to=2001-01-01").await, 0);
    let (_, page) = app.get("office", "/api/v1/orders?per_page=3&page=2").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["total"], 4);
    let (_, first) = app
        .get("office", "/api/v1/orders?per_page=2&sort=newest")
        .await;
    let ids: Vec<i64> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    assert!(ids[0] > ids[1], "newest first");
    for bad in [
        "status=lost",
        "per_page=0",
        "per_page=1000",
        "page=0",
        "sort=random",
        "from=yesterday",
        "urgency=now",
        "phone=123",
    ] {
        let (status, error) = app.get("office", &format!("/api/v1/orders?{bad}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {error}");
        assert!(error["error"]["code"].is_string());
    }
    app.stop().await;
}

async fn overdue_follows_the_test_clock(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    assert_eq!(overdue_count(&app).await, 0);
    assert_eq!(app.order("office", id).await["light"], "green");
    // Ten days: past the one working day to accept whatever the weekday and holidays.
    app.advance(10 * 86_400).await;
    assert_eq!(overdue_count(&app).await, 1);
    let order = app.order("office", id).await;
    assert_eq!(order["light"], "red");
    assert_eq!(order["overdue"], true);
    app.stop().await;
}

async fn the_test_clock_exists_only_when_enabled(backend: Backend) {
    let app = TestApp::spawn_with(backend, false).await;
    let (status, body) = app
        .send(
            None,
            reqwest::Method::POST,
            "/api/v1/test/clock",
            Some(json!({"advance_seconds": 60})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    app.stop().await;
    let app = TestApp::spawn(backend).await;
    let target = "2027-03-01T02:00:00Z";
    let (status, body) = app
        .send(
            None,
            reqwest::Method::POST,
            "/api/v1/test/clock",
            Some(json!({"now": target})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body["now"]
            .as_str()
            .unwrap()
            .starts_with("2027-03-01T02:00"),
        "{body}"
    );
    let order = app.register("agent", TestApp::appeal()).await;
    assert!(
        order["number"]
            .as_str()
            .unwrap()
            .starts_with("SZ-20270301-"),
        "numbers follow the clock"
    );
    let (status, _) = app
        .send(
            None,
            reqwest::Method::POST,
            "/api/v1/test/clock",
            Some(json!({"advance_seconds": -5})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}

async fn overdue_count(app: &TestApp) -> i64 {
    let (_, list) = app
        .get("office", "/api/v1/orders?overdue=true&status=dispatched")
        .await;
    list["total"].as_i64().unwrap()
}
