//! Starts the real server on 127.0.0.1:0 over a fresh database (SQLite file or a new
//! PostgreSQL database), with a small organisation and a test clock, and talks to it over HTTP.

use std::collections::HashMap;
use std::sync::Arc;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio::sync::{Mutex, oneshot};
use tokio::task::JoinHandle;
use tongban_app::org::{self, NewCourt, NewDepartment, NewStaffInput};
use tongban_app::{App, Ctx, TestClock};
use tongban_domain::codes::{CourtLevel, Role};
use tongban_domain::org::DepartmentKind;
use tongban_store::Db;
use tongban_web::AppState;

/// Every test user's password.
pub const PASSWORD: &str = "Passw0rd12368";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("TONGBAN_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// A fresh, empty database; the guard keeps a SQLite file's directory alive.
pub async fn fresh_database(backend: Backend) -> (String, Option<tempfile::TempDir>) {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("tongban.db").display());
            (url, Some(dir))
        }
        Backend::Postgres => {
            use sqlx::Connection;
            let admin = postgres_admin_url();
            let name = format!("tongban_test_{:016x}", rand::random::<u64>());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("PostgreSQL reachable for tests");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let base = admin
                .rsplit_once('/')
                .map_or(admin.as_str(), |(base, _)| base);
            (format!("{base}/{name}"), None)
        }
    }
}

/// Ids of the test organisation.
#[derive(Debug, Default, Clone)]
pub struct Org {
    pub city_court: i64,
    pub basic_court: i64,
    pub enforcement: i64,
    pub civil: i64,
    pub basic_civil: i64,
    pub users: HashMap<String, i64>,
}

impl Org {
    pub fn user(&self, username: &str) -> i64 {
        self.users[username]
    }
}

/// The test staff: username, court (0 city, 1 basic), department, roles.
const STAFF: &[(&str, usize, &str, &[Role])] = &[
    ("admin", 0, "办公室", &[Role::Admin]),
    ("agent", 0, "群众诉求服务处", &[Role::Agent]),
    ("office", 0, "群众诉求服务处", &[Role::ServiceOffice]),
    ("inspector", 0, "督察处", &[Role::Inspector]),
    ("leader", 0, "院领导", &[Role::Leader]),
    ("head", 0, "执行局", &[Role::DepartmentHead]),
    ("handler", 0, "执行局", &[Role::Handler]),
    ("handler2", 0, "执行局", &[Role::Handler]),
    (
        "civil_head",
        0,
        "民事审判第一庭",
        &[Role::DepartmentHead, Role::Handler],
    ),
    ("civil_handler", 0, "民事审判第一庭", &[Role::Handler]),
    ("b_agent", 1, "诉讼服务中心", &[Role::Agent]),
    ("b_office", 1, "诉讼服务中心", &[Role::ServiceOffice]),
    ("b_head", 1, "民事审判庭", &[Role::DepartmentHead]),
    ("b_handler", 1, "民事审判庭", &[Role::Handler]),
];

async fn build_org(app: &App) -> Org {
    let ctx = Ctx::system();
    let city = org::create_court(
        app,
        &ctx,
        NewCourt {
            code: "粤03".into(),
            name: "深圳市中级人民法院".into(),
            level: CourtLevel::Intermediate,
            parent_id: None,
        },
    )
    .await
    .unwrap();
    let basic = org::create_court(
        app,
        &ctx,
        NewCourt {
            code: "粤0304".into(),
            name: "深圳市福田区人民法院".into(),
            level: CourtLevel::Basic,
            parent_id: Some(city.id.0),
        },
    )
    .await
    .unwrap();
    let departments = [
        (city.id.0, "办公室", DepartmentKind::Administration),
        (city.id.0, "群众诉求服务处", DepartmentKind::ServiceOffice),
        (city.id.0, "督察处", DepartmentKind::Inspection),
        (city.id.0, "院领导", DepartmentKind::Leadership),
        (city.id.0, "执行局", DepartmentKind::Enforcement),
        (city.id.0, "民事审判第一庭", DepartmentKind::Civil),
        (
            basic.id.0,
            "诉讼服务中心",
            DepartmentKind::LitigationService,
        ),
        (basic.id.0, "民事审判庭", DepartmentKind::Civil),
    ];
    let mut ids = HashMap::new();
    for (court, name, kind) in departments {
        let d = org::create_department(
            app,
            &ctx,
            NewDepartment {
                court_id: court,
                name: name.into(),
                kind,
            },
        )
        .await
        .unwrap();
        ids.insert((court, name), d.id.0);
    }
    let courts = [city.id.0, basic.id.0];
    let mut users = HashMap::new();
    for (username, court, department, roles) in STAFF {
        let court = courts[*court];
        let input = NewStaffInput {
            username: username.to_string(),
            display_name: format!("测试{username}"),
            password: PASSWORD.into(),
            roles: roles.to_vec(),
            court_id: court,
            department_id: Some(ids[&(court, *department)]),
            title: None,
            phone: None,
        };
        let staff = org::create_staff(app, &ctx, input).await.unwrap();
        users.insert(username.to_string(), staff.id.0);
    }
    Org {
        city_court: city.id.0,
        basic_court: basic.id.0,
        enforcement: ids[&(city.id.0, "执行局")],
        civil: ids[&(city.id.0, "民事审判第一庭")],
        basic_civil: ids[&(basic.id.0, "民事审判庭")],
        users,
    }
}

