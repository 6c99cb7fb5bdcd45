//! 共性问题 common problems: a period's orders grouped by shared words, a sudden rise flagged.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(topics_group_a_period_and_flag_a_rise);

fn appeal(content: &str) -> Value {
    json!({"channel": "web", "appellant": {"name": "赵六", "phone": "13700001234"}, "content": content, "urgency": "normal"})
}

async fn topics_group_a_period_and_flag_a_rise(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // Four weeks before: refunds of fees come up steadily, auctions once.
    for _ in 0..4 {
        app.register("agent", appeal("诉讼费退费一直没有到账。"))
            .await;
        app.advance(5 * 86_400).await;
    }
    app.register("agent", appeal("法拍房过户的问题。")).await;
    app.advance(9 * 86_400).await;
    // This week: auctioned flats whose occupants do not leave, seven times.
    let mut auction = Vec::new();
    for i in 0..7 {
        let text = format!("法拍房原住户拒不腾退，第{i}次反映，请法院强制腾退。");
        auction.push(
            app.register("agent", appeal(&text)).await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    app.register("agent", appeal("诉讼费退费一直没有到账。"))
        .await;

    let (status, topics) = app.get("office", "/api/v1/topics").await;
    assert_eq!(status, StatusCode::OK, "{topics}");
    let first = &topics["items"][0];
    let keywords: Vec<&str> = first["keywords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert!(keywords.iter().any(|k| k.contains("腾退")), "{topics}");
    assert_eq!(first["count"], 7);
    assert_eq!(first["rising"], true, "{topics}");
    let examples: Vec<i64> = first["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_i64().unwrap())
        .collect();
    assert_eq!(examples.len(), 5);
    assert!(examples.iter().all(|e| auction.contains(e)));
    assert!(
        topics["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| !(t["keywords"][0] == "退费" && t["rising"] == true)),
        "a steady topic is not flagged: {topics}"
    );

    let (_, theirs) = app.get("handler", "/api/v1/topics").await;
    assert_eq!(
        theirs["items"],
        json!([]),
        "a handler's scope holds none of them"
    );
    let (status, error) = app
        .get("office", "/api/v1/topics?from=2026-12-10&to=2026-12-01")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
}
