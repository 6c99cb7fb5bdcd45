//! Every role × every action: allowed where SPEC §1–§2 says, 403 where the role or relation is
//! wrong, 404 where the order is out of scope, 409 in the wrong state — and a refusal changes
//! nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(every_role_and_action, wrong_states_are_conflicts);

const USERS: &[&str] = &[
    "admin",
    "agent",
    "office",
    "inspector",
    "leader",
    "head",
    "handler",
    "handler2",
    "civil_head",
    "civil_handler",
    "b_agent",
    "b_office",
    "b_head",
    "b_handler",
];

/// Who may take each action on an order routed to the city court's enforcement division.
fn allowed(action: &str) -> &'static [&'static str] {
    match action {
        "screen" | "answer" | "dispatch" | "callback" | "merge" | "link" | "close" => {
            &["agent", "office"]
        }
        "accept" | "reply" | "request-extension" | "return" => &["handler"],
        "decide-extension" => &["head"],
        "suspend" | "resume" => &["handler", "head"],
        "reassign" => &["office", "head"],
        "dispute-rating" => &["handler", "head"],
        "rule-rating" | "reopen" => &["office"],
        other => panic!("unknown action {other}"),
    }
}

/// Who can see the order: the city-wide roles always; the division and its handler once routed.
fn sees(user: &str, routed: bool) -> bool {
    matches!(user, "admin" | "agent" | "office" | "inspector" | "leader")
        || routed && matches!(user, "head" | "handler")
}

/// Brings a new order to the state the action needs; returns its id and a valid body.
async fn prepare(app: &TestApp, action: &str) -> (i64, Value, bool) {
    let screen = |complexity: &str| json!({"valid": true, "type": "urging", "area": "enforcement", "complexity": complexity});
    let registered = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();
    match action {
        "screen" => return (registered, screen("simple"), false),
        "link" | "merge" => {
            let target = app.register("agent", TestApp::appeal()).await["id"]
                .as_i64()
                .unwrap();
            return (registered, json!({"target_id": target}), false);
        }
        "answer" => {
            app.act_ok("office", registered, "screen", screen("easy"))
                .await;
            return (registered, json!({"text": "当场答复"}), false);
        }
        "dispatch" => {
            app.act_ok("office", registered, "screen", screen("simple"))
                .await;
            return (registered, app.route_to_handler(), false);
        }
        _ => {}
    }
    app.act_ok("office", registered, "screen", screen("simple"))
        .await;
    app.act_ok("office", registered, "dispatch", app.route_to_handler())
        .await;
    let id = registered;
    let body = match action {
        "accept" => json!({}),
        "return" => json!({"reason": "不属本部门"}),
        "reassign" => json!({"handler_id": app.org.user("handler2")}),
        _ => {
            app.act_ok("handler", id, "accept", json!({})).await;
            match action {
                "reply" => json!({"text": "已处理"}),
                "request-extension" => json!({"days": 2, "reason": "需核实"}),
                "suspend" => json!({"reason": "等待当事人补充材料"}),
                "resume" => {
                    app.act_ok(
                        "handler",
                        id,
                        "suspend",
                        json!({"reason": "等待当事人补充材料"}),
                    )
                    .await;
                    json!({})
                }
                "decide-extension" => {
                    app.act_ok(
                        "handler",
                        id,
                        "request-extension",
                        json!({"days": 2, "reason": "需核实"}),
                    )
                    .await;
                    json!({"approve": true})
                }
                _ => {
                    app.act_ok("handler", id, "reply", json!({"text": "已处理"}))
                        .await;
                    match action {
                        "callback" => json!({"outcome": "satisfied"}),
                        "close" => {
                            app.act_ok("office", id, "callback", json!({"outcome": "satisfied"}))
                                .await;
                            json!({})
                        }
                        _ => {
                            app.act_ok("office", id, "callback", json!({"outcome": "unsatisfied"}))
                                .await;
                            match action {
                                "dispute-rating" => json!({"reason": "已答复到位"}),
                                "reopen" => json!({"reason": "重办"}),
                                "rule-rating" => {
                                    app.act_ok(
                                        "handler",
                                        id,
                                        "dispute-rating",
                                        json!({"reason": "已答复到位"}),
                                    )
                                    .await;
                                    json!({"reasonable": false})
                                }
                                other => panic!("no preparation for {other}"),
                            }
                        }
                    }
                }
            }
        }
    };
    (id, body, true)
}

