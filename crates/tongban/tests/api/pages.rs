//! The staff pages over HTTP, as a browser without JavaScript uses them: forms with the
//! session cookie and the CSRF field.

use reqwest::{Client, StatusCode, redirect};
use serde_json::json;

use crate::browser::{page_text, post_form};
use crate::on_both_databases;
use crate::support::{Backend, PASSWORD, TestApp};

on_both_databases!(
    pages_register_act_and_refuse,
    attachments_are_checked_and_kept_private,
    pages_need_a_session_and_the_csrf_field
);

/// A browser-like client signed in through the login form, and its CSRF token.
pub(crate) async fn browser(app: &TestApp, username: &str) -> (Client, String) {
    let client = Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    let login = post_form(
        &client,
        app.url("/login"),
        &[
            ("username", username),
            ("password", PASSWORD),
            ("next", "/"),
        ],
    )
    .await;
    assert_eq!(login.status(), StatusCode::SEE_OTHER, "login redirects");
    let page = page_text(&client, app.url("/")).await;
    (client, csrf_of(&page))
}

fn csrf_of(page: &str) -> String {
    let marker = "name=\"csrf-token\" content=\"";
    let start = page.find(marker).expect("pages carry the CSRF token") + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

async fn pages_register_act_and_refuse(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (agent, csrf) = browser(&app, "agent").await;
    let form = [
        ("_csrf", csrf.as_str()),
        ("channel", "visit"),
        ("name", "李四"),
        ("phone", "13600001111"),
        ("content", "来访反映执行款未到账"),
        ("type", "urging"),
        ("urgency", "normal"),
    ];
    let created = post_form(&agent, app.url("/orders/new"), &form).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = location
        .trim_start_matches("/orders/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let page = page_text(&agent, app.url(&location)).await;
    assert!(
        page.contains("已完成：") || page.contains("待甄别"),
        "the new order's page"
    );
    assert!(page.contains("来访反映执行款未到账"));
    assert!(
        page.contains("136****1111"),
        "personal data masked on the page"
    );

    let bad = [
        ("_csrf", csrf.as_str()),
        ("channel", "visit"),
        ("name", "李四"),
        ("phone", "123"),
        ("content", "x"),
    ];
    let refused = post_form(&agent, app.url("/orders/new"), &bad).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert!(page.contains("电话号码格式不正确"), "the reason is shown");
    assert!(
        page.contains("aria-invalid=\"true\""),
        "the bad field is marked"
    );

    let screen = [
        ("_csrf", csrf.as_str()),
        ("valid", "true"),
        ("type", "urging"),
        ("complexity", "simple"),
        ("urgency", "normal"),
    ];
    let done = post_form(
        &agent,
        app.url(&format!("/orders/{id}/act/screen")),
        &screen,
    )
    .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.order("office", id).await["status"], "screened");

    let wrong = [
        ("_csrf", csrf.as_str()),
        ("court_id", &app.org.city_court.to_string()),
        ("department_id", &app.org.civil.to_string()),
        ("handler_id", &app.org.user("handler").to_string()),
    ];
    let refused = post_form(
        &agent,
        app.url(&format!("/orders/{id}/act/dispatch")),
        &wrong,
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("“转办”未能完成") && page.contains("承办人不存在、已停用或不属于所选部门"),
        "the refusal says why"
    );
    assert_eq!(
        app.order("office", id).await["status"],
        "screened",
        "a refusal changes nothing"
    );

    let (handler, _) = browser(&app, "handler").await;
    let hidden = handler
        .get(app.url(&format!("/orders/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        hidden.status(),
        StatusCode::NOT_FOUND,
        "a handler does not open orders not assigned to them"
    );
    app.stop().await;
}

async fn attachments_are_checked_and_kept_private(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    let (office, csrf) = browser(&app, "office").await;
    let upload = |name: &'static str, bytes: Vec<u8>, csrf: String| {
        let form = reqwest::multipart::Form::new().text("_csrf", csrf).part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name),
        );
        office
            .post(app.url(&format!("/orders/{id}/attachments")))
            .multipart(form)
            .send()
    };
    let pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj<<>>endobj\n".to_vec();
    let stored = upload("../来信扫描.pdf", pdf.clone(), csrf.clone())
        .await
        .unwrap();
    assert_eq!(stored.status(), StatusCode::SEE_OTHER);
    let refused = upload(
        "tool.exe",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xFF\xFF".to_vec(),
        csrf.clone(),
    )
    .await
    .unwrap();
    assert_eq!(
        refused.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "executables are refused"
    );
    let forged = upload("x.pdf", pdf.clone(), "forged".into()).await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    let page = page_text(&office, app.url(&format!("/orders/{id}"))).await;
    assert!(
        page.contains("来信扫描.pdf"),
        "listed under its display name, without the path"
    );
    let start = page.find("/attachments/").unwrap() + "/attachments/".len();
    let file_id: String = page[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let download = office
        .get(app.url(&format!("/attachments/{file_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf);

    let (other, _) = browser(&app, "handler2").await;
    let hidden = other
        .get(app.url(&format!("/attachments/{file_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        hidden.status(),
        StatusCode::NOT_FOUND,
        "only those who may see the order get its files"
    );
    let (_, trail) = app
        .get(
            "inspector",
            &format!("/api/v1/audit?entity=order&entity_id={id}"),
        )
        .await;
    let actions: Vec<&str> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"order.attach") && actions.contains(&"order.attachment_view"));
    app.stop().await;
}

async fn pages_need_a_session_and_the_csrf_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anonymous = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    let page = anonymous
        .get(app.url("/orders?status=registered"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        page.headers()["location"],
        "/login?next=%2Forders%3Fstatus%3Dregistered"
    );
    let (agent, _) = browser(&app, "agent").await;
    let forged = post_form(
        &agent,
        app.url("/orders/new"),
        &[
            ("channel", "visit"),
            ("name", "王五"),
            ("phone", "13600002222"),
            ("content", "伪造的请求"),
        ],
    )
    .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let (_, list) = app.get("office", "/api/v1/orders").await;
    assert_eq!(list["total"], 0, "the forged form created nothing");
    let (status, _) = app.post("agent", "/api/v1/orders", json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}
