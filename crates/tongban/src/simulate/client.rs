//! The simulation's HTTP client: tokens per demo user, JSON in and out, the test clock.

use std::collections::HashMap;

use anyhow::{Context, bail};
use reqwest::{Client, Method};
use serde_json::{Value, json};

/// The demo users the simulation acts as.
const USERS: &[&str] = &["agent1", "office1", "admin", "zj_zhi1"];

pub struct Api {
    client: Client,
    base: String,
    tokens: HashMap<&'static str, String>,
    pub concurrency: usize,
}

impl Api {
    pub async fn connect(base: &str, concurrency: usize) -> anyhow::Result<Api> {
        let client = Client::builder().pool_max_idle_per_host(64).build()?;
        let mut tokens = HashMap::new();
        for user in USERS {
            let login: Value = client
                .post(format!("{base}/api/v1/auth/login"))
                .json(&json!({"username": user, "password": crate::demo::PASSWORD}))
                .send()
                .await?
                .error_for_status()
                .with_context(|| format!("logging in as {user}"))?
                .json()
                .await?;
            tokens.insert(*user, login["token"].as_str().context("token")?.to_string());
        }
        Ok(Api {
            client,
            base: base.to_string(),
            tokens,
            concurrency: concurrency.max(1),
        })
    }

    /// Sends as `user`; a refusal is an error naming the path and the answer.
    pub async fn send(
        &self,
        user: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let token = self.tokens.get(user).context("unknown simulation user")?;
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status();
        let text = response.text().await?;
        if !status.is_success() {
            bail!("{path}: {status} {text}");
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn post(&self, user: &str, path: &str, body: Value) -> anyhow::Result<Value> {
        self.send(user, Method::POST, path, Some(body)).await
    }

    pub async fn get(&self, path: &str) -> anyhow::Result<Value> {
        self.send("office1", Method::GET, path, None).await
    }

    /// Sets the test clock.
    pub async fn set_clock(&self, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<()> {
        self.client
            .post(format!("{}/api/v1/test/clock", self.base))
            .json(&json!({"now": now}))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }
}
