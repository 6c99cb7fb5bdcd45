//! 智能咨询 the virtual agent's chat on the portal, as a citizen's browser uses it (with htmx
//! and without JavaScript): answers from the knowledge base, nothing of a case told to an
//! unverified visitor, a hand-over that becomes a real submission, and a chat that only its own
//! browser can read.

use reqwest::{Client, StatusCode, header, redirect};
use serde_json::{Value, json};

use crate::browser::{csrf_of, encode};
use crate::hotline_support::{civil_case, import_cases, import_demo_knowledge};
use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(a_citizen_chats_and_a_handover_becomes_a_submission);

/// A citizen's browser: keeps cookies, shows redirects.
fn citizen() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

/// What a request answered: status, the chat cookie it set (if any), the body.
struct Answer {
    status: StatusCode,
    chat_cookie: Option<String>,
    location: String,
    body: String,
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status();
    let chat_cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("portal_chat="))
        .map(|c| c.split(';').next().unwrap().to_string());
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    Answer {
        status,
        chat_cookie,
        location,
        body: response.text().await.unwrap(),
    }
}

async fn get(client: &Client, app: &TestApp, path: &str) -> Answer {
    answer(client.get(app.url(path)).send().await.unwrap()).await
}

/// Posts the chat form; `htmx` sends it as htmx does.
async fn ask(client: &Client, app: &TestApp, csrf: &str, text: &str, htmx: bool) -> Answer {
    let mut request = client
        .post(app.url("/portal/chat"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(encode(&[("_csrf", csrf), ("text", text)]));
    if htmx {
        request = request.header("HX-Request", "true");
    }
    answer(request.send().await.unwrap()).await
}

/// The session behind a chat cookie, as hotline staff read it.
async fn session(app: &TestApp, cookie: &str) -> Value {
    let id = cookie.split('.').next().unwrap();
    let (status, session) = app
        .get("agent", &format!("/api/v1/assistant/sessions/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    session
}

async fn a_citizen_chats_and_a_handover_becomes_a_submission(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    import_demo_knowledge(&app).await;
    import_cases(&app, json!([civil_case()])).await;
    let browser = citizen();
    let page = get(&browser, &app, "/portal/chat").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("智能咨询") && page.body.contains("htmx"));
    assert!(page.chat_cookie.is_none(), "a visit opens no chat");
    let csrf = csrf_of(&page.body);

    // With htmx: the answer alone comes back, to be appended.
    let answered = ask(
        &browser,
        &app,
        &csrf,
        "我想去法院起诉别人，需要满足什么条件？",
        true,
    )
    .await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
    assert!(!answered.body.contains("<html"), "a fragment");
    assert!(answered.body.contains("直接利害关系"), "{}", answered.body);
    let cookie = answered.chat_cookie.expect("the chat's cookie");
    let kept = session(&app, &cookie).await;
    assert_eq!(kept["channel"], "web");
    assert_eq!(kept["turns"][0]["action"], "answer");
    assert_eq!(kept["outcome"], "settled");

    // Without JavaScript: a party's case, the party's phone typed in; nothing of the case is told.
    let progress = ask(
        &browser,
        &app,
        &csrf,
        "我是张三，电话13812345678，(2026)粤03民初88号什么时候开庭？",
        false,
    )
    .await;
    assert_eq!(progress.status, StatusCode::SEE_OTHER, "{}", progress.body);
    assert_eq!(progress.location, "/portal/chat#latest");
    let page = get(&browser, &app, "/portal/chat").await;
    assert!(
        page.body.contains("直接利害关系") && page.body.contains("什么时候开庭"),
        "the whole conversation: {}",
        page.body
    );
    assert!(
        !page.body.contains("审理中") && !page.body.contains("12月10日"),
        "nothing of the case: {}",
        page.body
    );
    assert!(page.body.contains("/portal?from=chat"));
    let kept = session(&app, &cookie).await;
    assert_eq!(kept["turns"][1]["action"], "handover");
    assert_eq!(kept["outcome"], "handover");
    assert_eq!(kept["draft"]["case_number"], "(2026)粤03民初88号");

    // The hand-over leads to the submission form, filled in from the chat.
    let form = get(&browser, &app, "/portal?from=chat").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("什么时候开庭") && form.body.contains(r#"value="(2026)粤03民初88号""#),
        "{}",
        form.body
    );
    let submit_csrf = csrf_of(&form.body);
    let submitted = browser
        .post(app.url("/portal"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(encode(&[
            ("_csrf", submit_csrf.as_str()),
            ("name", "张先生"),
            ("phone", "13812345678"),
            ("case_number", "(2026)粤03民初88号"),
            ("content", "想了解(2026)粤03民初88号的开庭时间"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), StatusCode::OK);
    assert!(submitted.text().await.unwrap().contains("查询码"));
    let (_, orders) = app.get("office", "/api/v1/orders?channel=web").await;
    assert_eq!(orders["total"], 1, "{orders}");

    // Bad input: 422, nothing kept. (The receipt renewed the portal's token.)
    let csrf = csrf_of(&get(&browser, &app, "/portal/chat").await.body);
    let empty = ask(&browser, &app, &csrf, "   ", true).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("请输入您想咨询的问题"));
    let no_token = ask(
        &browser,
        &app,
        "0123456789abcdef0123456789abcdef",
        "你好",
        false,
    )
    .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert_eq!(
        session(&app, &cookie).await["turns"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Another browser, even one that guesses the chat's number, reads nothing of it.
    let stranger = citizen();
    let id = cookie.split('.').next().unwrap();
    let forged = format!("portal_chat={id}.ffffffffffffffffffffffffffffffff");
    let peek = answer(
        stranger
            .get(app.url("/portal/chat"))
            .header(header::COOKIE, &forged)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(peek.status, StatusCode::OK);
    assert!(!peek.body.contains("直接利害关系"), "{}", peek.body);
    let page = get(&stranger, &app, "/portal/chat").await;
    let theirs = ask(&stranger, &app, &csrf_of(&page.body), "转人工", true).await;
    assert_eq!(theirs.status, StatusCode::OK);
    let their_cookie = theirs.chat_cookie.expect("a chat of their own");
    assert_ne!(their_cookie.split('.').next(), Some(id));
    assert!(theirs.body.contains("转为网上诉求"));
    app.stop().await;
}
