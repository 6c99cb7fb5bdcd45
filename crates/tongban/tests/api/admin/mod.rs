//! 系统管理 the administration pages driven like a browser: log in through the form, read the
//! CSRF token from the page, submit the forms; the JSON API confirms what changed.

mod organisation;
mod users;

use reqwest::StatusCode;
use serde_json::Value;

use crate::browser::Browser;
use crate::on_both_databases;
use crate::support::{Backend, PASSWORD, TestApp};

on_both_databases!(
    non_admins_are_turned_away,
    forms_without_the_csrf_token_change_nothing,
);

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
