//! The court calendar over HTTP and the command line: the shipped years, an administrator's
//! edits, importing a year, and the daily reminder while next year's calendar is missing.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_databases;
use crate::supervision::set_clock;
use crate::support::{Backend, TestApp};

on_both_databases!(
    the_calendar_lists_holidays_and_make_up_days_and_admins_edit_it,
    admins_are_reminded_daily_while_next_year_is_missing
);

fn cst(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00"))
        .unwrap()
        .with_timezone(&Utc)
}

fn kind_of<'a>(days: &'a Value, date: &str) -> Option<&'a str> {
    days.as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == date)
        .and_then(|d| d["kind"].as_str())
}

async fn the_calendar_lists_holidays_and_make_up_days_and_admins_edit_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, days) = app
        .send(None, reqwest::Method::GET, "/api/v1/calendar/2026", None)
        .await;
    assert_eq!(status, StatusCode::OK, "{days}");
    assert_eq!(kind_of(&days, "2026-10-01"), Some("holiday"));
    assert_eq!(kind_of(&days, "2026-02-17"), Some("holiday"), "春节");
    assert!(
        days.as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "workday")
    );
    assert!(
        days.as_array()
            .unwrap()
            .iter()
            .all(|d| d["date"].as_str().unwrap().starts_with("2026-"))
    );
    let (_, empty) = app
        .send(None, reqwest::Method::GET, "/api/v1/calendar/2031", None)
        .await;
    assert_eq!(empty, json!([]));

    let edit = json!({"kind": "holiday", "name": "地方假日"});
    let (status, _) = app
        .send(
            Some("office"),
            reqwest::Method::PUT,
            "/api/v1/calendar/days/2026-12-14",
            Some(edit.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, days) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/calendar/days/2026-12-14",
            Some(edit),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{days}");
    assert_eq!(kind_of(&days, "2026-12-14"), Some("holiday"));
    let (status, body) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/calendar/days/2026-13-01",
            Some(json!({"kind": "holiday"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // Deadlines counted from now on skip the new holiday: Friday 11 December + 1 working day.
    set_clock(&app, cst("2026-12-11T10:00:00")).await;
    let order = app.register("agent", TestApp::appeal()).await;
    assert_eq!(
        DateTime::parse_from_rfc3339(order["deadlines"]["accept_by"].as_str().unwrap()).unwrap(),
        DateTime::parse_from_rfc3339("2026-12-15T18:00:00+08:00").unwrap()
    );
    let (_, days) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/calendar/days/2026-12-14",
            Some(json!({"kind": "normal"})),
        )
        .await;
    assert_eq!(kind_of(&days, "2026-12-14"), None);

    let year = json!([{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}, {"date": "2026-02-01", "kind": "holiday"}]);
    let (status, body) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/calendar/2027",
            Some(year),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("date_outside_year"))
    );
    let (_, days) = app
        .send(None, reqwest::Method::GET, "/api/v1/calendar/2027", None)
        .await;
    assert_eq!(days, json!([]), "a refused import changes nothing");

    let (status, hours) = app.get("admin", "/api/v1/settings/working-hours").await;
    assert_eq!(
        (status, hours["morning"][0].as_str()),
        (StatusCode::OK, Some("08:30:00"))
    );
    let bad = json!({"morning": ["12:00:00", "08:30:00"], "afternoon": ["14:00:00", "18:00:00"]});
    let (status, _) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/settings/working-hours",
            Some(bad),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/settings/warning",
            Some(json!({"share": 1.5})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, share) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/settings/warning",
            Some(json!({"share": 0.5})),
        )
        .await;
    assert_eq!(
        (status, share["share"].as_f64()),
        (StatusCode::OK, Some(0.5))
    );
    let order = app.register("agent", TestApp::appeal()).await;
    let at =
        |k: &str| DateTime::parse_from_rfc3339(order["deadlines"][k].as_str().unwrap()).unwrap();
    let (start, warn, due) = (at("started_at"), at("warn_by"), at("accept_by"));
    assert!(
        ((warn - start) - (due - warn)).num_seconds().abs() <= 1,
        "warned half-way"
    );
    let good = json!({"morning": ["09:00:00", "12:00:00"], "afternoon": ["13:30:00", "17:30:00"]});
    let (status, hours) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/settings/working-hours",
            Some(good),
        )
        .await;
    assert_eq!(
        (status, hours["afternoon"][1].as_str()),
        (StatusCode::OK, Some("17:30:00"))
    );
    app.stop().await;
}

async fn reminders(app: &TestApp) -> usize {
    let (_, inbox) = app.get("admin", "/api/v1/notifications?limit=500").await;
    inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "calendar_missing")
        .count()
}

async fn admins_are_reminded_daily_while_next_year_is_missing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    set_clock(&app, cst("2026-11-30T10:00:00")).await;
    let before = reminders(&app).await;
    set_clock(&app, cst("2026-12-10T10:00:00")).await;
    set_clock(&app, cst("2026-12-10T16:00:00")).await;
    assert_eq!(reminders(&app).await, before + 1, "once a day");
    set_clock(&app, cst("2026-12-11T08:00:00")).await;
    assert_eq!(reminders(&app).await, before + 2);
    let year = json!([{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}]);
    let (status, body) = app
        .send(
            Some("admin"),
            reqwest::Method::PUT,
            "/api/v1/calendar/2027",
            Some(year),
        )
        .await;
    assert_eq!((status, body["days"].as_i64()), (StatusCode::OK, Some(1)));
    set_clock(&app, cst("2026-12-12T08:00:00")).await;
    assert_eq!(
        reminders(&app).await,
        before + 2,
        "no reminder once the year is loaded"
    );
    app.stop().await;
}

/// `tongban calendar import FILE` replaces the years in the file; a bad line changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_imports_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let file = dir.path().join("2027.tsv");
    let run = |file: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tongban"))
            .args([
                "calendar",
                "import",
                file.to_str().unwrap(),
                "--database",
                &url,
            ])
            .output()
            .unwrap()
    };
    std::fs::write(&file, "2027-01-01\tholiday\t元旦\n2027-13-01\tholiday\tx\n").unwrap();
    let refused = run(&file);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("第2行"));
    std::fs::write(
        &file,
        "# 2027\n2027-01-01\tholiday\t元旦\n2027-02-06\tworkday\t春节调休\n",
    )
    .unwrap();
    let done = run(&file);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(String::from_utf8_lossy(&done.stdout).contains("2027年：已导入 2 个特殊日"));
    let db = tongban_store::Db::connect(&url).await.unwrap();
    let days = {
        let mut read = db.read().await.unwrap();
        tongban_store::calendar::all(&mut read.conn())
            .await
            .unwrap()
    };
    let of_2027: Vec<_> = days
        .iter()
        .filter(|d| d.date.to_string().starts_with("2027"))
        .collect();
    assert_eq!(of_2027.len(), 2);
    assert!(
        days.iter().any(|d| d.date.to_string() == "2026-10-01"),
        "the shipped years stay"
    );
    db.close().await;
}
