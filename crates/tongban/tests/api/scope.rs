//! Who sees which orders: a handler their own, a head the department's, court staff their
//! court's, the intermediate court's service office, inspection office and leaders all.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    reads_follow_the_scope_of_each_role,
    personal_data_is_masked_and_revealed_on_record
);

async fn reads_follow_the_scope_of_each_role(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let city = app.dispatched_order().await;
    let basic = app.register("b_agent", TestApp::appeal()).await;
    assert_eq!(
        basic["court_id"], app.org.basic_court,
        "a basic court registers for itself"
    );
    let basic = basic["id"].as_i64().unwrap();
    app.act_ok(
        "b_office",
        basic,
        "screen",
        json!({"valid": true, "type": "urging", "complexity": "simple"}),
    )
    .await;
    let route = json!({"court_id": app.org.basic_court, "department_id": app.org.basic_civil, "handler_id": app.org.user("b_handler")});
    app.act_ok("b_office", basic, "dispatch", route).await;
    let (status, error) = app
        .act(
            "b_office",
            app.register("b_agent", TestApp::appeal()).await["id"]
                .as_i64()
                .unwrap(),
            "screen",
            json!({"valid": true, "type": "urging", "complexity": "simple"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{error}");
    let unrouted = app.register("agent", TestApp::appeal()).await["id"]
        .as_i64()
        .unwrap();

    // (user, sees the city order, sees the basic court's, sees the unrouted one, list total)
    let expectations = [
        ("admin", true, true, true, 4),
        ("agent", true, true, true, 4),
        ("office", true, true, true, 4),
        ("inspector", true, true, true, 4),
        ("leader", true, true, true, 4),
        ("head", true, false, false, 1),
        ("handler", true, false, false, 1),
        ("handler2", false, false, false, 0),
        ("civil_head", false, false, false, 0),
        ("b_agent", false, true, false, 2),
        ("b_office", false, true, false, 2),
        ("b_head", false, true, false, 1),
        ("b_handler", false, true, false, 1),
    ];
    for (user, city_seen, basic_seen, unrouted_seen, total) in expectations {
        for (id, seen) in [
            (city, city_seen),
            (basic, basic_seen),
            (unrouted, unrouted_seen),
        ] {
            let (status, body) = app.get(user, &format!("/api/v1/orders/{id}")).await;
            let expected = if seen {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(status, expected, "{user} reading order {id}: {body}");
        }
        let (status, list) = app.get(user, "/api/v1/orders").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list["total"], total, "{user}'s list");
    }
    let (status, _) = app
        .get(
            "b_office",
            &format!("/api/v1/orders?court_id={}", app.org.city_court),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "filtering outside one's scope simply finds nothing"
    );
    app.stop().await;
}

async fn personal_data_is_masked_and_revealed_on_record(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    let order = app.order("inspector", id).await;
    assert_eq!(order["appellant"]["phone"], "138****5678");
    assert_eq!(order["appellant"]["id_number"], "1101**********002X");
    assert_eq!(order["appellant"]["masked"], true);
    let path = format!("/api/v1/orders/{id}/personal-data");
    let (status, full) = app.get("handler", &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(full["phone"], "13812345678");
    assert_eq!(full["id_number"], "11010519491231002X");
    let (status, error) = app.get("admin", &path).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "an administrator does not need an appellant's data"
    );
    assert_eq!(error["error"]["code"], "personal_data_forbidden");
    let (status, _) = app.get("handler2", &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.order("office", id).await["may_reveal_personal_data"],
        true
    );
    assert_eq!(
        app.order("admin", id).await["may_reveal_personal_data"],
        false
    );
    app.stop().await;
}