/// A running server and a client for it.
pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub database_url: String,
    pub org: Org,
    tokens: Mutex<HashMap<String, String>>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    dir: Option<tempfile::TempDir>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, true).await
    }

    /// `test_clock`: whether `/api/v1/test/clock` is routed (as with `--test-clock`).
    pub async fn spawn_with(backend: Backend, test_clock: bool) -> TestApp {
        let (database_url, dir) = fresh_database(backend).await;
        let db = Db::connect(&database_url).await.expect("connect");
        let clock = Arc::new(TestClock::default());
        let (app, writer) = App::start(db.clone(), clock.clone()).await.expect("start");
        let org = build_org(&app).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (shutdown, stop) = oneshot::channel::<()>();
        let state = AppState {
            app,
            test_clock: test_clock.then(|| clock.clone()),
        };
        let server = tokio::spawn(async move {
            tongban_web::serve(listener, state, async {
                let _ = stop.await;
            })
            .await
            .unwrap();
            writer.await.unwrap();
            db.close().await;
        });
        TestApp {
            base,
            client: Client::new(),
            database_url,
            org,
            tokens: Mutex::new(HashMap::new()),
            shutdown: Some(shutdown),
            server: Some(server),
            dir,
        }
    }

    /// Stops the server gracefully and waits until its writes are committed. The returned
    /// guard keeps an SQLite database's directory until it is dropped.
    pub async fn stop(mut self) -> Option<tempfile::TempDir> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap();
        }
        self.dir.take()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A bearer token of `username`, logging in once.
    pub async fn token(&self, username: &str) -> String {
        let mut tokens = self.tokens.lock().await;
        if let Some(token) = tokens.get(username) {
            return token.clone();
        }
        let response = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .expect("login sent");
        assert_eq!(response.status(), StatusCode::OK, "login {username}");
        let body: Value = response.json().await.expect("login answer");
        let token = body["token"].as_str().unwrap().to_string();
        tokens.insert(username.to_string(), token.clone());
        token
    }

    pub async fn send(
        &self,
        user: Option<&str>,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.client.request(method, self.url(path));
        if let Some(user) = user {
            request = request.bearer_auth(self.token(user).await);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    pub async fn get(&self, user: &str, path: &str) -> (StatusCode, Value) {
        self.send(Some(user), reqwest::Method::GET, path, None)
            .await
    }

    pub async fn post(&self, user: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Some(user), reqwest::Method::POST, path, Some(body))
            .await
    }

    /// Registers an appeal as `user`; asserts 201 and returns the order.
    pub async fn register(&self, user: &str, body: Value) -> Value {
        let (status, order) = self.post(user, "/api/v1/orders", body).await;
        assert_eq!(status, StatusCode::CREATED, "register: {order}");
        order
    }

    /// A typical hotline appeal.
    pub fn appeal() -> Value {
        json!({
            "channel": "hotline",
            "appellant": {"name": "张三", "phone": "13812345678", "id_number": "11010519491231002X"},
            "content": "我的执行案件执行款一直没有到账，联系不上承办法官，请帮忙催办。",
            "case_number": "(2026)粤03执1234号",
            "type": "urging",
            "urgency": "normal"
        })
    }

    pub async fn act(&self, user: &str, id: i64, action: &str, body: Value) -> (StatusCode, Value) {
        self.post(user, &format!("/api/v1/orders/{id}/actions/{action}"), body)
            .await
    }

    /// Takes an action that must succeed; returns the order after it.
    pub async fn act_ok(&self, user: &str, id: i64, action: &str, body: Value) -> Value {
        let (status, order) = self.act(user, id, action, body).await;
        assert_eq!(status, StatusCode::OK, "{user} {action}: {order}");
        order
    }

    pub async fn order(&self, user: &str, id: i64) -> Value {
        let (status, order) = self.get(user, &format!("/api/v1/orders/{id}")).await;
        assert_eq!(status, StatusCode::OK, "get order {id} as {user}: {order}");
        order
    }

    /// The route to the enforcement division's `handler`.
    pub fn route_to_handler(&self) -> Value {
        json!({"court_id": self.org.city_court, "department_id": self.org.enforcement, "handler_id": self.org.user("handler")})
    }

    /// Registers as `agent`, screens as simple and dispatches to `handler`.
    pub async fn dispatched_order(&self) -> i64 {
        let id = self.register("agent", Self::appeal()).await["id"]
            .as_i64()
            .unwrap();
        self.act_ok("office", id, "screen", json!({"valid": true, "type": "urging", "area": "enforcement", "complexity": "simple", "urgency": "normal"})).await;
        self.act_ok("office", id, "dispatch", self.route_to_handler())
            .await;
        id
    }

    /// Moves the test clock forward (sessions follow the wall clock and stay valid).
    pub async fn advance(&self, seconds: i64) {
        let (status, body) = self
            .send(
                None,
                reqwest::Method::POST,
                "/api/v1/test/clock",
                Some(json!({"advance_seconds": seconds})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

/// Runs an async test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::support::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::support::Backend::Postgres).await
                }
            }
        )+
    };
}
