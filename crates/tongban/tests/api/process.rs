//! The binary as operators run it: the demo city on first start, acknowledged writes that
//! survive `kill -9`, and a graceful stop that finishes requests in flight.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::support::{Backend, fresh_database};

on_both_databases!(
    demo_city_on_first_start,
    acknowledged_registrations_survive_a_kill,
    graceful_stop_finishes_requests_in_flight
);

/// A `tongban serve` child process.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(database: &str, extra: &[&str]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let listen = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_tongban"))
            .args(["serve", "--listen", &listen, "--database", database])
            .args(extra)
            .env("TONGBAN_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tongban starts");
        let server = Server {
            child,
            base: format!("http://{listen}"),
        };
        let client = Client::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(r) = client.get(format!("{}/readyz", server.base)).send().await
                && r.status() == StatusCode::OK
            {
                return server;
            }
            assert!(Instant::now() < deadline, "server did not become ready");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn signal(&mut self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn wait(mut self) -> std::process::ExitStatus {
        self.child.wait().unwrap()
    }
}

async fn login(client: &Client, base: &str, username: &str) -> String {
    let response = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": username, "password": "demo12368"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "demo login {username}");
    response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn total(client: &Client, base: &str, token: &str, query: &str) -> i64 {
    let list: Value = client
        .get(format!("{base}/api/v1/orders?{query}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list["total"].as_i64().unwrap()
}

async fn demo_city_on_first_start(backend: Backend) {
    let (database, _dir) = fresh_database(backend).await;
    let mut server = Server::start(&database, &["--demo"]).await;
    let client = Client::new();
    for user in [
        "admin",
        "agent1",
        "office1",
        "inspector1",
        "president",
        "zj_zhi_head",
        "zj_zhi1",
        "ft_office",
        "ft_min1",
    ] {
        login(&client, &server.base, user).await;
    }
    let office = login(&client, &server.base, "office1").await;
    let all = total(&client, &server.base, &office, "").await;
    assert!((200..=500).contains(&all), "a few hundred orders: {all}");
    for status in [
        "registered",
        "screened",
        "dispatched",
        "accepted",
        "replied",
        "unsatisfied",
        "rating_disputed",
        "rated",
        "closed",
    ] {
        assert!(
            total(&client, &server.base, &office, &format!("status={status}")).await > 0,
            "demo orders in state {status}"
        );
    }
    for channel in [
        "hotline",
        "letter",
        "visit",
        "web",
        "media",
        "organ",
        "deputy",
        "cppcc_member",
        "social_group",
        "enterprise",
        "other",
    ] {
        assert!(
            total(
                &client,
                &server.base,
                &office,
                &format!("channel={channel}")
            )
            .await
                > 0,
            "demo orders from {channel}"
        );
    }
    let users: Value = client
        .get(format!("{}/api/v1/users", server.base))
        .bearer_auth(&office)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let users = users.as_array().unwrap();
    assert!(users.len() >= 30, "about thirty staff");
    for role in [
        "agent",
        "service_office",
        "handler",
        "department_head",
        "inspector",
        "leader",
        "admin",
    ] {
        assert!(
            users
                .iter()
                .any(|u| u["roles"].as_array().unwrap().contains(&json!(role))),
            "a demo {role}"
        );
    }
    server.signal("-TERM");
    assert!(server.wait().success());
    let server = Server::start(&database, &["--demo"]).await;
    let office = login(&client, &server.base, "office1").await;
    assert_eq!(
        total(&client, &server.base, &office, "").await,
        all,
        "a second start does not seed again"
    );
    drop(server);
}

fn appeal(i: usize) -> Value {
    json!({
        "channel": "hotline",
        "appellant": {"name": "压力测试", "phone": format!("139{:08}", i)},
        "content": format!("第{i}件：执行款迟迟未到账，请帮忙催办。"),
    })
}

/// Every order number the user can list.
async fn all_numbers(
    client: &Client,
    base: &str,
    token: &str,
) -> std::collections::HashSet<String> {
    let mut numbers = std::collections::HashSet::new();
    for page in 1.. {
        let list: Value = client
            .get(format!("{base}/api/v1/orders?per_page=200&page={page}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let items = list["items"].as_array().unwrap();
        numbers.extend(
            items
                .iter()
                .map(|o| o["number"].as_str().unwrap().to_string()),
        );
        if items.len() < 200 {
            break;
        }
    }
    numbers
}

/// Registers as `token` in `clients` concurrent loops until stopped; returns the numbers acknowledged.
fn register_in_loops(
    client: &Client,
    base: &str,
    token: &str,
    clients: usize,
    each: usize,
) -> (
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    Vec<tokio::task::JoinHandle<()>>,
) {
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let tasks = (0..clients)
        .map(|c| {
            let (client, base, token, acknowledged) = (
                client.clone(),
                base.to_string(),
                token.to_string(),
                acknowledged.clone(),
            );
            tokio::spawn(async move {
                for i in 0..each {
                    let sent = client
                        .post(format!("{base}/api/v1/orders"))
                        .bearer_auth(&token)
                        .json(&appeal(c * each + i))
                        .send()
                        .await;
                    let Ok(response) = sent else { return };
                    assert_eq!(
                        response.status(),
                        StatusCode::CREATED,
                        "a registration is acknowledged or not answered at all"
                    );
                    let Ok(order) = response.json::<Value>().await else {
                        return;
                    };
                    acknowledged
                        .lock()
                        .unwrap()
                        .push(order["number"].as_str().unwrap().to_string());
                }
            })
        })
        .collect();
    (acknowledged, tasks)
}

async fn acknowledged_registrations_survive_a_kill(backend: Backend) {
    let (database, _dir) = fresh_database(backend).await;
    let mut server = Server::start(&database, &["--demo"]).await;
    let client = Client::new();
    let token = login(&client, &server.base, "agent1").await;
    let (acknowledged, tasks) = register_in_loops(&client, &server.base, &token, 8, 1000);
    while acknowledged.lock().unwrap().len() < 100 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.signal("-KILL");
    server.wait();
    for task in tasks {
        task.await.unwrap();
    }
    let numbers = acknowledged.lock().unwrap().clone();
    let server = Server::start(&database, &[]).await;
    let token = login(&client, &server.base, "office1").await;
    let stored = all_numbers(&client, &server.base, &token).await;
    for number in &numbers {
        assert!(
            stored.contains(number),
            "acknowledged order {number} survived the kill"
        );
    }
    drop(server);
}

async fn graceful_stop_finishes_requests_in_flight(backend: Backend) {
    let (database, _dir) = fresh_database(backend).await;
    let mut server = Server::start(&database, &["--demo"]).await;
    let client = Client::new();
    let token = login(&client, &server.base, "agent1").await;
    let (acknowledged, tasks) = register_in_loops(&client, &server.base, &token, 8, 1000);
    while acknowledged.lock().unwrap().len() < 50 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.signal("-TERM");
    // Every request the server took before the stop is answered 201 (checked in the loops);
    // the rest are refused at connection, which clients retry.
    for task in tasks {
        task.await.unwrap();
    }
    assert!(server.wait().success(), "a graceful stop exits cleanly");
    let numbers = acknowledged.lock().unwrap().clone();
    let server = Server::start(&database, &[]).await;
    let token = login(&client, &server.base, "office1").await;
    let stored = all_numbers(&client, &server.base, &token).await;
    assert!(
        numbers.iter().all(|n| stored.contains(n)),
        "every answered registration is stored"
    );
    drop(server);
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
