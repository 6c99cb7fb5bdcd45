//! The hotline's pages: the callback queue with its outcome form, the daily figures, the
//! knowledge base's list, form and publishing, and the registration page's screen pop and
//! knowledge suggestions.

use reqwest::StatusCode;
use serde_json::json;

use crate::browser::{page_text, post_form};
use crate::hotline_knowledge::urlencode;
use crate::hotline_support::{
    MONDAY_10AM, call_ok, civil_case, import_cases, import_demo_knowledge, set_clock,
};
use crate::on_both_databases;
use crate::pages::browser;
use crate::support::{Backend, TestApp};

on_both_databases!(hotline_pages_work_without_javascript);

async fn hotline_pages_work_without_javascript(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    set_clock(&app, MONDAY_10AM).await;
    import_demo_knowledge(&app).await;
    import_cases(&app, json!([civil_case()])).await;
    call_ok(&app, "c-1", "13812345678", "offered", 0).await;
    call_ok(&app, "c-1", "13812345678", "abandoned", 1).await;
    call_ok(&app, "c-2", "13812345678", "offered", 5).await;
    call_ok(&app, "c-2", "13812345678", "abandoned", 6).await;

    let (agent, csrf) = browser(&app, "agent").await;
    let get = |path: String| {
        let (agent, url) = (agent.clone(), app.url(&path));
        async move {
            let r = agent.get(url).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, queue) = get("/hotline/callbacks".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        queue.contains("13812345678") && queue.contains("共 1 条"),
        "{queue}"
    );
    let (_, open) = app.get("agent", "/api/v1/callbacks?status=open").await;
    let id = open["items"][0]["id"].as_i64().unwrap();
    let done = post_form(
        &agent,
        app.url(&format!("/hotline/callbacks/{id}")),
        &[
            ("_csrf", csrf.as_str()),
            ("outcome", "reached"),
            ("note", "已答复"),
        ],
    )
    .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let (_, open) = app.get("agent", "/api/v1/callbacks?status=open").await;
    assert_eq!(open["total"], 0);
    let refused = post_form(
        &agent,
        app.url(&format!("/hotline/callbacks/{id}")),
        &[("outcome", "reached")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "no CSRF field");

    let (status, stats) = get("/hotline/stats?from=2026-11-01&to=2026-11-02".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        stats.contains("2026-11-02") && stats.contains("合计"),
        "{stats}"
    );

    let (status, pop) = get("/orders/new/history?phone=13812345678".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        pop.contains("重复来电") && pop.contains("(2026)粤03民初88号"),
        "{pop}"
    );
    let q = urlencode("我想起诉别人需要什么条件");
    let (_, suggested) = get(format!("/orders/new/suggest?content={q}")).await;
    assert!(suggested.contains("立案"), "{suggested}");

    let (status, list) = get("/knowledge".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("已发布"));
    let (_, found) = get(format!("/knowledge?q={}", urlencode("法拍房税费"))).await;
    assert!(found.contains("置信度"), "{found}");

    let (office, office_csrf) = browser(&app, "office").await;
    let created = post_form(
        &office,
        app.url("/knowledge/new"),
        &[
            ("_csrf", office_csrf.as_str()),
            ("category", "诉讼服务"),
            ("question", "12368热线的服务时间是什么时候？"),
            ("alternatives", "热线几点上班\n周末能打12368吗"),
            (
                "answer",
                "工作日 9:00-12:00、14:00-18:00 人工服务，其余时间智能语音服务。",
            ),
            ("owner", "群众诉求服务处"),
            ("status", "draft"),
            ("version", "0"),
        ],
    )
    .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let entry_id: i64 = location
        .trim_start_matches("/knowledge/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let published = post_form(
        &office,
        app.url(&format!("/knowledge/{entry_id}/status")),
        &[("_csrf", office_csrf.as_str()), ("status", "published")],
    )
    .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let page = page_text(&office, app.url(&location)).await;
    assert!(page.contains("已发布") && page.contains("停用"), "{page}");
    let bad = post_form(
        &office,
        app.url("/knowledge/new"),
        &[
            ("_csrf", office_csrf.as_str()),
            ("category", "x"),
            ("question", ""),
            ("answer", "y"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}
