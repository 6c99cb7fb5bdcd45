//! The virtual agent: answers from the knowledge base, case progress only to a party, contact
//! requests routed to the judge, hand-over below the confidence threshold; the session's
//! outcome marks its call.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::hotline_support::{
    MONDAY_10AM, call_ok, civil_case, import_cases, import_demo_knowledge, set_clock,
};
use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    a_party_gets_answers_progress_and_the_judge,
    a_stranger_gets_no_progress_and_unknown_questions_are_handed_over
);

async fn session(app: &TestApp, body: Value) -> i64 {
    let (status, created) = app.post("agent", "/api/v1/assistant/sessions", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_i64().unwrap()
}

async fn say(app: &TestApp, id: i64, text: &str) -> Value {
    let (status, reply) = app
        .post(
            "agent",
            &format!("/api/v1/assistant/sessions/{id}/turns"),
            json!({"text": text}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}: {reply}");
    reply
}

async fn prepare(app: &TestApp) {
    set_clock(app, MONDAY_10AM).await;
    import_demo_knowledge(app).await;
    let (status, report) = import_cases(app, json!([civil_case()])).await;
    assert_eq!(status, StatusCode::OK, "{report}");
}

async fn a_party_gets_answers_progress_and_the_judge(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    prepare(&app).await;
    call_ok(&app, "c-1", "13812345678", "offered", 0).await;
    call_ok(&app, "c-1", "13812345678", "answered_by_assistant", 0).await;
    let id = session(&app, json!({"channel": "hotline", "caller": "13812345678"})).await;

    let answer = say(&app, id, "我想去法院起诉别人，需要满足什么条件？").await;
    assert_eq!(answer["action"], "answer", "{answer}");
    assert!(answer["confidence"].as_f64().unwrap() >= 0.5);
    assert!(
        answer["reply"].as_str().unwrap().contains("起诉"),
        "{answer}"
    );

    let asked = say(&app, id, "我的案件现在什么进度").await;
    assert_eq!(asked["action"], "clarify", "no case number yet: {asked}");
    let progress = say(&app, id, "案号是(2026)粤03民初88号，现在审理到哪一步了").await;
    assert_eq!(progress["action"], "case_progress", "{progress}");
    let text = progress["reply"].as_str().unwrap();
    assert!(
        text.contains("审理中") && text.contains("2026年12月10日 09:30"),
        "{text}"
    );

    let contact = say(&app, id, "我要联系法官").await;
    assert_eq!(
        contact["action"], "contact_judge",
        "the case said before counts: {contact}"
    );
    let order_id = contact["order_id"].as_i64().unwrap();
    let order = app.order("civil_handler", order_id).await;
    assert_eq!(order["status"], "dispatched");
    assert_eq!(order["type"], "contact_judge");
    assert_eq!(order["handler_id"], app.org.user("civil_handler"));
    assert_eq!(order["appellant"]["name"], "张三");

    let (_, kept) = app
        .get("agent", &format!("/api/v1/assistant/sessions/{id}"))
        .await;
    assert_eq!(kept["turns"].as_array().unwrap().len(), 4);
    assert_eq!(kept["outcome"], "settled");
    assert_eq!(kept["call_id"], "c-1");
    let (_, stats) = app
        .get(
            "office",
            "/api/v1/stats/hotline?from=2026-11-02&to=2026-11-02",
        )
        .await;
    assert_eq!(stats["days"][0]["settled_by_assistant"], 1, "{stats}");
    app.stop().await;
}

async fn a_stranger_gets_no_progress_and_unknown_questions_are_handed_over(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    prepare(&app).await;
    call_ok(&app, "c-2", "13900002222", "offered", 0).await;
    call_ok(&app, "c-2", "13900002222", "answered_by_assistant", 0).await;
    let id = session(
        &app,
        json!({"channel": "hotline", "caller": "13900002222", "call_id": "c-2"}),
    )
    .await;
    let refused = say(&app, id, "(2026)粤03民初88号现在什么进度").await;
    assert_eq!(refused["action"], "handover", "{refused}");
    let text = refused["reply"].as_str().unwrap();
    assert!(
        !text.contains("审理中") && !text.contains("开庭"),
        "nothing of the case is told: {text}"
    );
    assert_eq!(refused["draft"]["case_number"], "(2026)粤03民初88号");
    let contact = say(&app, id, "我要联系法官").await;
    assert_eq!(
        contact["action"], "handover",
        "no contact for a stranger either: {contact}"
    );
    let (_, stats) = app
        .get(
            "office",
            "/api/v1/stats/hotline?from=2026-11-02&to=2026-11-02",
        )
        .await;
    assert_eq!(stats["days"][0]["settled_by_assistant"], 0);

    let web = session(&app, json!({"channel": "web"})).await;
    let unknown = say(&app, web, "我家楼下的流浪猫总是半夜叫唤吵得人睡不着觉").await;
    assert_eq!(unknown["action"], "handover", "{unknown}");
    assert!(unknown["confidence"].as_f64().unwrap() < 0.5);
    assert_eq!(unknown["draft"]["channel"], "web");
    assert!(
        unknown["draft"]["summary"]
            .as_str()
            .unwrap()
            .contains("流浪猫")
    );
    let person = say(&app, web, "转人工").await;
    assert_eq!(person["action"], "handover");

    let short = session(&app, json!({"channel": "hotline", "caller": "13900003333"})).await;
    assert_eq!(say(&app, short, "喂").await["action"], "clarify");
    let registered = say(&app, short, "我要投诉执行局的工作人员态度恶劣").await;
    assert_eq!(registered["action"], "register", "{registered}");
    let order = app
        .order("office", registered["order_id"].as_i64().unwrap())
        .await;
    assert_eq!(order["type"], "complaint");
    assert_eq!(order["channel"], "hotline");

    let (status, _) = app
        .post(
            "agent",
            "/api/v1/assistant/sessions/999999/turns",
            json!({"text": "你好"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, e) = app
        .post(
            "agent",
            "/api/v1/assistant/sessions",
            json!({"channel": "letter"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (status, _) = app
        .post(
            "handler",
            "/api/v1/assistant/sessions",
            json!({"channel": "web"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.stop().await;
}
