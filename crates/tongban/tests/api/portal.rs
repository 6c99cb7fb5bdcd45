//! 网上诉求 the citizen portal, as a citizen's browser uses it: submit, track with the number
//! and query code, rate the reply; and its protection: the double-submit token, the limit per
//! address, the size limits.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::browser::encode;
use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    a_citizen_submits_tracks_and_rates,
    bad_input_is_shown_next_to_its_field,
    forms_without_the_token_change_nothing,
    the_eleventh_post_in_a_minute_is_refused
);

const CONTENT: &str = "执行款判决后一直没有到账，多次联系承办法官未果，请法院帮忙督促。";

/// A citizen's browser: it keeps cookies.
fn browser() -> Client {
    Client::builder().cookie_store(true).build().unwrap()
}

/// The text between `start` and the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)? + start.len();
    html[from..].find(end).map(|to| &html[from..from + to])
}

/// The hidden `_csrf` field of a page.
fn token(html: &str) -> String {
    between(html, r#"name="_csrf" value=""#, "\"")
        .expect("a form token")
        .to_string()
}

async fn get(client: &Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn post(
    client: &Client,
    app: &TestApp,
    path: &str,
    pairs: &[(&str, &str)],
) -> (StatusCode, String) {
    let response = client
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(pairs))
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// Opens the page at `path` and sends its form with the page's token.
async fn fill(
    client: &Client,
    app: &TestApp,
    path: &str,
    pairs: &[(&str, &str)],
) -> (StatusCode, String) {
    let (status, page) = get(client, app, path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    let csrf = token(&page);
    let mut pairs = pairs.to_vec();
    pairs.push(("_csrf", &csrf));
    post(client, app, path, &pairs).await
}

/// The orders registered through the portal, as the service office lists them.
async fn web_orders(app: &TestApp) -> Vec<Value> {
    let (status, page) = app.get("office", "/api/v1/orders?channel=web").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["items"].as_array().unwrap().clone()
}

async fn a_citizen_submits_tracks_and_rates(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let citizen = browser();

    let form = reqwest::get(app.url("/portal")).await.unwrap();
    let cookie = form.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("portal_csrf="), "{cookie}");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/portal"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert_eq!(form.headers()["cache-control"], "no-store");
    let html = form.text().await.unwrap();
    assert!(html.contains("联系电话") && html.contains("诉求内容"));
    assert!(!html.contains("<script"), "the portal needs no script");

    let fields = [
        ("name", "李女士"),
        ("phone", "13912345678"),
        ("case_number", "(2026)粤03执1234号"),
        ("content", CONTENT),
    ];
    let (status, receipt) = fill(&citizen, &app, "/portal", &fields).await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    let number = between(&receipt, "data-number>", "<").unwrap().to_string();
    let code = between(&receipt, "data-code>", "<").unwrap().to_string();
    assert!(number.starts_with("SZ-"), "{number}");
    assert_eq!(code.len(), 8, "{code}");
    assert!(receipt.contains("请抄写或截图保存"));

    let listed = web_orders(&app).await;
    assert_eq!(listed.len(), 1);
    let order = &listed[0];
    assert_eq!(order["number"], number.as_str());
    assert_eq!(order["channel"], "web");
    let id = order["id"].as_i64().unwrap();

    let (status, view) = fill(
        &citizen,
        &app,
        "/portal/track",
        &[("number", &number), ("code", &code)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert!(
        view.contains(&number) && view.contains("已收到，待审查") && view.contains("已登记"),
        "{view}"
    );
    assert!(view.contains(CONTENT));
    assert!(!view.contains("评价答复"), "nothing to rate yet");

    let wrong_code = fill(
        &citizen,
        &app,
        "/portal/track",
        &[("number", &number), ("code", "ABCDEFGH")],
    )
    .await;
    let wrong_number = fill(
        &citizen,
        &app,
        "/portal/track",
        &[("number", "SZ-20000101-0001"), ("code", &code)],
    )
    .await;
    for (status, page) in [wrong_code, wrong_number] {
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(
            page.contains("未找到该诉求，请核对受理编号和查询码"),
            "{page}"
        );
        assert!(
            !page.contains(CONTENT) && !page.contains("办理过程"),
            "no detail without the right code"
        );
    }

    let screen = json!({"valid": true, "type": "urging", "area": "enforcement", "complexity": "simple", "urgency": "normal", "note": "内部备注：疑似重复来电"});
    app.act_ok("office", id, "screen", screen).await;
    app.act_ok("office", id, "dispatch", app.route_to_handler())
        .await;
    app.act_ok("handler", id, "accept", json!({})).await;
    let reply = "经查，执行款已于本周发放至您的账户，请注意查收。";
    app.act_ok("handler", id, "reply", json!({"text": reply}))
        .await;

    let (status, view) = fill(
        &citizen,
        &app,
        "/portal/track",
        &[("number", &number), ("code", &code)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        view.contains("已答复，待评价") && view.contains(reply),
        "{view}"
    );
    assert!(
        view.contains("已转交承办部门") && view.contains("承办人已受理"),
        "{view}"
    );
    assert!(
        !view.contains("内部备注") && !view.contains("测试"),
        "no internal notes, no staff names"
    );
    assert!(
        view.contains(r#"name="outcome" value="satisfied""#),
        "the rating form: {view}"
    );

    let rating = [
        ("number", number.as_str()),
        ("code", code.as_str()),
        ("outcome", "satisfied"),
        ("comment", "答复及时，谢谢！"),
        ("_csrf", &token(&view)),
    ];
    let (status, thanked) = post(&citizen, &app, "/portal/rate", &rating).await;
    assert_eq!(status, StatusCode::OK, "{thanked}");
    assert!(
        thanked.contains("感谢您的评价") && thanked.contains("已评价，待办结"),
        "{thanked}"
    );
    assert!(!thanked.contains(r#"name="outcome""#), "rated once");
    assert_eq!(app.order("office", id).await["satisfaction"], "satisfied");

    let (status, again) = post(&citizen, &app, "/portal/rate", &rating).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert!(again.contains("该诉求当前不能评价"));
}

async fn bad_input_is_shown_next_to_its_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let citizen = browser();

    let (status, page) = fill(
        &citizen,
        &app,
        "/portal",
        &[("name", "王先生"), ("phone", "12345"), ("content", CONTENT)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(r#"<p class="field-error" id="phone-error">电话号码格式不正确"#),
        "{page}"
    );
    let phone = between(&page, r#"<input id="phone""#, ">").unwrap();
    assert!(
        phone.contains(r#"aria-invalid="true""#)
            && phone.contains(r#"aria-describedby="phone-hint phone-error""#),
        "{phone}"
    );
    assert!(phone.contains(r#"value="12345""#), "what was typed is kept");
    assert!(page.contains(CONTENT) && page.contains(r#"value="王先生""#));
    let content = between(&page, r#"<textarea id="content""#, ">").unwrap();
    assert!(
        !content.contains("aria-invalid"),
        "only the field at fault is marked"
    );

    let (status, page) = fill(
        &citizen,
        &app,
        "/portal",
        &[
            ("phone", "13912345678"),
            ("case_number", "粤03执1234"),
            ("content", CONTENT),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r#"id="case_number-error""#), "{page}");

    let (status, page) = fill(
        &citizen,
        &app,
        "/portal",
        &[("phone", "13912345678"), ("content", "  ")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(r#"id="content-error">请填写诉求内容"#),
        "{page}"
    );

    let long = "诉".repeat(5_001);
    let (status, page) = fill(
        &citizen,
        &app,
        "/portal",
        &[("phone", "13912345678"), ("content", &long)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("诉求内容最多 5000 字"), "{page}");

    let huge = "诉".repeat(30_000);
    let (status, page) = fill(
        &citizen,
        &app,
        "/portal",
        &[("phone", "13912345678"), ("content", &huge)],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "a body beyond 64 KiB"
    );
    assert!(page.contains("提交的内容过长"), "{page}");

    assert!(web_orders(&app).await.is_empty(), "nothing registered");
}

async fn forms_without_the_token_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let citizen = browser();
    let fields = [("phone", "13912345678"), ("content", CONTENT)];

    let (_, form) = get(&citizen, &app, "/portal").await;
    let csrf = token(&form);
    let (status, page) = post(&citizen, &app, "/portal", &fields).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no field");
    assert!(page.contains("页面已过期"), "{page}");
    let forged = [
        fields[0],
        fields[1],
        ("_csrf", "0123456789abcdef0123456789abcdef"),
    ];
    let (status, _) = post(&citizen, &app, "/portal", &forged).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a field that is not the cookie"
    );
    let cookieless = [fields[0], fields[1], ("_csrf", csrf.as_str())];
    let (status, _) = post(&Client::new(), &app, "/portal", &cookieless).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a field without its cookie (another site's form)"
    );
    assert!(
        web_orders(&app).await.is_empty(),
        "refused forms create nothing"
    );

    let (status, _) = post(&citizen, &app, "/portal", &cookieless).await;
    assert_eq!(status, StatusCode::OK, "field and cookie agree");
    let (status, _) = post(&citizen, &app, "/portal", &cookieless).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the receipt renews the token: sending the form again is refused"
    );
    assert_eq!(web_orders(&app).await.len(), 1, "registered once");
}

async fn the_eleventh_post_in_a_minute_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let citizen = browser();
    let (_, form) = get(&citizen, &app, "/portal/track").await;
    let lookup = [
        ("number", "SZ-20000101-0001"),
        ("code", "ABCDEFGH"),
        ("_csrf", &token(&form)),
    ];
    for n in 1..=10 {
        let (status, _) = post(&citizen, &app, "/portal/track", &lookup).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "POST {n}");
    }
    let response = citizen
        .post(app.url("/portal/track"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&lookup))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    assert!(response.text().await.unwrap().contains("您的提交过于频繁"));
    let (status, _) = get(&citizen, &app, "/portal/track").await;
    assert_eq!(status, StatusCode::OK, "pages stay open");
    let (status, _) = app.get("office", "/api/v1/orders").await;
    assert_eq!(status, StatusCode::OK, "the limit is the portal's only");
}
