use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    an_order_goes_from_registration_to_closing,
    easy_appeals_are_answered_on_the_spot,
    extensions_move_the_reply_deadline,
    returns_and_reassignments_change_the_handler
);

fn kinds(order: &Value) -> Vec<String> {
    order["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

async fn an_order_goes_from_registration_to_closing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();
    let screened = app
        .act_ok("office", id, "screen", json!({"valid": true, "type": "urging", "area": "enforcement", "complexity": "simple", "urgency": "normal"}))
        .await;
    assert_eq!(screened["status"], "screened");
    assert_eq!(screened["complexity"], "simple");
    let dispatched = app
        .act_ok("office", id, "dispatch", app.route_to_handler())
        .await;
    assert_eq!(dispatched["status"], "dispatched");
    assert_eq!(dispatched["handler_id"], app.org.user("handler"));
    let accepted = app.act_ok("handler", id, "accept", json!({})).await;
    assert_eq!(accepted["status"], "accepted");
    assert!(accepted["accepted_at"].is_string());
    let replied = app
        .act_ok(
            "handler",
            id,
            "reply",
            json!({"text": "经核实，执行款已于今日发放，请注意查收。"}),
        )
        .await;
    assert_eq!(replied["status"], "replied");
    assert!(replied["deadlines"]["callback_by"].is_string());
    let rated = app
        .act_ok(
            "office",
            id,
            "callback",
            json!({"outcome": "satisfied", "note": "群众表示满意"}),
        )
        .await;
    assert_eq!(rated["satisfaction"], "satisfied");
    let closed = app.act_ok("office", id, "close", json!({})).await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["close_reason"], "resolved");

    let order = app.order("office", id).await;
    assert_eq!(
        kinds(&order),
        [
            "registered",
            "screened",
            "dispatched",
            "accepted",
            "replied",
            "callback",
            "closed"
        ]
    );
    // Compared as instants: RFC 3339 text leaves out a zero fraction, so text order is not time order.
    let times: Vec<DateTime<Utc>> = order["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "the timeline is oldest first"
    );
    assert_eq!(order["events"][3]["actor_name"], "handler");
    let (status, again) = app.act("office", id, "close", json!({})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a closed order cannot be closed again"
    );
    assert_eq!(again["error"]["code"], "invalid_state");
    app.stop().await;
}

async fn easy_appeals_are_answered_on_the_spot(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut appeal = TestApp::appeal();
    appeal["type"] = json!("consultation");
    let id = app.register("agent", appeal).await["id"].as_i64().unwrap();
    let (status, error) = app
        .act("agent", id, "answer", json!({"text": "可以网上立案。"}))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "unscreened appeals are not answered yet: {error}"
    );
    app.act_ok(
        "agent",
        id,
        "screen",
        json!({"valid": true, "type": "consultation", "complexity": "easy"}),
    )
    .await;
    let closed = app
        .act_ok(
            "agent",
            id,
            "answer",
            json!({"text": "您可以通过网上立案平台提交材料。", "close": true}),
        )
        .await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["close_reason"], "answered_on_spot");
    assert_eq!(closed["answered_on_spot"], true);

    let other = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();
    app.act_ok(
        "agent",
        other,
        "screen",
        json!({"valid": true, "type": "urging", "complexity": "simple"}),
    )
    .await;
    let (status, error) = app
        .act("agent", other, "answer", json!({"text": "稍后答复"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["error"]["code"], "not_easy");
    app.stop().await;
}

async fn extensions_move_the_reply_deadline(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    app.act_ok("handler", id, "accept", json!({})).await;
    let before = app.order("handler", id).await["deadlines"]["reply_by"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, error) = app
        .act(
            "handler",
            id,
            "request-extension",
            json!({"days": 0, "reason": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "days");
    app.act_ok(
        "handler",
        id,
        "request-extension",
        json!({"days": 5, "reason": "需调取卷宗核实"}),
    )
    .await;
    let (status, _) = app
        .act("handler", id, "decide-extension", json!({"approve": true}))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a handler does not approve their own extension"
    );
    let (status, _) = app
        .act(
            "civil_head",
            id,
            "decide-extension",
            json!({"approve": true}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another department's head does not even see it"
    );
    let approved = app
        .act_ok(
            "head",
            id,
            "decide-extension",
            json!({"approve": true, "days": 3, "note": "同意延期三个工作日"}),
        )
        .await;
    assert_eq!(approved["extension"]["state"], "approved");
    assert_eq!(approved["extension"]["days"], 3);
    let after = approved["deadlines"]["reply_by"].as_str().unwrap();
    assert!(after > before.as_str(), "{before} → {after}");
    let (status, error) = app
        .act("head", id, "decide-extension", json!({"approve": true}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["error"]["code"], "no_pending_extension");
    app.stop().await;
}

async fn returns_and_reassignments_change_the_handler(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    let (status, error) = app
        .act("handler", id, "return", json!({"reason": ""}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "reason");
    let returned = app
        .act_ok(
            "handler",
            id,
            "return",
            json!({"reason": "该案属于民事审判庭承办，非执行局"}),
        )
        .await;
    assert_eq!(returned["status"], "screened");
    assert_eq!(returned["handler_id"], Value::Null);
    assert_eq!(returned["return_count"], 1);
    let (status, _) = app.get("handler", &format!("/api/v1/orders/{id}")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the returning handler no longer holds it"
    );
    let bad_route = json!({"court_id": app.org.city_court, "department_id": app.org.civil, "handler_id": app.org.user("handler")});
    let (status, error) = app.act("office", id, "dispatch", bad_route).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "handler_id");
    let civil = json!({"court_id": app.org.city_court, "department_id": app.org.civil, "handler_id": app.org.user("civil_handler")});
    app.act_ok("office", id, "dispatch", civil).await;
    let (status, error) = app
        .act(
            "civil_head",
            id,
            "reassign",
            json!({"handler_id": app.org.user("handler2")}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a head reassigns only inside the department: {error}"
    );
    let reassigned = app
        .act_ok(
            "civil_head",
            id,
            "reassign",
            json!({"handler_id": app.org.user("civil_head")}),
        )
        .await;
    assert_eq!(reassigned["handler_id"], app.org.user("civil_head"));
    assert_eq!(reassigned["status"], "dispatched");
    let moved = app
        .act_ok(
            "office",
            id,
            "reassign",
            json!({"handler_id": app.org.user("handler2")}),
        )
        .await;
    assert_eq!(
        moved["department_id"], app.org.enforcement,
        "the service office moves it across departments"
    );
    app.act_ok("handler2", id, "accept", json!({})).await;
    let order = app.order("office", id).await;
    assert_eq!(
        kinds(&order),
        [
            "registered",
            "screened",
            "dispatched",
            "returned",
            "dispatched",
            "reassigned",
            "reassigned",
            "accepted"
        ]
    );
    app.stop().await;
}
