//! Triage models (分类模型) with their versions, the training examples they learn from, and
//! the suggestions they made for registered orders.

use crate::args::{Statement, value_rows};
use crate::{Conn, Result, Tx};

/// One stored model version.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ModelRow {
    pub version: i64,
    pub trained_at: i64,
    pub trained_on: i64,
    pub active: bool,
    pub summary: String,
}

/// A confirmed order as a training example: its content and the values staff settled on.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Example {
    pub content: String,
    pub appeal_type: Option<String>,
    pub area: Option<String>,
    pub complexity: Option<String>,
    pub urgency: Option<String>,
    pub court_id: Option<i64>,
    pub department_id: Option<i64>,
}

/// The newest `limit` orders that staff have screened (type set, past registration).
pub async fn examples(conn: &mut Conn<'_>, limit: i64) -> Result<Vec<Example>> {
    Ok(on!(conn, c => sqlx::query_as(
        "SELECT content, appeal_type, area, complexity, urgency, court_id, department_id FROM orders \
         WHERE status <> 'registered' AND appeal_type IS NOT NULL ORDER BY id DESC LIMIT $1")
        .bind(limit).fetch_all(c).await)?)
}

/// Stores a new model version and makes it the active one; returns its version.
pub async fn insert_model(
    tx: &mut Tx,
    trained_at: i64,
    trained_on: i64,
    summary: &str,
    model: &str,
) -> Result<i64> {
    let conn = &mut tx.conn();
    let version: i64 = on!(conn, c => sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM triage_models").fetch_one(&mut *c).await)?;
    on!(conn, c => sqlx::query("UPDATE triage_models SET active = FALSE WHERE active")
        .execute(&mut *c).await.map(|r| r.rows_affected()))?;
    on!(conn, c => sqlx::query(
        "INSERT INTO triage_models (version, trained_at, trained_on, active, summary, model) \
         VALUES ($1, $2, $3, TRUE, $4, $5)")
        .bind(version).bind(trained_at).bind(trained_on).bind(summary).bind(model)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(version)
}

/// The active model: its version and serialised form.
pub async fn active_model(conn: &mut Conn<'_>) -> Result<Option<(i64, String)>> {
    Ok(on!(conn, c => sqlx::query_as(
        "SELECT version, model FROM triage_models WHERE active ORDER BY version DESC LIMIT 1")
        .fetch_optional(c).await)?)
}

/// Every model version, newest first (without the models themselves).
pub async fn models(conn: &mut Conn<'_>) -> Result<Vec<ModelRow>> {
    Ok(on!(conn, c => sqlx::query_as(
        "SELECT version, trained_at, trained_on, active, summary FROM triage_models ORDER BY version DESC")
        .fetch_all(c).await)?)
}

/// What a model suggested for one order (`None`: no suggestion for that field).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suggested {
    pub order_id: i64,
    pub model_version: i64,
    pub at: i64,
    pub appeal_type: Option<String>,
    pub area: Option<String>,
    pub complexity: Option<String>,
    pub urgency: Option<String>,
    pub department_id: Option<i64>,
}

/// Records suggestions; an order already recorded keeps its first suggestion.
pub async fn record(tx: &mut Tx, rows: &[Suggested]) -> Result<()> {
    for chunk in rows.chunks(200) {
        let conflict = " ON CONFLICT (order_id) DO NOTHING";
        let sql = format!(
            "INSERT INTO triage_suggestions (order_id, model_version, at, appeal_type, area, complexity, urgency, department_id) VALUES {}{conflict}",
            value_rows(tx.backend(), chunk.len(), 8)
        );
        let conn = &mut tx.conn();
        on!(conn, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for r in chunk {
                q = q.bind(r.order_id).bind(r.model_version).bind(r.at)
                    .bind(r.appeal_type.as_deref()).bind(r.area.as_deref())
                    .bind(r.complexity.as_deref()).bind(r.urgency.as_deref())
                    .bind(r.department_id);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// For one model version and field: suggestions made, accepted (staff kept the value), and
/// overridden (staff set another); the rest are still waiting for screening.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Outcome {
    pub suggested: i64,
    pub accepted: i64,
    pub overridden: i64,
}

/// The outcome of a model version's suggestions for `field` (`appeal_type`, `area`,
/// `complexity`, `urgency` or `department_id`), judged against the screened orders.
pub async fn outcome(conn: &mut Conn<'_>, version: i64, field: Field) -> Result<Outcome> {
    let column = field.column();
    let mut s = Statement::new(&format!(
        "SELECT COUNT(*) AS suggested, \
         COALESCE(SUM(CASE WHEN o.status <> 'registered' AND o.{column} = t.{column} THEN 1 ELSE 0 END), 0) AS accepted, \
         COALESCE(SUM(CASE WHEN o.status <> 'registered' AND o.{column} <> t.{column} THEN 1 ELSE 0 END), 0) AS overridden \
         FROM triage_suggestions t JOIN orders o ON o.id = t.order_id \
         WHERE t.{column} IS NOT NULL AND t.model_version = "
    ));
    s.bind(crate::Arg::Int(version));
    Ok(on!(conn, c => {
        let q = sqlx::query_as::<_, Outcome>(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_one(c).await
    })?)
}

/// A suggested field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    AppealType,
    Area,
    Complexity,
    Urgency,
    Department,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::AppealType,
        Field::Area,
        Field::Complexity,
        Field::Urgency,
        Field::Department,
    ];

    fn column(self) -> &'static str {
        match self {
            Field::AppealType => "appeal_type",
            Field::Area => "area",
            Field::Complexity => "complexity",
            Field::Urgency => "urgency",
            Field::Department => "department_id",
        }
    }
}

/// The suggestion recorded for an order.
pub async fn of_order(conn: &mut Conn<'_>, order_id: i64) -> Result<Option<Suggested>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        order_id: i64,
        model_version: i64,
        at: i64,
        appeal_type: Option<String>,
        area: Option<String>,
        complexity: Option<String>,
        urgency: Option<String>,
        department_id: Option<i64>,
    }
    let row: Option<Row> = on!(conn, c => sqlx::query_as(
        "SELECT order_id, model_version, at, appeal_type, area, complexity, urgency, department_id \
         FROM triage_suggestions WHERE order_id = $1").bind(order_id).fetch_optional(c).await)?;
    Ok(row.map(|r| Suggested {
        order_id: r.order_id,
        model_version: r.model_version,
        at: r.at,
        appeal_type: r.appeal_type,
        area: r.area,
        complexity: r.complexity,
        urgency: r.urgency,
        department_id: r.department_id,
    }))
}
