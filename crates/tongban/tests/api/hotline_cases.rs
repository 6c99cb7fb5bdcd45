//! The case directory: imports are checked row by row and all or nothing.

use reqwest::StatusCode;
use serde_json::json;

use crate::hotline_support::{civil_case, import_cases};
use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    a_csv_with_one_bad_row_imports_nothing,
    json_imports_replace_cases_by_number
);

const HEADER: &str = "案号,法院代字,承办部门,承办法官,法官账号,当事人,审理阶段,下次开庭,关键日期\n";

async fn import_csv(app: &TestApp, user: &str, csv: &str) -> (StatusCode, serde_json::Value) {
    let response = app
        .client
        .post(app.url("/api/v1/cases/import"))
        .bearer_auth(app.token(user).await)
        .header("content-type", "text/csv; charset=utf-8")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn a_csv_with_one_bad_row_imports_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let good1 = "(2026)粤03民初1号,粤03,民事审判第一庭,李法官,civil_handler,张三:13812345678;李四,审理中,2026-12-10 09:30,立案:2026-03-02\n";
    let good2 = "(2026)粤0304民初2号,粤0304,民事审判庭,赵法官,,王五:13900001111,已立案,,\n";
    let bad = "(2026)粤03执3号,粤99,执行局,,,钱六:12345,执行中,明天,\n";
    let csv = format!("{HEADER}{good1}{bad}{good2}");
    let (status, refused) = import_csv(&app, "admin", &csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["code"], "import_refused");
    let report = &refused["report"];
    assert_eq!(report["rows"], 3);
    assert_eq!(report["imported"], 0);
    let faults = report["faults"].as_array().unwrap();
    assert!(faults.iter().all(|f| f["row"] == 2), "{faults:?}");
    let fields: Vec<&str> = faults.iter().filter_map(|f| f["field"].as_str()).collect();
    assert!(
        fields.contains(&"parties.phone") && fields.contains(&"next_hearing"),
        "{fields:?}"
    );
    let (_, listed) = app.get("agent", "/api/v1/cases").await;
    assert_eq!(listed["total"], 0, "nothing half-imported");

    // An unknown court is named too.
    let csv = format!("{HEADER}{good1}(2026)粤03执3号,粤99,,,,钱六:13700000000,执行中,,\n");
    let (status, refused) = import_csv(&app, "admin", &csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["report"]["faults"][0]["code"], "unknown_court");

    let (status, report) = import_csv(&app, "admin", &format!("{HEADER}{good1}{good2}")).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["imported"], 2);
    let (status, case) = app
        .get(
            "agent",
            "/api/v1/cases/%282026%29%E7%B2%A403%E6%B0%91%E5%88%9D1%E5%8F%B7",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["judge_id"], app.org.user("civil_handler"));
    assert_eq!(case["department_id"], app.org.civil);
    assert_eq!(case["parties"].as_array().unwrap().len(), 2);
    assert_eq!(case["key_dates"]["立案"], "2026-03-02");
    assert_eq!(case["next_hearing"], "2026-12-10T01:30:00Z");

    let (status, _) = import_csv(&app, "agent", &format!("{HEADER}{good1}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, e) = import_csv(&app, "admin", "案号,当事人\n(2026)粤03民初1号,张三\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["code"], "invalid_csv");
    app.stop().await;
}

async fn json_imports_replace_cases_by_number(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, report) = import_cases(&app, json!([civil_case()])).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let mut moved = civil_case();
    moved["stage"] = json!("已判决");
    moved["parties"] = json!([{"name": "张三", "phone": "13812345678"}]);
    let (status, _) = import_cases(&app, json!([moved.clone(), moved])).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a number twice in one import"
    );
    let mut moved = civil_case();
    moved["stage"] = json!("已判决");
    let (status, _) = import_cases(&app, json!([moved])).await;
    assert_eq!(status, StatusCode::OK);
    let (_, listed) = app.get("agent", "/api/v1/cases").await;
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["stage"], "已判决");
    assert_eq!(listed["items"][0]["parties"].as_array().unwrap().len(), 2);
    let (status, _) = app
        .get(
            "agent",
            "/api/v1/cases/%282026%29%E7%B2%A403%E6%B0%91%E5%88%9D9%E5%8F%B7",
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.stop().await;
}
