//! The knowledge base: drafts, publishing, versions, search.

use reqwest::StatusCode;
use serde_json::json;

use crate::hotline_support::import_demo_knowledge;
use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    drafts_are_searched_only_once_published,
    the_shipped_entries_answer_court_questions
);

async fn drafts_are_searched_only_once_published(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let entry = json!({
        "category": "诉讼费",
        "question": "诉讼费可以用微信缴纳吗？",
        "alternatives": ["交诉讼费能不能微信支付", "诉讼费支付方式"],
        "answer": "可以。立案后收到缴费通知，可通过法院缴费平台用微信或银行卡缴纳。",
        "owner": "立案庭"
    });
    let (status, created) = app.post("office", "/api/v1/knowledge", entry.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["status"], "draft");
    assert_eq!(created["version"], 1);
    let id = created["id"].as_i64().unwrap();
    let search = "/api/v1/knowledge/search?q=%E8%AF%89%E8%AE%BC%E8%B4%B9%E5%BE%AE%E4%BF%A1%E6%94%AF%E4%BB%98";
    let (_, found) = app.get("agent", search).await;
    assert_eq!(
        found["items"].as_array().unwrap().len(),
        0,
        "a draft is not searched"
    );
    let (status, published) = app
        .post(
            "office",
            &format!("/api/v1/knowledge/{id}/status"),
            json!({"status": "published"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    assert_eq!(published["version"], 2);
    let (_, found) = app.get("agent", search).await;
    assert_eq!(found["items"][0]["id"], id, "{found}");

    let mut edit = entry.clone();
    edit["answer"] = json!("可以，微信、支付宝或银行卡均可。");
    edit["version"] = json!(1);
    let (status, stale) = app
        .send(
            Some("office"),
            reqwest::Method::PUT,
            &format!("/api/v1/knowledge/{id}"),
            Some(edit.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{stale}");
    edit["version"] = json!(2);
    let (status, updated) = app
        .send(
            Some("office"),
            reqwest::Method::PUT,
            &format!("/api/v1/knowledge/{id}"),
            Some(edit),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["status"], "published");
    let (_, full) = app.get("agent", &format!("/api/v1/knowledge/{id}")).await;
    let versions = full["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[2]["content"]["status"], "draft");
    assert!(full["answer"].as_str().unwrap().contains("支付宝"));

    let (status, _) = app.post("agent", "/api/v1/knowledge", entry).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, e) = app
        .post(
            "office",
            "/api/v1/knowledge",
            json!({"category": "x", "question": " ", "answer": "y"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["field"], "question");
    app.post(
        "office",
        &format!("/api/v1/knowledge/{id}/status"),
        json!({"status": "retired"}),
    )
    .await;
    let (_, found) = app.get("agent", search).await;
    assert_eq!(
        found["items"].as_array().unwrap().len(),
        0,
        "a retired entry is not searched"
    );
    app.stop().await;
}

async fn the_shipped_entries_answer_court_questions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let n = import_demo_knowledge(&app).await;
    assert!(n >= 80, "{n}");
    let (_, listed) = app
        .get("agent", "/api/v1/knowledge?status=published&per_page=1")
        .await;
    assert_eq!(listed["total"], n);
    let q = urlencode("起诉需要什么条件");
    let (_, found) = app
        .get("agent", &format!("/api/v1/knowledge/search?q={q}&k=3"))
        .await;
    let first = &found["items"][0];
    assert_eq!(first["category"], "立案", "{found}");
    assert!(first["confidence"].as_f64().unwrap() > 0.0);
    app.stop().await;
}

pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
