//! The text-intelligence pages: search, the list's word filter, suggestions beside
//! registration and screening, common problems.

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::on_both_databases;
use crate::pages::browser;
use crate::support::{Backend, TestApp};

on_both_databases!(pages_search_suggest_and_group);

async fn html(client: &Client, app: &TestApp, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}

async fn pages_search_suggest_and_group(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut body = TestApp::appeal();
    body["content"] = json!("法拍房过户手续办不下来，请法院出具协助执行通知书。");
    let auction = app.register("agent", body).await;
    let number = auction["number"].as_str().unwrap();
    let other = app.register("agent", TestApp::appeal()).await;
    let other_number = other["number"].as_str().unwrap();

    let (office, _) = browser(&app, "office").await;
    let page = html(&office, &app, "/search?q=%E6%B3%95%E6%8B%8D%E6%88%BF").await;
    assert!(page.contains("<mark>法拍房</mark>"), "{page}");
    assert!(page.contains(number) && !page.contains(other_number));
    let list = html(&office, &app, "/orders?q=%E8%BF%87%E6%88%B7").await;
    assert!(
        list.contains(number) && !list.contains(other_number),
        "{list}"
    );
    assert!(
        list.contains("name=\"q\" value=\"过户\""),
        "the form keeps the words"
    );

    // Beside registration: the same caller's earlier orders are flagged as possible repeats.
    let fragment = html(
        &office,
        &app,
        "/orders/new/triage?content=%E5%86%8D%E9%97%AE%E4%B8%80%E4%B8%8B&phone=13812345678",
    )
    .await;
    assert!(fragment.contains("可能的重复件"), "{fragment}");
    assert!(
        fragment.contains(number) && fragment.contains("同一来电号码"),
        "{fragment}"
    );
    let id = other["id"].as_i64().unwrap();
    let screening = html(&office, &app, &format!("/orders/{id}")).await;
    assert!(screening.contains(&format!("hx-get=\"/orders/{id}/triage\"")));
    let fragment = html(&office, &app, &format!("/orders/{id}/triage")).await;
    assert!(fragment.contains(number), "{fragment}");

    let topics = html(&office, &app, "/topics").await;
    assert!(topics.contains("共性问题"));

    let (handler, _) = browser(&app, "handler").await;
    let page = html(&handler, &app, "/search?q=%E6%B3%95%E6%8B%8D%E6%88%BF").await;
    assert!(
        !page.contains(number),
        "a handler does not find others' orders"
    );
}
