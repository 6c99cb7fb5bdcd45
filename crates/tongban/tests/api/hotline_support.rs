//! Helpers of the hotline tests: the test clock at a known working morning, call events, the
//! case directory and the shipped knowledge base.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::TestApp;

/// Monday 2 November 2026, 10:00 in China: a working morning.
pub const MONDAY_10AM: &str = "2026-11-02T02:00:00Z";

pub async fn set_clock(app: &TestApp, now: &str) {
    let (status, body) = app
        .send(
            None,
            reqwest::Method::POST,
            "/api/v1/test/clock",
            Some(json!({"now": now})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// `minutes` after Monday 10:00, as RFC 3339.
pub fn at(minutes: i64) -> String {
    let base = chrono::DateTime::parse_from_rfc3339(MONDAY_10AM).unwrap();
    (base + chrono::Duration::minutes(minutes)).to_rfc3339()
}

/// Posts a call event as `agent`; returns the status and body.
pub async fn call(
    app: &TestApp,
    call_id: &str,
    caller: &str,
    event: &str,
    minutes: i64,
) -> (StatusCode, Value) {
    app.post(
        "agent",
        "/api/v1/calls",
        json!({"call_id": call_id, "caller": caller, "event": event, "at": at(minutes), "agent_id": 1001}),
    )
    .await
}

/// Posts a call event that must be new.
pub async fn call_ok(app: &TestApp, call_id: &str, caller: &str, event: &str, minutes: i64) {
    let (status, body) = call(app, call_id, caller, event, minutes).await;
    assert_eq!(status, StatusCode::CREATED, "{call_id} {event}: {body}");
    assert_eq!(body["recorded"], true);
}

/// A case of the city court's first civil division handled by `civil_handler`; the party
/// 张三 has the phone 13812345678.
pub fn civil_case() -> Value {
    json!({
        "case_number": "(2026)粤03民初88号",
        "court_code": "粤03",
        "department": "民事审判第一庭",
        "judge_name": "测试civil_handler",
        "judge_username": "civil_handler",
        "clerk_name": "王书记员",
        "clerk_phone": "0755-83530000",
        "parties": [{"name": "张三", "phone": "13812345678"}, {"name": "某某公司"}],
        "stage": "审理中",
        "next_hearing": "2026-12-10 09:30",
        "key_dates": {"立案": "2026-03-02"}
    })
}

pub async fn import_cases(app: &TestApp, cases: Value) -> (StatusCode, Value) {
    app.post("admin", "/api/v1/cases/import", json!({"cases": cases}))
        .await
}

/// Imports the knowledge base the demo ships, published.
pub async fn import_demo_knowledge(app: &TestApp) -> usize {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/knowledge");
    let mut entries = Vec::new();
    for part in 1..=4 {
        let text = std::fs::read_to_string(format!("{dir}/part{part}.json")).unwrap();
        let items: Vec<Value> = serde_json::from_str(&text).unwrap();
        for mut item in items {
            item["owner"] = json!("群众诉求服务处");
            item["status"] = json!("published");
            entries.push(item);
        }
    }
    let (status, body) = app
        .post(
            "admin",
            "/api/v1/knowledge/import",
            json!({"entries": entries}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = app
        .post("admin", "/api/v1/knowledge/index", json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "the index is rebuilt");
    body["imported"].as_u64().unwrap() as usize
}
