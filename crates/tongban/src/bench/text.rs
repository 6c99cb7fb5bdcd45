//! Load on the text features: full-text search and triage (suggestions + repeat check).

use std::time::Duration;

use rand::Rng;
use reqwest::StatusCode;
use serde_json::json;

use super::load::{Target, fetch, run};
use super::report::Report;
use crate::demo::content;

/// Queries from rare to very common in the demo texts (the bench fill repeats them).
pub const QUERIES: &[&str] = &[
    "法拍房",
    "执行款",
    "诉讼费 退费",
    "财产保全",
    "承办法官 电话",
    "立案",
    "调解",
    "法院",
    "判决书",
    "律师",
];

/// `GET /api/v1/search?q=…` cycling through [`QUERIES`].
pub async fn search(target: &Target, clients: usize, duration: Duration) -> Report {
    let (client, url, token) = target.parts();
    run(clients, duration, move |i| {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        async move {
            let q = QUERIES[i as usize % QUERIES.len()];
            let request = client
                .get(format!("{url}/api/v1/search?q={}&per_page=20", percent(q)))
                .bearer_auth(&token);
            fetch(request, StatusCode::OK).await
        }
    })
    .await
}

/// Percent-encodes every byte but ASCII letters and digits.
fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `POST /api/v1/triage` with a demo text and a random phone.
pub async fn triage(target: &Target, clients: usize, duration: Duration) -> Report {
    let (client, url, token) = target.parts();
    let texts: Vec<String> = content::templates()
        .into_iter()
        .map(|t| t.content.replace("{case}", ""))
        .collect();
    run(clients, duration, move |i| {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        let content = texts[i as usize % texts.len()].clone();
        async move {
            let phone = format!("139{:08}", rand::rng().random_range(0..100_000_000));
            let request = client
                .post(format!("{url}/api/v1/triage"))
                .json(&json!({"content": content, "phone": phone}))
                .bearer_auth(&token);
            fetch(request, StatusCode::OK).await
        }
    })
    .await
}
