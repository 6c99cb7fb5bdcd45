use reqwest::StatusCode;

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    health_and_readiness,
    unknown_routes_answer_json_errors,
    docs_and_openapi_are_served_locally
);

async fn health_and_readiness(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert!(
        ready.headers().contains_key("x-request-id"),
        "every response carries a request id"
    );
    app.stop().await;
}

async fn unknown_routes_answer_json_errors(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, body) = app.get("agent", "/api/v1/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
    let (status, body) = app.get("agent", "/api/v1/orders/not-a-number").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = app
        .send(
            Some("agent"),
            reqwest::Method::DELETE,
            "/api/v1/orders",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["error"]["code"], "method_not_allowed");
    app.stop().await;
}

async fn docs_and_openapi_are_served_locally(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let spec: serde_json::Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/auth/login",
        "/api/v1/orders",
        "/api/v1/orders/{id}",
        "/api/v1/orders/{id}/actions/{action}",
        "/api/v1/users",
        "/api/v1/courts",
        "/api/v1/departments",
    ] {
        assert!(
            spec["paths"].get(path).is_some(),
            "OpenAPI documents {path}"
        );
    }
    let docs = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    let html = docs.text().await.unwrap();
    assert!(html.contains("swagger"), "Swagger UI page");
    for external in ["//cdn", "unpkg.com", "jsdelivr", "googleapis"] {
        assert!(
            !html.contains(external),
            "docs page loads nothing from {external}"
        );
    }
    app.stop().await;
}
