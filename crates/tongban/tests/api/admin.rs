//! 系统管理 the administration pages driven like a browser: log in through the form, read the
//! CSRF token from the page, submit the forms; the JSON API confirms what changed. Also the
//! API's `PATCH /api/v1/departments/{id}`.

use reqwest::{Client, StatusCode, Url, header};
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::support::{Backend, PASSWORD, TestApp};

on_both_databases!(
    admin_creates_a_user_who_can_log_in,
    refused_user_forms_keep_what_was_typed,
    non_admins_are_turned_away,
    forms_without_the_csrf_token_change_nothing,
    admin_withdraws_renames_and_restores_a_department,
    admin_adds_a_court_and_a_department,
    departments_change_over_the_api,
    admin_resets_a_password,
    admin_edits_disables_and_enables_a_user,
);

/// A browser: keeps its cookies, shows redirects instead of following them.
struct Browser {
    client: Client,
    base: String,
}

/// What a request answered.
struct Answer {
    status: StatusCode,
    location: String,
    html: String,
}

/// `application/x-www-form-urlencoded`, repeated names allowed (like checkboxes).
fn encode(pairs: &[(&str, &str)]) -> String {
    let mut url = Url::parse("http://form.invalid/").unwrap();
    url.query_pairs_mut().extend_pairs(pairs);
    url.query().unwrap_or_default().to_string()
}

/// The `_csrf` value of the first form on a page.
fn csrf_of(html: &str) -> String {
    let marker = r#"name="_csrf" value=""#;
    let start = html.find(marker).expect("a form with a _csrf field") + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// The opening tag of the element with this id.
fn tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!(r#"id="{id}""#))
        .expect("element present");
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

/// The options of the `<select>` with this id.
fn select<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!(r#"<select id="{id}""#))
        .expect("select present");
    let end = start + html[start..].find("</select>").unwrap();
    &html[start..end]
}

impl Browser {
    fn new(app: &TestApp) -> Browser {
        let client = Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            client,
            base: app.base.clone(),
        }
    }

    async fn answer(response: reqwest::Response) -> Answer {
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let html = response.text().await.unwrap();
        Answer {
            status,
            location,
            html,
        }
    }

    async fn get(&self, path: &str) -> Answer {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        Self::answer(response).await
    }

    /// Posts a form exactly as given (no CSRF token added).
    async fn post(&self, path: &str, pairs: &[(&str, &str)]) -> Answer {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(encode(pairs))
            .send()
            .await
            .unwrap();
        Self::answer(response).await
    }

    /// Opens `page`, takes its CSRF token and submits the form to `action`.
    async fn submit(&self, page: &str, action: &str, pairs: &[(&str, &str)]) -> Answer {
        let opened = self.get(page).await;
        assert_eq!(opened.status, StatusCode::OK, "{page}: {}", opened.html);
        let csrf = csrf_of(&opened.html);
        let mut with_token = vec![("_csrf", csrf.as_str())];
        with_token.extend_from_slice(pairs);
        self.post(action, &with_token).await
    }

    /// Logs in through the login form.
    async fn login(app: &TestApp, username: &str, password: &str) -> (Browser, Answer) {
        let browser = Browser::new(app);
        let answer = browser
            .post(
                "/login",
                &[
                    ("username", username),
                    ("password", password),
                    ("next", "/"),
                ],
            )
            .await;
        (browser, answer)
    }

    async fn signed_in(app: &TestApp, username: &str) -> Browser {
        let (browser, answer) = Self::login(app, username, PASSWORD).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
        assert_eq!(answer.location, "/");
        browser
    }
}

/// A staff member as the API shows them.
async fn user(app: &TestApp, username: &str) -> Option<Value> {
    let (status, users) = app.get("admin", "/api/v1/users").await;
    assert_eq!(status, StatusCode::OK);
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == username)
        .cloned()
}

/// A department as the API shows it.
async fn department(app: &TestApp, id: i64) -> Value {
    let (status, departments) = app.get("admin", "/api/v1/departments").await;
    assert_eq!(status, StatusCode::OK);
    departments
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .cloned()
        .expect("department listed")
}

