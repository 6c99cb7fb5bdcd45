//! 全文检索 search over orders: Chinese words, ranked, highlighted, within the reader's scope,
//! over content, replies and notes; the same words filter the order list.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    search_finds_ranks_and_highlights,
    search_keeps_to_the_readers_scope,
    search_scope_follows_the_order,
    the_exact_phrase_ranks_first,
    the_order_list_filters_by_words
);

fn appeal(content: &str) -> Value {
    let mut body = TestApp::appeal();
    body["content"] = json!(content);
    body
}

fn ids(result: &Value) -> Vec<i64> {
    result["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["order_id"].as_i64().unwrap())
        .collect()
}

async fn search(app: &TestApp, user: &str, q: &str) -> Value {
    let (status, body) = app
        .get(user, &format!("/api/v1/search?q={}", urlencode(q)))
        .await;
    assert_eq!(status, StatusCode::OK, "search {q}: {body}");
    body
}

fn urlencode(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn search_finds_ranks_and_highlights(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let once = app
        .register(
            "agent",
            appeal("我买的法拍房一直办不了过户，请法院出具协助执行通知书。"),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let twice = app
        .register("agent", appeal("法拍房腾退问题：法拍房原住户拒不搬离。"))
        .await["id"]
        .as_i64()
        .unwrap();
    let other = app
        .register("agent", appeal("申请财产保全一个月了还没有裁定。"))
        .await["id"]
        .as_i64()
        .unwrap();

    let found = search(&app, "admin", "法拍房").await;
    assert_eq!(found["total"], 2, "{found}");
    assert_eq!(
        ids(&found),
        vec![twice, once],
        "more occurrences rank first"
    );
    let first = &found["items"][0];
    assert_eq!(first["field"], "content");
    assert!(
        first["highlighted"]
            .as_str()
            .unwrap()
            .contains("<mark>法拍房</mark>"),
        "{first}"
    );
    let [start, end] = [
        first["highlights"][0][0].as_u64().unwrap() as usize,
        first["highlights"][0][1].as_u64().unwrap() as usize,
    ];
    let marked: String = first["snippet"]
        .as_str()
        .unwrap()
        .chars()
        .skip(start)
        .take(end - start)
        .collect();
    assert_eq!(marked, "法拍房");
    assert_eq!(first["order"]["id"], twice);

    // A word inside a longer word of the text (保全 in 财产保全), several words at once.
    assert_eq!(ids(&search(&app, "admin", "保全").await), vec![other]);
    assert_eq!(
        ids(&search(&app, "admin", "财产保全 裁定").await),
        vec![other]
    );
    assert_eq!(search(&app, "admin", "财产保全 法拍房").await["total"], 0);

    // Replies and notes are searched too, once written.
    app.act_ok("office", other, "screen", json!({"valid": true, "type": "urging", "area": "enforcement", "complexity": "simple", "urgency": "normal", "note": "已调取卷宗核实保全情况"})).await;
    app.act_ok("office", other, "dispatch", app.route_to_handler())
        .await;
    app.act_ok("handler", other, "accept", json!({})).await;
    app.act_ok(
        "handler",
        other,
        "reply",
        json!({"text": "保全裁定已于本周作出，请留意不动产登记中心的查封通知。"}),
    )
    .await;
    let by_reply = search(&app, "admin", "不动产登记").await;
    assert_eq!(ids(&by_reply), vec![other]);
    assert_eq!(by_reply["items"][0]["field"], "reply");
    assert!(
        by_reply["items"][0]["highlighted"]
            .as_str()
            .unwrap()
            .contains("<mark>不动产登记</mark>"),
        "overlapping words are marked as one: {by_reply}"
    );
    assert_eq!(ids(&search(&app, "admin", "卷宗").await), vec![other]);

    // Bad queries are refused with a stable code.
    for q in ["", "，。！"] {
        let (status, body) = app
            .get("admin", &format!("/api/v1/search?q={}", urlencode(q)))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{q}: {body}");
        assert_eq!(body["error"]["code"], "empty_query");
    }
}

async fn search_keeps_to_the_readers_scope(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mine = app.dispatched_order().await;
    let basic = app
        .register(
            "b_agent",
            appeal("执行款一直没有到账，承办法官电话打不通。"),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    app.act_ok(
        "b_office",
        basic,
        "screen",
        json!({"valid": true, "type": "urging", "complexity": "simple"}),
    )
    .await;
    let route = json!({"court_id": app.org.basic_court, "department_id": app.org.basic_civil, "handler_id": app.org.user("b_handler")});
    app.act_ok("b_office", basic, "dispatch", route).await;

    // Both orders speak of 执行款; each handler finds only their own.
    assert_eq!(ids(&search(&app, "handler", "执行款").await), vec![mine]);
    assert_eq!(ids(&search(&app, "b_handler", "执行款").await), vec![basic]);
    assert_eq!(search(&app, "handler2", "执行款").await["total"], 0);
    assert_eq!(ids(&search(&app, "b_office", "执行款").await), vec![basic]);
    let all = search(&app, "office", "执行款").await;
    assert_eq!(
        all["total"], 2,
        "the city's service office sees both: {all}"
    );
    let (status, _) = app
        .send(None, reqwest::Method::GET, "/api/v1/search?q=执行款", None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// The index keeps each order's court, department and handler, and the search filters on them
/// inside the index: `total` (counted there, before any page is read) follows the order as it
/// is reassigned, returned and dispatched again.
async fn search_scope_follows_the_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    let found = |user: &'static str| {
        let app = &app;
        async move {
            let result = search(app, user, "执行款").await;
            assert_eq!(
                result["total"].as_i64().unwrap() as usize,
                ids(&result).len()
            );
            ids(&result)
        }
    };
    assert_eq!(found("handler").await, vec![id]);
    assert_eq!(found("handler2").await, Vec::<i64>::new());

    app.act_ok(
        "office",
        id,
        "reassign",
        json!({"handler_id": app.org.user("handler2")}),
    )
    .await;
    assert_eq!(
        found("handler").await,
        Vec::<i64>::new(),
        "after the reassignment"
    );
    assert_eq!(found("handler2").await, vec![id]);

    app.act_ok(
        "handler2",
        id,
        "return",
        json!({"reason": "该案属于民事审判庭承办"}),
    )
    .await;
    assert_eq!(
        found("handler2").await,
        Vec::<i64>::new(),
        "after the return"
    );
    assert_eq!(found("civil_head").await, Vec::<i64>::new());

    let civil = json!({"court_id": app.org.city_court, "department_id": app.org.civil, "handler_id": app.org.user("civil_handler")});
    app.act_ok("office", id, "dispatch", civil).await;
    assert_eq!(found("civil_handler").await, vec![id]);
    assert_eq!(found("civil_head").await, vec![id], "the department's head");
    assert_eq!(found("handler2").await, Vec::<i64>::new());
    assert_eq!(found("office").await, vec![id]);
}

/// 执行款 is searched as its parts 执行 + 行款 (a long word may be cut differently inside a
/// text); texts containing the phrase itself rank before texts with the parts apart, however
/// often those repeat them.
async fn the_exact_phrase_ranks_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let register = |content: &'static str| {
        let app = &app;
        async move {
            app.register("agent", appeal(content)).await["id"]
                .as_i64()
                .unwrap()
        }
    };
    let apart = register("执行局说行款已经发放，执行局又说行款还要审批，执行到底怎么回事。").await;
    let phrase = register("执行款一直没有到账。").await;
    let phrase_too = register("我的案件已经结案了，请问执行款什么时候能够发放到我的账户。").await;
    let found = search(&app, "admin", "执行款").await;
    assert_eq!(found["total"], 3, "{found}");
    assert_eq!(ids(&found), vec![phrase, phrase_too, apart]);
}

async fn the_order_list_filters_by_words(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let auction = app.register("agent", appeal("法拍房过户办不下来。")).await["id"]
        .as_i64()
        .unwrap();
    app.register("agent", appeal("诉讼费退费迟迟没有办理。"))
        .await;
    let (status, list) = app
        .get("admin", &format!("/api/v1/orders?q={}", urlencode("过户")))
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], auction);
    let (_, list) = app
        .get(
            "admin",
            &format!("/api/v1/orders?q={}&status=closed", urlencode("过户")),
        )
        .await;
    assert_eq!(list["total"], 0, "combined with other filters");
    let (_, list) = app
        .get(
            "handler",
            &format!("/api/v1/orders?q={}", urlencode("过户")),
        )
        .await;
    assert_eq!(list["total"], 0, "and with the scope");
    let (status, body) = app.get("admin", "/api/v1/orders?q=%EF%BC%8C").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}
