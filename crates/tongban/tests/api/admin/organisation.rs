//! 组织机构 courts and departments, on the pages and over `PATCH /api/v1/departments/{id}`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::department;
use crate::browser::{Browser, select};
use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    admin_withdraws_renames_and_restores_a_department,
    admin_adds_a_court_and_a_department,
    departments_change_over_the_api,
);

async fn admin_withdraws_renames_and_restores_a_department(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let page = admin.get("/admin/organisation").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("深圳市中级人民法院") && page.html.contains("深圳市福田区人民法院"));
    assert!(
        page.html.contains("<td>民事审判第一庭</td>") && page.html.contains("<td>民事审判庭</td>")
    );
    assert!(
        page.html.contains("<td>执行局</td>"),
        "kinds shown with labels"
    );

    let civil = app.org.civil;
    let action = format!("/admin/organisation/departments/{civil}");
    let withdrawn = admin
        .submit("/admin/organisation", &action, &[("active", "false")])
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::SEE_OTHER,
        "{}",
        withdrawn.html
    );
    assert_eq!(withdrawn.location, "/admin/organisation?done=withdrawn");
    let shown = admin.get(&withdrawn.location).await;
    assert!(shown.html.contains("部门已撤销，今后不再向其转办工单"));
    assert!(shown.html.contains("恢复民事审判第一庭"));
    assert_eq!(department(&app, civil).await["active"], false);
    let users = admin.get("/admin/users").await;
    assert!(
        !select(&users.html, "department_id").contains("民事审判第一庭"),
        "a withdrawn department is not offered to new staff"
    );

    let renamed = admin
        .submit("/admin/organisation", &action, &[("name", "家事审判庭")])
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.html);
    assert_eq!(renamed.location, "/admin/organisation?done=renamed");
    let renamed_department = department(&app, civil).await;
    assert_eq!(renamed_department["name"], "家事审判庭");
    assert_eq!(
        renamed_department["active"], false,
        "renaming keeps it withdrawn"
    );

    let blank = admin
        .submit("/admin/organisation", &action, &[("name", "  ")])
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.html.contains("缺少必填项：名称"), "{}", blank.html);
    assert!(blank.html.contains(r#"<details class="action" open>"#));
    assert_eq!(department(&app, civil).await["name"], "家事审判庭");

    let restored = admin
        .submit("/admin/organisation", &action, &[("active", "true")])
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER);
    assert_eq!(restored.location, "/admin/organisation?done=restored");
    assert_eq!(department(&app, civil).await["active"], true);
    assert!(
        admin
            .get(&restored.location)
            .await
            .html
            .contains("部门已恢复")
    );

    let unknown = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/departments/999999",
            &[("active", "false")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.html.contains("部门不存在"));
    app.stop().await;
}

async fn admin_adds_a_court_and_a_department(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let city = app.org.city_court.to_string();
    let court_form = [
        ("code", "粤0305"),
        ("name", "深圳市南山区人民法院"),
        ("level", "basic"),
        ("parent_id", city.as_str()),
    ];
    let added = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/courts",
            &court_form,
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    assert_eq!(added.location, "/admin/organisation?done=court");
    assert!(admin.get(&added.location).await.html.contains("法院已添加"));
    let (_, courts) = app.get("admin", "/api/v1/courts").await;
    let nanshan = courts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "粤0305")
        .cloned()
        .expect("the new court is listed");
    assert_eq!(nanshan["name"], "深圳市南山区人民法院");
    assert_eq!(nanshan["level"], "basic");
    assert_eq!(nanshan["parent_id"], app.org.city_court);

    let twice = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/courts",
            &[
                ("code", "粤0305"),
                ("name", "重复的法院"),
                ("level", "basic"),
            ],
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.html.contains("法院代字已存在"));
    assert!(twice.html.contains(r#"value="重复的法院""#));

    let nanshan_id = nanshan["id"].as_i64().unwrap().to_string();
    let department_form = [
        ("court_id", nanshan_id.as_str()),
        ("name", "立案庭"),
        ("kind", "filing"),
    ];
    let added = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/departments",
            &department_form,
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    assert_eq!(added.location, "/admin/organisation?done=department");
    let (_, departments) = app
        .get(
            "admin",
            &format!("/api/v1/departments?court_id={nanshan_id}"),
        )
        .await;
    assert_eq!(departments.as_array().unwrap().len(), 1);
    assert_eq!(departments[0]["name"], "立案庭");
    assert_eq!(departments[0]["kind"], "filing");
    assert_eq!(departments[0]["active"], true);

    let twice = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/departments",
            &department_form,
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.html.contains("该法院已有同名部门"));
    let kindless = admin
        .submit(
            "/admin/organisation",
            "/admin/organisation/departments",
            &[
                ("court_id", nanshan_id.as_str()),
                ("name", "执行局"),
                ("kind", ""),
            ],
        )
        .await;
    assert_eq!(kindless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(kindless.html.contains("请选择部门类别"));
    assert!(kindless.html.contains(r#"value="执行局""#));
    let (_, departments) = app
        .get(
            "admin",
            &format!("/api/v1/departments?court_id={nanshan_id}"),
        )
        .await;
    assert_eq!(
        departments.as_array().unwrap().len(),
        1,
        "refusals add nothing"
    );
    app.stop().await;
}

async fn patch(app: &TestApp, user: &str, path: &str, body: Value) -> (StatusCode, Value) {
    app.send(Some(user), reqwest::Method::PATCH, path, Some(body))
        .await
}

async fn departments_change_over_the_api(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let path = format!("/api/v1/departments/{}", app.org.enforcement);
    let (status, body) = patch(&app, "office", &path, json!({"active": false})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "admin_only");
    assert_eq!(department(&app, app.org.enforcement).await["active"], true);

    let (status, body) = patch(&app, "admin", &path, json!({"active": false})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["active"], false);
    assert_eq!(body["name"], "执行局");
    let (status, body) = patch(
        &app,
        "admin",
        &path,
        json!({"name": "执行局（一）", "active": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["name"].as_str(), body["active"].as_bool()),
        (Some("执行局（一）"), Some(true))
    );
    let (status, body) = patch(&app, "admin", &path, json!({"name": " "})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "name");
    let (status, body) = patch(
        &app,
        "admin",
        "/api/v1/departments/999999",
        json!({"active": false}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "department_not_found");

    let (status, document) = app
        .send(None, reqwest::Method::GET, "/api/openapi.json", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let operation = &document["paths"]["/api/v1/departments/{id}"]["patch"];
    assert_eq!(operation["tags"], json!(["organisation"]));
    assert!(operation["responses"]["200"].is_object() && operation["requestBody"].is_object());
    app.stop().await;
}