/// Whether the login form lets `username` in with `password`.
async fn can_log_in(app: &TestApp, username: &str, password: &str) -> bool {
    let (_, answer) = Browser::login(app, username, password).await;
    answer.status == StatusCode::SEE_OTHER
}

async fn admin_creates_a_user_who_can_log_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let list = admin.get("/admin/users").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.html.contains("<h1>人员管理</h1>"));
    assert!(list.html.contains(">handler2</a>") && list.html.contains("测试handler2"));
    assert!(
        list.html.contains(r#"value="department_head""#) && list.html.contains("部门负责人"),
        "roles are offered with their Chinese labels"
    );
    let (city, enforcement) = (
        app.org.city_court.to_string(),
        app.org.enforcement.to_string(),
    );
    let created = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &[
                ("username", "li_clerk"),
                ("display_name", "李书记员"),
                ("password", "Clerk2026pw"),
                ("roles", "agent"),
                ("roles", "handler"),
                ("court_id", &city),
                ("department_id", &enforcement),
                ("title", "书记员"),
                ("phone", "0755-12368"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    assert_eq!(created.location, "/admin/users?done=created");
    let shown = admin.get(&created.location).await;
    assert!(shown.html.contains("用户已创建，可使用初始密码登录"));
    assert!(shown.html.contains(">li_clerk</a>") && shown.html.contains("李书记员"));

    let clerk = user(&app, "li_clerk")
        .await
        .expect("the new user is listed");
    let mut roles: Vec<&str> = clerk["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    roles.sort();
    assert_eq!(roles, ["agent", "handler"]);
    assert_eq!(clerk["display_name"], "李书记员");
    assert_eq!(clerk["court_id"], app.org.city_court);
    assert_eq!(clerk["department_id"], app.org.enforcement);
    assert_eq!(clerk["title"], "书记员");
    assert_eq!(clerk["active"], true);

    let (browser, login) = Browser::login(&app, "li_clerk", "Clerk2026pw").await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.html);
    let home = browser.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.html.contains("li_clerk"));
    assert!(
        !home.html.contains(r#"href="/admin/users""#),
        "only administrators see the administration links"
    );
    assert!(admin.get("/").await.html.contains(r#"href="/admin/users""#));

    let basic_handlers = admin
        .get(&format!(
            "/admin/users?court_id={}&role=handler",
            app.org.basic_court
        ))
        .await;
    assert_eq!(basic_handlers.status, StatusCode::OK);
    assert!(basic_handlers.html.contains(">b_handler</a>"));
    for elsewhere in ["li_clerk", "handler2", "b_agent", "b_head"] {
        assert!(
            !basic_handlers.html.contains(&format!(">{elsewhere}</a>")),
            "{elsewhere} is filtered out"
        );
    }
    let agents = admin.get("/admin/users?role=agent").await;
    assert!(agents.html.contains(">li_clerk</a>") && agents.html.contains(">b_agent</a>"));
    assert!(!agents.html.contains(">handler2</a>"));
    app.stop().await;
}

async fn refused_user_forms_keep_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let (city, enforcement) = (
        app.org.city_court.to_string(),
        app.org.enforcement.to_string(),
    );
    let (_, before) = app.get("admin", "/api/v1/users").await;
    let form = |username: &'static str, name: &'static str, password: &'static str| {
        vec![
            ("username", username),
            ("display_name", name),
            ("password", password),
            ("roles", "handler"),
            ("court_id", city.as_str()),
            ("department_id", enforcement.as_str()),
        ]
    };

    let taken = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &form("handler2", "王五", "Strong2026pw"),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert!(taken.html.contains("用户名已被使用"));
    assert!(
        taken.html.contains(r#"value="handler" checked"#),
        "the ticked role stays ticked"
    );
    assert!(
        select(&taken.html, "department_id")
            .contains(&format!(r#"<option value="{enforcement}" selected>"#)),
        "the chosen department stays chosen"
    );
    assert!(tag(&taken.html, "display_name").contains(r#"value="王五""#));
    assert!(
        !taken.html.contains("Strong2026pw"),
        "a password is never sent back"
    );

    let weak = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &form("wang_wu", "王五", "123"),
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.html.contains("密码至少8位，且须同时包含字母和数字"));
    assert!(weak.html.contains(r#"value="wang_wu""#));

    let nameless = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &form("wang_wu", " ", "Strong2026pw"),
        )
        .await;
    assert_eq!(nameless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        nameless.html.contains("缺少必填项：姓名"),
        "{}",
        nameless.html
    );
    assert!(
        tag(&nameless.html, "display_name").contains(r#"aria-invalid="true""#),
        "the refused field is marked"
    );
    assert!(!tag(&nameless.html, "username").contains("aria-invalid"));

    let homeless = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &[
                ("username", "wang_wu"),
                ("display_name", "王五"),
                ("password", "Strong2026pw"),
                ("roles", "handler"),
                ("court_id", &city),
                ("department_id", ""),
            ],
        )
        .await;
    assert_eq!(homeless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(homeless.html.contains("承办人和部门负责人须属于一个部门"));

    let (_, after) = app.get("admin", "/api/v1/users").await;
    assert_eq!(before, after, "a refused form creates nobody");
    app.stop().await;
}

async fn non_admins_are_turned_away(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let office = Browser::signed_in(&app, "office").await;
    let handler = app.org.user("handler");
    for path in [
        "/admin/users".to_string(),
        format!("/admin/users/{handler}"),
        "/admin/organisation".to_string(),
    ] {
        let page = office.get(&path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        assert!(page.html.contains("只有管理员可以管理组织机构和用户"));
        assert!(!page.html.contains("测试handler2"), "{path} shows nothing");
    }
    let home = office.get("/").await;
    assert!(!home.html.contains(r#"href="/admin/organisation""#));

    let (city, enforcement) = (
        app.org.city_court.to_string(),
        app.org.enforcement.to_string(),
    );
    let forged = office
        .submit(
            "/",
            "/admin/users",
            &[
                ("username", "intruder"),
                ("display_name", "冒名"),
                ("password", "Intrude2026"),
                ("roles", "admin"),
                ("court_id", &city),
                ("department_id", &enforcement),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(user(&app, "intruder").await.is_none());
    let withdraw = office
        .submit(
            "/",
            &format!("/admin/organisation/departments/{}", app.org.enforcement),
            &[("active", "false")],
        )
        .await;
    assert_eq!(withdraw.status, StatusCode::FORBIDDEN);
    assert_eq!(department(&app, app.org.enforcement).await["active"], true);
    let reset = office
        .submit(
            "/",
            &format!("/admin/users/{handler}/password"),
            &[("password", "Taken2026pw"), ("confirm", "Taken2026pw")],
        )
        .await;
    assert_eq!(reset.status, StatusCode::FORBIDDEN);
    assert!(can_log_in(&app, "handler", PASSWORD).await);

    let anonymous = Browser::new(&app).get("/admin/users").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.location, "/login?next=%2Fadmin%2Fusers");
    app.stop().await;
}

async fn forms_without_the_csrf_token_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let (city, enforcement) = (
        app.org.city_court.to_string(),
        app.org.enforcement.to_string(),
    );
    let user_form = [
        ("username", "no_token"),
        ("display_name", "无令牌"),
        ("password", "Token2026pw"),
        ("roles", "agent"),
        ("court_id", city.as_str()),
        ("department_id", enforcement.as_str()),
    ];
    let missing = admin.post("/admin/users", &user_form).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.html.contains("防伪令牌"));
    let mut wrong = vec![("_csrf", "not-the-token")];
    wrong.extend_from_slice(&user_form);
    assert_eq!(
        admin.post("/admin/users", &wrong).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(user(&app, "no_token").await.is_none(), "nobody was created");

    let civil = app.org.civil;
    let withdraw = admin
        .post(
            &format!("/admin/organisation/departments/{civil}"),
            &[("active", "false")],
        )
        .await;
    assert_eq!(withdraw.status, StatusCode::FORBIDDEN);
    assert_eq!(department(&app, civil).await["active"], true);

    let handler = app.org.user("handler");
    let reset = admin
        .post(
            &format!("/admin/users/{handler}/password"),
            &[("password", "Taken2026pw"), ("confirm", "Taken2026pw")],
        )
        .await;
    assert_eq!(reset.status, StatusCode::FORBIDDEN);
    assert!(can_log_in(&app, "handler", PASSWORD).await);

    let court = admin
        .post(
            "/admin/organisation/courts",
            &[
                ("code", "粤0399"),
                ("name", "无令牌法院"),
                ("level", "basic"),
            ],
        )
        .await;
    assert_eq!(court.status, StatusCode::FORBIDDEN);
    let (_, courts) = app.get("admin", "/api/v1/courts").await;
    assert_eq!(courts.as_array().unwrap().len(), 2);
    app.stop().await;
}

async fn admin_withdraws_renames_and_restores_a_department(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let page = admin.get("/admin/organisation").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("深圳市中级人民法院") && page.html.contains("深圳市福田区人民法院"));
    assert!(
        page.html.contains("<td>民事审判第一庭</td>") && page.html.contains("<td>民事审判庭</td>")
    );
    assert!(
        page.html.contains("<td>执行局</td>"),
        "kinds shown with labels"
    );

    let civil = app.org.civil;
    let action = format!("/admin/organisation/departments/{civil}");
    let withdrawn = admin
        .submit("/admin/organisation", &action, &[("active", "false")])
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::SEE_OTHER,
        "{}",
        withdrawn.html
    );
    assert_eq!(withdrawn.location, "/admin/organisation?done=withdrawn");
    let shown = admin.get(&withdrawn.location).await;
    assert!(shown.html.contains("部门已撤销，今后不再向其转办工单"));
    assert!(shown.html.contains("恢复民事审判第一庭"));
    assert_eq!(department(&app, civil).await["active"], false);
    let users = admin.get("/admin/users").await;
    assert!(
        !select(&users.html, "department_id").contains("民事审判第一庭"),
        "a withdrawn department is not offered to new staff"
    );

    let renamed = admin
        .submit("/admin/organisation", &action, &[("name", "家事审判庭")])
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.html);
    assert_eq!(renamed.location, "/admin/organisation?done=renamed");
    let renamed_department = department(&app, civil).await;
    assert_eq!(renamed_department["name"], "家事审判庭");
    assert_eq!(
        renamed_department["active"], false,
        "renaming keeps it withdrawn"
    );

    let blank = admin
        .submit("/admin/organisation", &action, &[("name", "  ")])
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.html.contains("缺少必填项：名称"), "{}", blank.html);
    assert!(blank.html.contains(r#"<details class="action" open>"#));
    assert_eq!(department(&app, civil).await["name"], "家事审判庭");

    let restored = admin
        .submit("/admin/organisation", &action, &[("active", "true")])
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER);
    assert_eq!(restored.location, "/admin/organisation?done=restored");
    assert_eq!(department(&app, civil).await["active"], true);
    assert!(
        admin
            .get(&restored.location)
            .await
            .html
            .contains("部门已恢复")
    );

    let unknown = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/departments/999999",
            &[("active", "false")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.html.contains("部门不存在"));
    app.stop().await;
}

async fn admin_adds_a_court_and_a_department(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let city = app.org.city_court.to_string();
    let court_form = [
        ("code", "粤0305"),
        ("name", "深圳市南山区人民法院"),
        ("level", "basic"),
        ("parent_id", city.as_str()),
    ];
    let added = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/courts",
            &court_form,
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    assert_eq!(added.location, "/admin/organisation?done=court");
    assert!(admin.get(&added.location).await.html.contains("法院已添加"));
    let (_, courts) = app.get("admin", "/api/v1/courts").await;
    let nanshan = courts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "粤0305")
        .cloned()
        .expect("the new court is listed");
    assert_eq!(nanshan["name"], "深圳市南山区人民法院");
    assert_eq!(nanshan["level"], "basic");
    assert_eq!(nanshan["parent_id"], app.org.city_court);

    let twice = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/courts",
            &[
                ("code", "粤0305"),
                ("name", "重复的法院"),
                ("level", "basic"),
            ],
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.html.contains("法院代字已存在"));
    assert!(twice.html.contains(r#"value="重复的法院""#));

    let nanshan_id = nanshan["id"].as_i64().unwrap().to_string();
    let department_form = [
        ("court_id", nanshan_id.as_str()),
        ("name", "立案庭"),
        ("kind", "filing"),
    ];
    let added = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/departments",
            &department_form,
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    assert_eq!(added.location, "/admin/organisation?done=department");
    let (_, departments) = app
        .get(
            "admin",
            &format!("/api/v1/departments?court_id={nanshan_id}"),
        )
        .await;
    assert_eq!(departments.as_array().unwrap().len(), 1);
    assert_eq!(departments[0]["name"], "立案庭");
    assert_eq!(departments[0]["kind"], "filing");
    assert_eq!(departments[0]["active"], true);

    let twice = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/departments",
            &department_form,
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.html.contains("该法院已有同名部门"));
    let kindless = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/departments",
            &[
                ("court_id", nanshan_id.as_str()),
                ("name", "执行局"),
                ("kind", ""),
            ],
        )
        .await;
    assert_eq!(kindless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(kindless.html.contains("请选择部门类别"));
    assert!(kindless.html.contains(r#"value="执行局""#));
    let (_, departments) = app
        .get(
            "admin",
            &format!("/api/v1/departments?court_id={nanshan_id}"),
        )
        .await;
    assert_eq!(
        departments.as_array().unwrap().len(),
        1,
        "refusals add nothing"
    );
    app.stop().await;
}

async fn patch(app: &TestApp, user: &str, path: &str, body: Value) -> (StatusCode, Value) {
    app.send(Some(user), reqwest::Method::PATCH, path, Some(body))
        .await
}

async fn departments_change_over_the_api(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let path = format!("/api/v1/departments/{}", app.org.enforcement);
    let (status, body) = patch(&app, "office", &path, json!({"active": false})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "admin_only");
    assert_eq!(department(&app, app.org.enforcement).await["active"], true);

    let (status, body) = patch(&app, "admin", &path, json!({"active": false})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["active"], false);
    assert_eq!(body["name"], "执行局");
    let (status, body) = patch(
        &app,
        "admin",
        &path,
        json!({"name": "执行局（一）", "active": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["name"].as_str(), body["active"].as_bool()),
        (Some("执行局（一）"), Some(true))
    );
    let (status, body) = patch(&app, "admin", &path, json!({"name": " "})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "name");
    let (status, body) = patch(
        &app,
        "admin",
        "/api/v1/departments/999999",
        json!({"active": false}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "department_not_found");

    let (status, document) = app
        .send(None, reqwest::Method::GET, "/api/openapi.json", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let operation = &document["paths"]["/api/v1/departments/{id}"]["patch"];
    assert_eq!(operation["tags"], json!(["organisation"]));
    assert!(operation["responses"]["200"].is_object() && operation["requestBody"].is_object());
    app.stop().await;
}

async fn admin_resets_a_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let handler2 = Browser::signed_in(&app, "handler2").await;
    assert_eq!(handler2.get("/").await.status, StatusCode::OK);
    let page = format!("/admin/users/{}", app.org.user("handler2"));
    let action = format!("{page}/password");
    let shown = admin.get(&page).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown.html.contains("编辑用户 handler2（测试handler2）") && shown.html.contains("重置密码")
    );

    let differ = admin
        .submit(
            &page,
            &action,
            &[("password", "Reset2026pw"), ("confirm", "Reset2026px")],
        )
        .await;
    assert_eq!(differ.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(differ.html.contains("两次输入的新密码不一致"));
    let weak = admin
        .submit(
            &page,
            &action,
            &[("password", "short1"), ("confirm", "short1")],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.html.contains("密码至少8位"));
    assert!(
        can_log_in(&app, "handler2", PASSWORD).await,
        "refusals change nothing"
    );

    let reset = admin
        .submit(
            &page,
            &action,
            &[("password", "Reset2026pw"), ("confirm", "Reset2026pw")],
        )
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.html);
    assert_eq!(reset.location, format!("{page}?done=password"));
    assert!(
        admin
            .get(&reset.location)
            .await
            .html
            .contains("密码已重置，该用户须使用新密码重新登录")
    );

    let ended = handler2.get("/").await;
    assert_eq!(
        ended.status,
        StatusCode::SEE_OTHER,
        "the old session has ended"
    );
    assert!(ended.location.starts_with("/login"));
    assert!(!can_log_in(&app, "handler2", PASSWORD).await);
    assert!(can_log_in(&app, "handler2", "Reset2026pw").await);
    app.stop().await;
}

/// The edit form of a head who also handles, placed in `court` and `department`.
fn edit_form<'a>(name: &'a str, court: &'a str, department: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("display_name", name),
        ("roles", "handler"),
        ("roles", "department_head"),
        ("court_id", court),
        ("department_id", department),
        ("title", "法官助理"),
        ("phone", ""),
    ]
}

async fn admin_edits_disables_and_enables_a_user(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let id = app.org.user("handler2");
    let page = format!("/admin/users/{id}");
    let (city, basic, civil) = (
        app.org.city_court.to_string(),
        app.org.basic_court.to_string(),
        app.org.civil.to_string(),
    );
    let saved = admin
        .submit(&page, &page, &edit_form("王承办", &city, &civil))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert_eq!(saved.location, format!("{page}?done=saved"));
    assert!(admin.get(&saved.location).await.html.contains("修改已保存"));
    let changed = user(&app, "handler2").await.unwrap();
    assert_eq!(changed["display_name"], "王承办");
    assert_eq!(changed["department_id"], app.org.civil);
    assert_eq!(changed["title"], "法官助理");
    let roles = changed["roles"].as_array().unwrap();
    assert!(
        roles.contains(&json!("handler"))
            && roles.contains(&json!("department_head"))
            && roles.len() == 2
    );

    let misplaced = admin
        .submit(&page, &page, &edit_form("李四", &basic, &civil))
        .await;
    assert_eq!(misplaced.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(misplaced.html.contains("部门不存在或不属于该法院"));
    assert!(
        misplaced.html.contains(r#"value="李四""#),
        "the typed name stays"
    );
    assert_eq!(
        user(&app, "handler2").await.unwrap()["court_id"],
        app.org.city_court
    );

    let active = format!("{page}/active");
    let disabled = admin.submit(&page, &active, &[("active", "false")]).await;
    assert_eq!(disabled.status, StatusCode::SEE_OTHER, "{}", disabled.html);
    assert_eq!(disabled.location, format!("{page}?done=disabled"));
    let shown = admin.get(&disabled.location).await;
    assert!(shown.html.contains("账号已停用") && shown.html.contains("重新启用"));
    assert_eq!(user(&app, "handler2").await.unwrap()["active"], false);
    let (_, refused) = Browser::login(&app, "handler2", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(refused.html.contains("该账号已停用，请联系管理员"));
    let listed = admin.get("/admin/users").await;
    assert!(listed.html.contains("已停用"));

    let enabled = admin.submit(&page, &active, &[("active", "true")]).await;
    assert_eq!(enabled.location, format!("{page}?done=enabled"));
    assert!(can_log_in(&app, "handler2", PASSWORD).await);

    let own = format!("/admin/users/{}", app.org.user("admin"));
    assert!(
        admin
            .get(&own)
            .await
            .html
            .contains("这是您自己的账号，不能停用")
    );
    let self_disable = admin
        .submit(&own, &format!("{own}/active"), &[("active", "false")])
        .await;
    assert_eq!(self_disable.status, StatusCode::CONFLICT);
    assert!(self_disable.html.contains("不能停用自己的账号"));
    assert_eq!(user(&app, "admin").await.unwrap()["active"], true);
    app.stop().await;
}
