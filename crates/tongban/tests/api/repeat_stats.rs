//! 重复件统计 the count of repeated appeals per period, by the strongest reason, in the
//! reader's scope.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::pages::browser;
use crate::support::{Backend, TestApp};

on_both_databases!(repeats_are_counted_per_day_by_reason);

fn appeal(content: &str, phone: &str, id_number: Option<&str>, case: Option<&str>) -> Value {
    let mut body = json!({
        "channel": "hotline",
        "appellant": {"name": "钱七", "phone": phone},
        "content": content,
        "urgency": "normal"
    });
    if let Some(id) = id_number {
        body["appellant"]["id_number"] = json!(id);
    }
    if let Some(case) = case {
        body["case_number"] = json!(case);
    }
    body
}

async fn repeats_are_counted_per_day_by_reason(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, _) = app
        .send(
            None,
            reqwest::Method::POST,
            "/api/v1/test/clock",
            Some(json!({"now": "2027-01-05T10:00:00+08:00"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let id = "11010519491231002X";
    let case = "(2026)粤03执1234号";
    let register = |body: Value| {
        let app = &app;
        async move { app.register("agent", body).await["id"].as_i64().unwrap() }
    };
    // Tuesday: eight orders, four of them repeats, one for each reason.
    let first = register(appeal(
        "执行款一直没有到账。",
        "13800000001",
        Some(id),
        None,
    ))
    .await;
    register(appeal("诉讼费退费的问题。", "13800000002", Some(id), None)).await;
    register(appeal("立案窗口排队太久。", "13800000001", None, None)).await;
    register(appeal(
        "判决书什么时候送达？",
        "13800000003",
        None,
        Some(case),
    ))
    .await;
    register(appeal(
        "申请调取卷宗材料。",
        "13800000004",
        None,
        Some(case),
    ))
    .await;
    let flat = "我买的法拍房原住户拒不腾退，已经三个月了，请法院尽快强制腾退交付房屋。";
    register(appeal(flat, "13800000005", None, None)).await;
    let again = "我买的法拍房原住户拒不腾退，已经三个月了，请法院尽快强制腾退交付房屋！！";
    register(appeal(again, "13800000006", None, None)).await;
    register(appeal("咨询诉前调解的流程。", "13800000007", None, None)).await;
    // Wednesday: the first caller again, linked to the first order at screening.
    app.advance(86_400).await;
    let linked = register(appeal("执行款还是没有到账。", "13800000001", None, None)).await;
    app.act_ok("office", linked, "link", json!({"target_id": first}))
        .await;

    let (status, stats) = app
        .get(
            "office",
            "/api/v1/stats/repeats?from=2027-01-05&to=2027-01-06&by=day",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    let tuesday = json!({"start": "2027-01-05", "orders": 8, "repeats": 4, "same_id_number": 1,
        "same_phone": 1, "same_case_number": 1, "similar_content": 1, "linked": 0});
    let wednesday = json!({"start": "2027-01-06", "orders": 1, "repeats": 1, "same_id_number": 0,
        "same_phone": 1, "same_case_number": 0, "similar_content": 0, "linked": 1});
    assert_eq!(stats["items"], json!([tuesday, wednesday]), "{stats}");
    assert_eq!(stats["total"]["orders"], 9);
    assert_eq!(stats["total"]["repeats"], 5);
    assert_eq!(stats["by"], "day");

    let (_, weekly) = app
        .get(
            "office",
            "/api/v1/stats/repeats?from=2027-01-05&to=2027-01-06&by=week",
        )
        .await;
    assert_eq!(
        weekly["items"][0]["start"], "2027-01-04",
        "weeks start on Monday"
    );
    assert_eq!(weekly["items"][0]["repeats"], 5);

    // A handler holds none of them.
    let (_, mine) = app
        .get(
            "handler",
            "/api/v1/stats/repeats?from=2027-01-05&to=2027-01-06",
        )
        .await;
    assert_eq!(mine["total"]["orders"], 0, "{mine}");
    let (status, error) = app.get("office", "/api/v1/stats/repeats?by=year").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["field"], "by");

    // The topics page shows the counts.
    let (office, _) = browser(&app, "office").await;
    let page = office
        .get(app.url("/topics?from=2027-01-05&to=2027-01-06"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let section = &page[page.find("重复件统计").expect("the repeats section")..];
    assert!(
        section.contains("<td>2027-01-06</td><td>1</td><td>1</td>"),
        "{section}"
    );
}
