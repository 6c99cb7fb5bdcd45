//! Closed-loop HTTP load: each client sends its next request when the last one is answered.

use std::future::Future;
use std::time::{Duration, Instant};

use anyhow::Context;
use rand::Rng;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use super::report::Report;

/// A running server and a logged-in token.
pub struct Target {
    client: Client,
    url: String,
    token: String,
}

impl Target {
    pub async fn connect(url: &str, username: &str, password: &str) -> anyhow::Result<Target> {
        // The login also sets the session cookie, which the HTML pages use.
        let client = Client::builder()
            .pool_max_idle_per_host(256)
            .cookie_store(true)
            .build()?;
        let login: Value = client
            .post(format!("{url}/api/v1/auth/login"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .context("logging in")?
            .error_for_status()?
            .json()
            .await?;
        let token = login["token"].as_str().context("no token")?.to_string();
        Ok(Target {
            client,
            url: url.trim_end_matches('/').to_string(),
            token,
        })
    }

    /// The client, the server's base URL and the token.
    pub(super) fn parts(&self) -> (Client, String, String) {
        (self.client.clone(), self.url.clone(), self.token.clone())
    }

    async fn get_json(&self, path: &str) -> anyhow::Result<Value> {
        Ok(self
            .client
            .get(format!("{}{path}", self.url))
            .bearer_auth(&self.token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }
}

/// Runs `clients` loops of `request` for `duration`; a request succeeds when it yields true.
pub(super) async fn run<F, Fut>(clients: usize, duration: Duration, request: F) -> Report
where
    F: Fn(u64) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = bool> + Send,
{
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let request = request.clone();
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0);
                let mut i = client as u64 * 1_000_000_000;
                while started.elapsed() < duration {
                    let sent = Instant::now();
                    if request(i).await {
                        latencies.push(sent.elapsed());
                    } else {
                        errors += 1;
                    }
                    i += 1;
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (l, e) = task.await.expect("load task");
        latencies.extend(l);
        errors += e;
    }
    Report::of(latencies, errors, started.elapsed())
}

pub(super) async fn fetch(request: reqwest::RequestBuilder, expected: StatusCode) -> bool {
    match request.send().await {
        Ok(response) => response.status() == expected && response.bytes().await.is_ok(),
        Err(_) => false,
    }
}

pub async fn register(target: &Target, clients: usize, duration: Duration) -> Report {
    let (client, url, token) = (
        target.client.clone(),
        target.url.clone(),
        target.token.clone(),
    );
    run(clients, duration, move |i| {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        async move {
            let body = json!({
                "channel": "hotline",
                "appellant": {"name": "压测用户", "phone": format!("13{:09}", i % 1_000_000_000)},
                "content": format!("执行案件的执行款一直没有到账，联系不上承办法官，请帮忙催办。编号{i}"),
                "type": "urging",
            });
            let request = client.post(format!("{url}/api/v1/orders")).bearer_auth(&token).json(&body);
            fetch(request, StatusCode::CREATED).await
        }
    })
    .await
}

/// Reads random orders at `{prefix}/{id}` (the API or the web page).
pub async fn read_orders(
    target: &Target,
    clients: usize,
    duration: Duration,
    prefix: &'static str,
) -> anyhow::Result<Report> {
    let newest = target.get_json("/api/v1/orders?per_page=1").await?;
    let max_id = newest["items"][0]["id"]
        .as_i64()
        .context("no orders to read")?;
    let (client, url, token) = (
        target.client.clone(),
        target.url.clone(),
        target.token.clone(),
    );
    Ok(run(clients, duration, move |_| {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        async move {
            let id = rand::rng().random_range(1..=max_id);
            let request = client
                .get(format!("{url}{prefix}/{id}"))
                .bearer_auth(&token);
            fetch(request, StatusCode::OK).await
        }
    })
    .await)
}

/// Reads filtered first pages at `{prefix}?…` (the API or the web page).
pub async fn read_lists(
    target: &Target,
    clients: usize,
    duration: Duration,
    prefix: &'static str,
) -> anyhow::Result<Report> {
    let courts = target.get_json("/api/v1/courts").await?;
    let courts: Vec<i64> = courts
        .as_array()
        .context("courts")?
        .iter()
        .filter_map(|c| c["id"].as_i64())
        .collect();
    let (client, url, token) = (
        target.client.clone(),
        target.url.clone(),
        target.token.clone(),
    );
    Ok(run(clients, duration, move |i| {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        let court = courts[i as usize % courts.len()];
        async move {
            let path =
                format!("{url}{prefix}?status=accepted&court_id={court}&overdue=true&per_page=20");
            let request = client.get(path).bearer_auth(&token);
            fetch(request, StatusCode::OK).await
        }
    })
    .await)
}
