//! The durable outbox over HTTP: supervision notices go to the configured webhook at least
//! once, failures are retried with backoff, then dead, visible to administrators and replayed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Mutex;

use crate::on_both_databases;
use crate::supervision::{instant, set_clock};
use crate::support::{Backend, TestApp};

on_both_databases!(notices_reach_the_webhook_retried_dead_and_replayed);

/// A webhook receiver on 127.0.0.1:0 that answers 500 while `failing`, and keeps what it took.
struct Receiver {
    url: String,
    failing: Arc<AtomicBool>,
    taken: Arc<Mutex<Vec<Value>>>,
}

async fn receiver() -> Receiver {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let failing = Arc::new(AtomicBool::new(true));
    let taken = Arc::new(Mutex::new(Vec::new()));
    let (f, t) = (failing.clone(), taken.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                break;
            };
            let (f, t) = (f.clone(), t.clone());
            tokio::spawn(async move {
                let mut data = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    let n = socket.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    data.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&data);
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text[..end]
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap())
                            })
                            .unwrap_or(0);
                        if data.len() >= end + 4 + length {
                            let body = &data[end + 4..end + 4 + length];
                            let fail = f.load(Ordering::SeqCst);
                            if !fail {
                                t.lock().await.push(serde_json::from_slice(body).unwrap());
                            }
                            let status = if fail {
                                "500 Internal Server Error"
                            } else {
                                "200 OK"
                            };
                            let answer = format!(
                                "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                            );
                            let _ = socket.write_all(answer.as_bytes()).await;
                            break;
                        }
                    }
                }
            });
        }
    });
    Receiver {
        url,
        failing,
        taken,
    }
}

async fn outbox(app: &TestApp, status: &str) -> Value {
    let (code, body) = app
        .get("admin", &format!("/api/v1/admin/outbox?status={status}"))
        .await;
    assert_eq!(code, StatusCode::OK, "{body}");
    body
}

async fn notices_reach_the_webhook_retried_dead_and_replayed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let hook = receiver().await;
    let (status, _) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/settings/webhook",
            Some(json!({"url": "ftp://x"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .send(
            Some("office"),
            reqwest::Method::PUT,
            "/api/v1/settings/webhook",
            Some(json!({"url": hook.url})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/settings/webhook",
            Some(json!({"url": hook.url})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let id = app.dispatched_order().await;
    let accept_by = instant(&app.order("office", id).await["deadlines"]["accept_by"]);
    // The supervision's notices (to the service office, to the handler and head) fail first.
    let mut now = set_clock(&app, accept_by).await;
    let pending = outbox(&app, "pending").await;
    assert_eq!(pending["total"], 2, "{pending}");
    assert_eq!(pending["items"][0]["attempts"], 1);
    assert!(
        pending["items"][0]["last_error"]
            .as_str()
            .unwrap()
            .contains("500")
    );
    // Retries back off: 30 s, 60 s, 120 s, 240 s; the fifth failure is final.
    for wait in [30, 60, 120, 240] {
        now = set_clock(&app, now + Duration::seconds(wait - 1)).await;
        assert_eq!(
            outbox(&app, "pending").await["items"][0]["attempts"]
                .as_i64()
                .unwrap() as i32,
            [30, 60, 120, 240].iter().position(|w| *w == wait).unwrap() as i32 + 1,
            "not yet"
        );
        now = set_clock(&app, now + Duration::seconds(2)).await;
    }
    let dead = outbox(&app, "dead").await;
    assert_eq!(dead["total"], 2, "{dead}");
    assert_eq!(dead["items"][0]["attempts"], 5);
    assert!(hook.taken.lock().await.is_empty());

    hook.failing.store(false, Ordering::SeqCst);
    let first = dead["items"][0]["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            "office",
            &format!("/api/v1/admin/outbox/{first}/replay"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for item in dead["items"].as_array().unwrap() {
        let (status, body) = app
            .post(
                "admin",
                &format!("/api/v1/admin/outbox/{}/replay", item["id"]),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }
    let (status, _) = app
        .post(
            "admin",
            &format!("/api/v1/admin/outbox/{first}/replay"),
            json!({}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "only a dead message is replayed"
    );
    set_clock(&app, now + Duration::seconds(1)).await;
    assert_eq!(outbox(&app, "delivered").await["total"], 2);
    let taken = hook.taken.lock().await;
    assert_eq!(taken.len(), 2);
    assert!(
        taken
            .iter()
            .all(|m| m["kind"] == "supervised" && m["order_id"] == id)
    );
    assert!(
        taken
            .iter()
            .any(|m| m["message"].as_str().unwrap().contains("一级督办"))
    );
    drop(taken);
    app.stop().await;
}
