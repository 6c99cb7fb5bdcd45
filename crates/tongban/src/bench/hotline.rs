//! Hotline load: call events from a switch as fast as the clients can send them, and the
//! virtual agent's turns over a knowledge base filled to a given size.

use std::time::Duration;

use anyhow::Context;
use rand::Rng;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::load::{Target, fetch, run};
use super::report::Report;

/// Each call is three events: offered, then answered by the virtual agent (or, one call in
/// ten, abandoned), then ended. Callers are drawn from 200,000 numbers, so some repeat.
pub async fn calls(target: &Target, clients: usize, duration: Duration) -> Report {
    let (client, url, token) = target.parts();
    let run_id: u32 = rand::rng().random();
    run(clients, duration, move |i| {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        async move {
            let call = i / 3;
            let event = match (i % 3, call % 10) {
                (0, _) => "offered",
                (1, 0) => "abandoned",
                (1, _) => "answered_by_assistant",
                _ => "ended",
            };
            let body = json!({
                "call_id": format!("bench-{run_id}-{call}"),
                "caller": format!("139{:08}", (call * 7_919) % 200_000),
                "event": event,
                "at": chrono::Utc::now().to_rfc3339(),
                "ivr_path": "1-2",
            });
            let request = client
                .post(format!("{url}/api/v1/calls"))
                .bearer_auth(&token)
                .json(&body);
            fetch(request, StatusCode::CREATED).await
        }
    })
    .await
}

/// What callers say to the virtual agent: questions of the shipped knowledge base in other
/// words, progress questions without a case number, and matters it cannot answer.
const SAID: &[&str] = &[
    "我想告一个人，法院什么情况下才会立案",
    "诉讼费大概要交多少钱",
    "交了起诉材料要等几天才能立案",
    "对方不履行判决怎么申请强制执行",
    "法拍房过户要交哪些税",
    "执行款什么时候能打到我账户上",
    "调解书和判决书有什么区别",
    "我想查一下我的案件进度",
    "怎么联系承办法官",
    "我家楼下装修太吵了",
    "网上立案需要准备什么材料",
    "判决书生效了对方还是不给钱怎么办",
];

/// Opens one session per client, then sends turns.
pub async fn turns(target: &Target, clients: usize, duration: Duration) -> anyhow::Result<Report> {
    let (client, url, token) = target.parts();
    let mut sessions = Vec::with_capacity(clients);
    for c in 0..clients {
        let created: Value = client
            .post(format!("{url}/api/v1/assistant/sessions"))
            .bearer_auth(&token)
            .json(&json!({"channel": "web", "caller": format!("137{:08}", c)}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        sessions.push(created["id"].as_i64().context("session id")?);
    }
    Ok(run(clients, duration, move |i| {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        let session = sessions[(i / 1_000_000_000) as usize % sessions.len()];
        async move {
            let text = SAID[i as usize % SAID.len()];
            let request = client
                .post(format!("{url}/api/v1/assistant/sessions/{session}/turns"))
                .bearer_auth(&token)
                .json(&json!({"text": text}));
            fetch(request, StatusCode::OK).await
        }
    })
    .await)
}

/// Fills the knowledge base to `entries` published entries, composed from the shipped ones
/// (each question joined with part of another, so the vocabulary is the courts').
pub async fn fill_knowledge(target: &Target, entries: usize) -> anyhow::Result<()> {
    let shipped = crate::demo::knowledge::entries();
    let mut rng = rand::rng();
    let (client, url, token) = target.parts();
    let mut made = 0;
    while made < entries {
        let batch: Vec<Value> = (0..1_000.min(entries - made))
            .map(|k| {
                let a = &shipped[rng.random_range(0..shipped.len())];
                let b = &shipped[rng.random_range(0..shipped.len())];
                let tail: String = b.question.chars().take(8).collect();
                json!({
                    "category": a.category,
                    "question": format!("{}（{}）第{}问", a.question, tail, made + k),
                    "alternatives": a.alternatives,
                    "answer": a.answer,
                    "owner": "压测",
                    "status": "published",
                })
            })
            .collect();
        made += batch.len();
        client
            .post(format!("{url}/api/v1/knowledge/import"))
            .bearer_auth(&token)
            .json(&json!({"entries": batch}))
            .timeout(Duration::from_secs(600))
            .send()
            .await?
            .error_for_status()
            .context("importing entries")?;
    }
    // The server answers a long rebuild with 408 after its request timeout: ask again.
    for _ in 0..20 {
        let answer = client
            .post(format!("{url}/api/v1/knowledge/index"))
            .bearer_auth(&token)
            .timeout(Duration::from_secs(600))
            .send()
            .await?;
        if answer.status() == StatusCode::NO_CONTENT {
            return Ok(());
        }
    }
    anyhow::bail!("the knowledge index was not rebuilt")
}
