//! 人员管理 staff: create, refuse with what was typed, reset a password, edit, disable, enable.

use reqwest::StatusCode;
use serde_json::json;

use super::{can_log_in, user};
use crate::browser::{Browser, select, tag};
use crate::on_both_databases;
use crate::support::{Backend, PASSWORD, TestApp};

on_both_databases!(
    admin_creates_a_user_who_can_log_in,
    refused_user_forms_keep_what_was_typed,
    admin_resets_a_password,
    admin_edits_disables_and_enables_a_user,
);

async fn admin_creates_a_user_who_can_log_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let list = admin.get("/admin/users").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.html.contains("<h1>人员管理</h1>"));
    assert!(list.html.contains(">handler2</a>") && list.html.contains("测试handler2"));
    assert!(
        list.html.contains(r#"value="department_head""#) && list.html.contains("部门负责人"),
        "roles are offered with their Chinese labels"
    );
    let (city, enforcement) = (
        app.org.city_court.to_string(),
        app.org.enforcement.to_string(),
    );
    let created = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &[
                ("username", "li_clerk"),
                ("display_name", "李书记员"),
                ("password", "Clerk2026pw"),
                ("roles", "agent"),
                ("roles", "handler"),
                ("court_id", &city),
                ("department_id", &enforcement),
                ("title", "书记员"),
                ("phone", "0755-12368"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    assert_eq!(created.location, "/admin/users?done=created");
    let shown = admin.get(&created.location).await;
    assert!(shown.html.contains("用户已创建，可使用初始密码登录"));
    assert!(shown.html.contains(">li_clerk</a>") && shown.html.contains("李书记员"));

    let clerk = user(&app, "li_clerk")
        .await
        .expect("the new user is listed");
    let mut roles: Vec<&str> = clerk["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    roles.sort();
    assert_eq!(roles, ["agent", "handler"]);
    assert_eq!(clerk["display_name"], "李书记员");
    assert_eq!(clerk["court_id"], app.org.city_court);
    assert_eq!(clerk["department_id"], app.org.enforcement);
    assert_eq!(clerk["title"], "书记员");
    assert_eq!(clerk["active"], true);

    let (browser, login) = Browser::login(&app, "li_clerk", "Clerk2026pw").await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.html);
    let home = browser.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.html.contains("li_clerk"));
    assert!(
        !home.html.contains(r#"href="/admin/users""#),
        "only administrators see the administration links"
    );
    assert!(admin.get("/").await.html.contains(r#"href="/admin/users""#));

    let basic_handlers = admin
        .get(&format!(
            "/admin/users?court_id={}&role=handler",
            app.org.basic_court
        ))
        .await;
    assert_eq!(basic_handlers.status, StatusCode::OK);
    assert!(basic_handlers.html.contains(">b_handler</a>"));
    for elsewhere in ["li_clerk", "handler2", "b_agent", "b_head"] {
        assert!(
            !basic_handlers.html.contains(&format!(">{elsewhere}</a>")),
            "{elsewhere} is filtered out"
        );
    }
    let agents = admin.get("/admin/users?role=agent").await;
    assert!(agents.html.contains(">li_clerk</a>") && agents.html.contains(">b_agent</a>"));
    assert!(!agents.html.contains(">handler2</a>"));
    app.stop().await;
}

async fn refused_user_forms_keep_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let (city, enforcement) = (
        app.org.city_court.to_string(),
        app.org.enforcement.to_string(),
    );
    let (_, before) = app.get("admin", "/api/v1/users").await;
    let form = |username: &'static str, name: &'static str, password: &'static str| {
        vec![
            ("username", username),
            ("display_name", name),
            ("password", password),
            ("roles", "handler"),
            ("court_id", city.as_str()),
            ("department_id", enforcement.as_str()),
        ]
    };

    let taken = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &form("handler2", "王五", "Strong2026pw"),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert!(taken.html.contains("用户名已被使用"));
    assert!(
        taken.html.contains(r#"value="handler" checked"#),
        "the ticked role stays ticked"
    );
    assert!(
        select(&taken.html, "department_id")
            .contains(&format!(r#"<option value="{enforcement}" selected>"#)),
        "the chosen department stays chosen"
    );
    assert!(tag(&taken.html, "display_name").contains(r#"value="王五""#));
    assert!(
        !taken.html.contains("Strong2026pw"),
        "a password is never sent back"
    );

    let weak = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &form("wang_wu", "王五", "123"),
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.html.contains("密码至少8位，且须同时包含字母和数字"));
    assert!(weak.html.contains(r#"value="wang_wu""#));

    let nameless = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &form("wang_wu", " ", "Strong2026pw"),
        )
        .await;
    assert_eq!(nameless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        nameless.html.contains("缺少必填项：姓名"),
        "{}",
        nameless.html
    );
    assert!(
        tag(&nameless.html, "display_name").contains(r#"aria-invalid="true""#),
        "the refused field is marked"
    );
    assert!(!tag(&nameless.html, "username").contains("aria-invalid"));

    let homeless = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &[
                ("username", "wang_wu"),
                ("display_name", "王五"),
                ("password", "Strong2026pw"),
                ("roles", "handler"),
                ("court_id", &city),
                ("department_id", ""),
            ],
        )
        .await;
    assert_eq!(homeless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(homeless.html.contains("承办人和部门负责人须属于一个部门"));

    let (_, after) = app.get("admin", "/api/v1/users").await;
    assert_eq!(before, after, "a refused form creates nobody");
    app.stop().await;
}

async fn admin_resets_a_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let handler2 = Browser::signed_in(&app, "handler2").await;
    assert_eq!(handler2.get("/").await.status, StatusCode::OK);
    let page = format!("/admin/users/{}", app.org.user("handler2"));
    let action = format!("{page}/password");
    let shown = admin.get(&page).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown.html.contains("编辑用户 handler2（测试handler2）") && shown.html.contains("重置密码")
    );

    let differ = admin
        .submit(
            &page,
            &action,
            &[("password", "Reset2026pw"), ("confirm", "Reset2026px")],
        )
        .await;
    assert_eq!(differ.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(differ.html.contains("两次输入的新密码不一致"));
    let weak = admin
        .submit(
            &page,
            &action,
            &[("password", "short1"), ("confirm", "short1")],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.html.contains("密码至少8位"));
    assert!(
        can_log_in(&app, "handler2", PASSWORD).await,
        "refusals change nothing"
    );

    let reset = admin
        .submit(
            &page,
            &action,
            &[("password", "Reset2026pw"), ("confirm", "Reset2026pw")],
        )
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.html);
    assert_eq!(reset.location, format!("{page}?done=password"));
    assert!(
        admin
            .get(&reset.location)
            .await
            .html
            .contains("密码已重置，该用户须使用新密码重新登录")
    );

    let ended = handler2.get("/").await;
    assert_eq!(
        ended.status,
        StatusCode::SEE_OTHER,
        "the old session has ended"
    );
    assert!(ended.location.starts_with("/login"));
    assert!(!can_log_in(&app, "handler2", PASSWORD).await);
    assert!(can_log_in(&app, "handler2", "Reset2026pw").await);
    app.stop().await;
}

/// The edit form of a head who also handles, placed in `court` and `department`.
fn edit_form<'a>(name: &'a str, court: &'a str, department: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("display_name", name),
        ("roles", "handler"),
        ("roles", "department_head"),
        ("court_id", court),
        ("department_id", department),
        ("title", "法官助理"),
        ("phone", ""),
    ]
}

async fn admin_edits_disables_and_enables_a_user(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = Browser::signed_in(&app, "admin").await;
    let id = app.org.user("handler2");
    let page = format!("/admin/users/{id}");
    let (city, basic, civil) = (
        app.org.city_court.to_string(),
        app.org.basic_court.to_string(),
        app.org.civil.to_string(),
    );
    let saved = admin
        .submit(&page, &page, &edit_form("王承办", &city, &civil))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert_eq!(saved.location, format!("{page}?done=saved"));
    assert!(admin.get(&saved.location).await.html.contains("修改已保存"));
    let changed = user(&app, "handler2").await.unwrap();
    assert_eq!(changed["display_name"], "王承办");
    assert_eq!(changed["department_id"], app.org.civil);
    assert_eq!(changed["title"], "法官助理");
    let roles = changed["roles"].as_array().unwrap();
    assert!(
        roles.contains(&json!("handler"))
            && roles.contains(&json!("department_head"))
            && roles.len() == 2
    );

    let misplaced = admin
        .submit(&page, &page, &edit_form("李四", &basic, &civil))
        .await;
    assert_eq!(misplaced.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(misplaced.html.contains("部门不存在或不属于该法院"));
    assert!(
        misplaced.html.contains(r#"value="李四""#),
        "the typed name stays"
    );
    assert_eq!(
        user(&app, "handler2").await.unwrap()["court_id"],
        app.org.city_court
    );

    let active = format!("{page}/active");
    let disabled = admin.submit(&page, &active, &[("active", "false")]).await;
    assert_eq!(disabled.status, StatusCode::SEE_OTHER, "{}", disabled.html);
    assert_eq!(disabled.location, format!("{page}?done=disabled"));
    let shown = admin.get(&disabled.location).await;
    assert!(shown.html.contains("账号已停用") && shown.html.contains("重新启用"));
    assert_eq!(user(&app, "handler2").await.unwrap()["active"], false);
    let (_, refused) = Browser::login(&app, "handler2", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(refused.html.contains("该账号已停用，请联系管理员"));
    let listed = admin.get("/admin/users").await;
    assert!(listed.html.contains("已停用"));

    let enabled = admin.submit(&page, &active, &[("active", "true")]).await;
    assert_eq!(enabled.location, format!("{page}?done=enabled"));
    assert!(can_log_in(&app, "handler2", PASSWORD).await);

    let own = format!("/admin/users/{}", app.org.user("admin"));
    assert!(
        admin
            .get(&own)
            .await
            .html
            .contains("这是您自己的账号，不能停用")
    );
    let self_disable = admin
        .submit(&own, &format!("{own}/active"), &[("active", "false")])
        .await;
    assert_eq!(self_disable.status, StatusCode::CONFLICT);
    assert!(self_disable.html.contains("不能停用自己的账号"));
    assert_eq!(user(&app, "admin").await.unwrap()["active"], true);
    app.stop().await;
}
