//! Screening: invalid appeals, and repeats linked or merged.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    duplicates_are_linked_or_merged,
    invalid_appeals_are_closed_at_screening
);

async fn duplicates_are_linked_or_merged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();
    let second = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();
    let third = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();
    let linked = app
        .act_ok("agent", second, "link", json!({"target_id": first}))
        .await;
    assert_eq!(linked["repeat_of"], first);
    assert_eq!(linked["status"], "registered");
    let merged = app
        .act_ok(
            "office",
            third,
            "merge",
            json!({"target_id": first, "note": "同一事项重复反映"}),
        )
        .await;
    assert_eq!(merged["status"], "closed");
    assert_eq!(merged["close_reason"], "merged");
    assert_eq!(merged["merged_into"], first);
    let (status, error) = app
        .act("office", second, "merge", json!({"target_id": second}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "target_id");
    let (status, error) = app
        .act("office", second, "merge", json!({"target_id": 999_999}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["code"], "unknown_target");
    let (status, _) = app
        .act("office", third, "reopen", json!({"reason": "x"}))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a merged order is not reopened"
    );
    app.stop().await;
}

async fn invalid_appeals_are_closed_at_screening(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();
    let (status, error) = app
        .act("agent", id, "screen", json!({"valid": false}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "invalid_reason");
    let (status, error) = app
        .act(
            "agent",
            id,
            "screen",
            json!({"valid": true, "type": "urging"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "complexity");
    let closed = app
        .act_ok(
            "agent",
            id,
            "screen",
            json!({"valid": false, "invalid_reason": "out_of_remit", "note": "属劳动仲裁事项"}),
        )
        .await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["close_reason"], "invalid");
    app.stop().await;
}