/// What a refusal must leave untouched.
async fn snapshot(app: &TestApp, id: i64) -> (Value, Value, usize) {
    let order = app.order("office", id).await;
    (
        order["status"].clone(),
        order["version"].clone(),
        order["events"].as_array().unwrap().len(),
    )
}

async fn every_role_and_action(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for user in USERS {
        app.token(user).await;
    }
    let actions = [
        "screen",
        "answer",
        "dispatch",
        "accept",
        "reply",
        "request-extension",
        "decide-extension",
        "suspend",
        "resume",
        "return",
        "reassign",
        "callback",
        "dispute-rating",
        "rule-rating",
        "reopen",
        "merge",
        "link",
        "close",
    ];
    for action in actions {
        let (id, body, routed) = prepare(&app, action).await;
        let before = snapshot(&app, id).await;
        for user in USERS.iter().filter(|u| !allowed(action).contains(u)) {
            let (status, error) = app.act(user, id, action, body.clone()).await;
            let expected = if sees(user, routed) {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(status, expected, "{user} {action}: {error}");
            assert!(error["error"]["code"].is_string() && error["error"]["message"].is_string());
        }
        assert_eq!(
            snapshot(&app, id).await,
            before,
            "refusals of {action} changed nothing"
        );
        for user in allowed(action) {
            let (id, body, _) = prepare(&app, action).await;
            let (status, order) = app.act(user, id, action, body).await;
            assert_eq!(status, StatusCode::OK, "{user} may {action}: {order}");
            assert!(order["version"].as_i64().unwrap() > before.1.as_i64().unwrap() - 1);
        }
    }
    app.stop().await;
}

async fn wrong_states_are_conflicts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (closed, _, _) = prepare(&app, "close").await;
    app.act_ok("office", closed, "close", json!({})).await;
    let (registered, _, _) = prepare(&app, "screen").await;
    let bodies = [
        (
            "screen",
            json!({"valid": true, "type": "urging", "complexity": "simple"}),
        ),
        ("answer", json!({"text": "x"})),
        ("dispatch", app.route_to_handler()),
        ("callback", json!({"outcome": "satisfied"})),
        ("rule-rating", json!({"reasonable": true})),
        ("close", json!({})),
        ("merge", json!({"target_id": registered})),
    ];
    for (action, body) in bodies {
        let before = snapshot(&app, closed).await;
        let (status, error) = app.act("office", closed, action, body).await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "{action} on a closed order: {error}"
        );
        assert_eq!(error["error"]["code"], "invalid_state");
        assert_eq!(snapshot(&app, closed).await, before);
    }
    for action in ["callback", "close", "reopen", "rule-rating"] {
        let body = json!({"outcome": "satisfied", "reason": "x", "reasonable": true});
        let (status, error) = app.act("office", registered, action, body).await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "{action} on a registered order: {error}"
        );
    }
    // 挂起 and 恢复办理 only while handling (accepted, not yet replied): the handler of a
    // dispatched order not yet accepted and of a closed one is refused, and nothing changes.
    let dispatched = app.dispatched_order().await;
    for (id, action) in [
        (dispatched, "suspend"),
        (dispatched, "resume"),
        (closed, "suspend"),
        (closed, "resume"),
    ] {
        let before = snapshot(&app, id).await;
        let (status, error) = app
            .act("handler", id, action, json!({"reason": "等待当事人"}))
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{action}: {error}");
        assert_eq!(error["error"]["code"], "invalid_state");
        assert_eq!(snapshot(&app, id).await, before);
    }
    let (status, error) = app.act("office", registered, "fly", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error["error"]["code"], "unknown_action");
    app.stop().await;
}
