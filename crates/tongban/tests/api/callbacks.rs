//! After the reply: satisfaction callbacks, 不满意甄别 rulings, reopening.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    unsatisfied_ratings_reopen_or_are_ruled_out,
    unreachable_callbacks_count_attempts
);

async fn replied(app: &TestApp) -> i64 {
    let id = app.dispatched_order().await;
    app.act_ok("handler", id, "accept", json!({})).await;
    app.act_ok(
        "handler",
        id,
        "reply",
        json!({"text": "已督促执行，款项将于本周内发放。"}),
    )
    .await;
    id
}

async fn unsatisfied_ratings_reopen_or_are_ruled_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = replied(&app).await;
    let unsatisfied = app
        .act_ok(
            "office",
            id,
            "callback",
            json!({"outcome": "unsatisfied", "note": "款项仍未到账"}),
        )
        .await;
    assert_eq!(unsatisfied["status"], "unsatisfied");
    let (status, _) = app.act("office", id, "close", json!({})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an unsatisfied order is not closed as it is"
    );
    let disputed = app
        .act_ok(
            "handler",
            id,
            "dispute-rating",
            json!({"reason": "款项已于答复当日发放，系银行到账延迟"}),
        )
        .await;
    assert_eq!(disputed["status"], "rating_disputed");
    let ruled = app
        .act_ok(
            "office",
            id,
            "rule-rating",
            json!({"reasonable": false, "note": "经核实已发放，不满意理由不成立"}),
        )
        .await;
    assert_eq!(ruled["status"], "rated");
    assert_eq!(ruled["rating_excluded"], true);
    app.act_ok("office", id, "close", json!({})).await;

    let second = replied(&app).await;
    app.act_ok(
        "office",
        second,
        "callback",
        json!({"outcome": "unsatisfied"}),
    )
    .await;
    let reopened = app
        .act_ok(
            "office",
            second,
            "reopen",
            json!({"reason": "群众反映问题未解决，重办"}),
        )
        .await;
    assert_eq!(reopened["status"], "accepted");
    assert_eq!(reopened["reopen_count"], 1);
    assert_eq!(reopened["satisfaction"], Value::Null);
    app.act_ok(
        "handler",
        second,
        "reply",
        json!({"text": "已再次核实并发放。"}),
    )
    .await;
    app.act_ok(
        "office",
        second,
        "callback",
        json!({"outcome": "basically_satisfied"}),
    )
    .await;
    let closed = app.act_ok("office", second, "close", json!({})).await;
    assert_eq!(closed["status"], "closed");
    let reopened_again = app
        .act_ok(
            "office",
            second,
            "reopen",
            json!({"reason": "群众再次来电"}),
        )
        .await;
    assert_eq!(reopened_again["reopen_count"], 2);
    app.stop().await;
}

async fn unreachable_callbacks_count_attempts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = replied(&app).await;
    for attempt in 1..=2 {
        let order = app
            .act_ok("office", id, "callback", json!({"outcome": "unreachable"}))
            .await;
        assert_eq!(order["status"], "replied", "attempt {attempt}");
        assert_eq!(order["callback_attempts"], attempt);
    }
    let third = app
        .act_ok("office", id, "callback", json!({"outcome": "unreachable"}))
        .await;
    assert_eq!(
        third["status"], "rated",
        "after three attempts the callback is done"
    );
    assert_eq!(third["satisfaction"], "unreachable");
    app.stop().await;
}
