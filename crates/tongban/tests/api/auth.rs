use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_databases;
use crate::support::{Backend, PASSWORD, TestApp};

on_both_databases!(
    login_gives_a_working_token,
    bad_logins_are_refused_alike,
    browser_sessions_need_the_csrf_token,
    api_tokens_work_until_revoked,
    admins_manage_staff
);

async fn login_gives_a_working_token(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, me) = app.get("office", "/api/v1/auth/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["username"], "office");
    assert_eq!(me["roles"], json!(["service_office"]));
    let (status, body) = app
        .send(None, reqwest::Method::GET, "/api/v1/auth/me", None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "unauthenticated");
    let (status, _) = app
        .send(
            Some("office"),
            reqwest::Method::POST,
            "/api/v1/auth/logout",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let token = app.token("office").await;
    let after = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        after.status(),
        StatusCode::UNAUTHORIZED,
        "a logged-out token no longer works"
    );
    app.stop().await;
}

async fn bad_logins_are_refused_alike(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (username, password) in [("office", "wrong-password1"), ("nobody", PASSWORD)] {
        let (status, body) = app
            .send(
                None,
                reqwest::Method::POST,
                "/api/v1/auth/login",
                Some(json!({"username": username, "password": password})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error"]["code"], "invalid_credentials");
        assert_eq!(body["error"]["message"], "用户名或密码错误");
    }
    let (status, body) = app
        .send(
            None,
            reqwest::Method::POST,
            "/api/v1/auth/login",
            Some(json!({"username": "office"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "password");
    for _ in 0..5 {
        app.send(
            None,
            reqwest::Method::POST,
            "/api/v1/auth/login",
            Some(json!({"username": "agent", "password": "guess-1234"})),
        )
        .await;
    }
    let (status, body) = app
        .send(
            None,
            reqwest::Method::POST,
            "/api/v1/auth/login",
            Some(json!({"username": "agent", "password": PASSWORD})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "guessing locks the account for a while: {body}"
    );
    app.stop().await;
}

async fn browser_sessions_need_the_csrf_token(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = browser
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "agent", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>();
    assert!(cookie.iter().any(|c| c.starts_with("tongban_session=")
        && c.contains("HttpOnly")
        && c.contains("SameSite=Strict")));
    let csrf = login.json::<serde_json::Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    let me = browser
        .get(app.url("/api/v1/auth/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        me.status(),
        StatusCode::OK,
        "the cookie authenticates reads"
    );
    let forged = browser
        .post(app.url("/api/v1/orders"))
        .json(&TestApp::appeal())
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        forged.json::<serde_json::Value>().await.unwrap()["error"]["code"],
        "csrf_failed"
    );
    let genuine = browser
        .post(app.url("/api/v1/orders"))
        .header("x-csrf-token", csrf)
        .json(&TestApp::appeal())
        .send()
        .await
        .unwrap();
    assert_eq!(genuine.status(), StatusCode::CREATED);
    let (_, list) = app.get("office", "/api/v1/orders").await;
    assert_eq!(
        list["total"], 1,
        "only the request with the CSRF token registered an order"
    );
    app.stop().await;
}

async fn api_tokens_work_until_revoked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, created) = app
        .post(
            "agent",
            "/api/v1/auth/tokens",
            json!({"name": "区委政法委转办接口", "expires_in_days": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let secret = created["token"].as_str().unwrap().to_string();
    let use_it = || {
        app.client
            .get(app.url("/api/v1/auth/me"))
            .bearer_auth(&secret)
            .send()
    };
    assert_eq!(use_it().await.unwrap().status(), StatusCode::OK);
    let (_, list) = app.get("agent", "/api/v1/auth/tokens").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0].get("token").is_none(), "the secret is never listed");
    let id = created["id"].as_i64().unwrap();
    let (status, _) = app
        .send(
            Some("agent"),
            reqwest::Method::DELETE,
            &format!("/api/v1/auth/tokens/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(use_it().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .send(
            Some("office"),
            reqwest::Method::DELETE,
            &format!("/api/v1/auth/tokens/{id}"),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "nobody revokes another's token"
    );
    app.stop().await;
}

async fn admins_manage_staff(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let new_user = json!({"username": "zhang_judge", "display_name": "张法官", "password": "Judge2026pw",
        "roles": ["handler"], "court_id": app.org.city_court, "department_id": app.org.enforcement});
    let (status, body) = app.post("office", "/api/v1/users", new_user.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"]["code"], "admin_only");
    let (status, user) = app.post("admin", "/api/v1/users", new_user.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    let (status, body) = app.post("admin", "/api/v1/users", new_user).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "username_taken");
    let weak = json!({"username": "weak", "display_name": "弱", "password": "123", "roles": ["agent"], "court_id": app.org.city_court});
    let (status, body) = app.post("admin", "/api/v1/users", weak).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "password");
    let (_, handlers) = app.get("agent", "/api/v1/users?role=handler").await;
    assert!(
        handlers
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["username"] == "zhang_judge")
    );
    assert!(
        handlers
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["roles"].as_array().unwrap().contains(&json!("handler")))
    );
    let id = user["id"].as_i64().unwrap();
    let login = |password: &'static str| {
        app.send(
            None,
            reqwest::Method::POST,
            "/api/v1/auth/login",
            Some(json!({"username": "zhang_judge", "password": password})),
        )
    };
    assert_eq!(login("Judge2026pw").await.0, StatusCode::OK);
    let (status, _) = app
        .post(
            "admin",
            &format!("/api/v1/users/{id}/reset-password"),
            json!({"password": "NewJudge2026"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(login("Judge2026pw").await.0, StatusCode::UNAUTHORIZED);
    let (status, disabled) = app
        .send(
            Some("admin"),
            reqwest::Method::PATCH,
            &format!("/api/v1/users/{id}"),
            Some(json!({"active": false})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(disabled["active"], false);
    let (status, body) = login("NewJudge2026").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "account_disabled");
    app.stop().await;
}
