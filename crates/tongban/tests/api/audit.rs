//! Nothing happens off the record: every change and view is in the hash-chained audit log,
//! which `tongban audit verify` checks.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_databases;
use crate::support::{Backend, TestApp};

on_both_databases!(
    changes_and_views_are_recorded,
    verify_finds_tampering_and_removal
);

async fn changes_and_views_are_recorded(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    app.order("handler", id).await;
    app.get("office", &format!("/api/v1/orders/{id}/personal-data"))
        .await;
    let (status, error) = app
        .get(
            "office",
            &format!("/api/v1/audit?entity=order&entity_id={id}"),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    let (status, trail) = app
        .get(
            "inspector",
            &format!("/api/v1/audit?entity=order&entity_id={id}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{trail}");
    let actions: Vec<(&str, &str)> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["action"].as_str().unwrap(), r["actor"].as_str().unwrap()))
        .collect();
    for expected in [
        ("order.registered", "agent"),
        ("order.screened", "office"),
        ("order.dispatched", "office"),
        ("order.view", "handler"),
        ("order.reveal_personal_data", "office"),
    ] {
        assert!(
            actions.contains(&expected),
            "{expected:?} recorded in {actions:?}"
        );
    }
    let seqs: Vec<i64> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["seq"].as_i64().unwrap())
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    app.stop().await;
}

fn verify(database: &str) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tongban"))
        .args(["audit", "verify", "--database", database])
        .output()
        .expect("tongban runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

async fn execute(database: &str, statements: &[String]) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    if database.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(database).await?;
        for s in statements {
            sqlx::query(sqlx::AssertSqlSafe(s.clone()))
                .execute(&mut conn)
                .await?;
        }
    } else {
        let mut conn = sqlx::SqliteConnection::connect(database).await?;
        for s in statements {
            sqlx::query(sqlx::AssertSqlSafe(s.clone()))
                .execute(&mut conn)
                .await?;
        }
    }
    Ok(())
}

async fn verify_finds_tampering_and_removal(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.dispatched_order().await;
    app.act_ok("handler", id, "accept", json!({})).await;
    let database = app.database_url.clone();
    let _keep = app.stop().await;

    let (ok, text) = verify(&database);
    assert!(ok, "an untouched chain verifies: {text}");
    let update = "UPDATE audit_log SET detail = '{\"forged\":true}' WHERE seq = 3".to_string();
    assert!(
        execute(&database, std::slice::from_ref(&update))
            .await
            .is_err(),
        "the log refuses updates"
    );

    let unlock = |sqlite: &[&str], postgres: &[&str]| -> Vec<String> {
        let list = if database.starts_with("postgres") {
            postgres
        } else {
            sqlite
        };
        list.iter().map(|s| s.to_string()).collect()
    };
    let mut tamper = unlock(
        &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
        &["ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"],
    );
    tamper.push(update);
    execute(&database, &tamper).await.unwrap();
    let (ok, text) = verify(&database);
    assert!(!ok, "an altered record is found");
    assert!(
        text.contains("#3"),
        "the first broken record is named: {text}"
    );

    let truncate = ["DELETE FROM audit_log WHERE seq >= 3".to_string()];
    execute(&database, &truncate).await.unwrap();
    let (ok, text) = verify(&database);
    assert!(!ok, "removing the newest records is found too: {text}");
    assert!(text.contains("#3"), "{text}");
}
