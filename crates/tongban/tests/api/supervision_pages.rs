//! The supervision board in the staff UI: a tab per level, a supervision's page with its
//! notes, urging and concluding through forms, raising a level by hand.

use reqwest::StatusCode;

use crate::browser::{page_text, post_form};
use crate::on_both_databases;
use crate::pages::browser;
use crate::supervision::{instant, set_clock, supervisions};
use crate::support::{Backend, TestApp};

on_both_databases!(the_board_shows_each_level_and_its_forms_work);

async fn the_board_shows_each_level_and_its_forms_work(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    let order = app.order("office", id).await;
    set_clock(&app, instant(&order["deadlines"]["accept_by"])).await;
    let sid = supervisions(&app, "office", &format!("order_id={id}")).await["items"][0]["id"]
        .as_i64()
        .unwrap();

    let (office, csrf) = browser(&app, "office").await;
    let board = office
        .get(app.url("/supervisions?level=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(board.status(), StatusCode::OK);
    let board = board.text().await.unwrap();
    assert!(board.contains("督办看板") && board.contains("一级督办") && board.contains("三级督办"));
    assert!(
        board.contains(order["number"].as_str().unwrap()),
        "the late order is on the level-1 tab"
    );
    assert!(board.contains("受理超期"));
    let level2 = page_text(&office, app.url("/supervisions?level=2")).await;
    assert!(!level2.contains(order["number"].as_str().unwrap()));

    let urged = post_form(
        &office,
        app.url(&format!("/supervisions/{sid}/act/urge")),
        &[("_csrf", csrf.as_str()), ("text", "请今日受理")],
    )
    .await;
    assert_eq!(urged.status(), StatusCode::SEE_OTHER);
    let refused = post_form(
        &office,
        app.url(&format!("/supervisions/{sid}/act/conclude")),
        &[("_csrf", csrf.as_str()), ("text", "结论")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("请选择办结或继续督办")
    );
    let page = page_text(&office, app.url(&format!("/supervisions/{sid}"))).await;
    assert!(page.contains("请今日受理") && page.contains("催办"));

    let (handler, handler_csrf) = browser(&app, "handler").await;
    let urge = post_form(
        &handler,
        app.url(&format!("/supervisions/{sid}/act/urge")),
        &[("_csrf", handler_csrf.as_str()), ("text", "x")],
    )
    .await;
    assert_eq!(urge.status(), StatusCode::FORBIDDEN);
    let no_csrf = post_form(
        &handler,
        app.url(&format!("/supervisions/{sid}/act/respond")),
        &[("text", "已受理")],
    )
    .await;
    assert!(no_csrf.status().is_client_error());
    assert_eq!(
        supervisions(&app, "office", &format!("order_id={id}")).await["items"][0]["status"],
        "open",
        "a form without the CSRF field changes nothing"
    );

    let (inspector, inspector_csrf) = browser(&app, "inspector").await;
    let raised = post_form(
        &inspector,
        app.url(&format!("/orders/{id}/supervise")),
        &[
            ("_csrf", inspector_csrf.as_str()),
            ("level", "3"),
            ("reason", "媒体关注"),
        ],
    )
    .await;
    assert_eq!(raised.status(), StatusCode::SEE_OTHER);
    let detail = page_text(&inspector, app.url(&format!("/orders/{id}"))).await;
    assert!(detail.contains("3级督办"));
    app.stop().await;
}
