//! 回拨任务 callback tasks for calls that ended unanswered.

use chrono::{DateTime, Utc};

use crate::args::Statement;
use crate::{Arg, Conn, Result, Tx, millis};

/// A task to create.
#[derive(Debug, Clone)]
pub struct NewCallback {
    pub call_id: String,
    pub caller: String,
    pub court_id: Option<i64>,
    pub day: String,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

/// Creates the task unless the number already has an open one (one callback reaches the
/// caller about all their missed calls) or this call has one; returns whether it was created.
pub async fn create(tx: &mut Tx, task: &NewCallback) -> Result<bool> {
    let conn = &mut tx.conn();
    let done = on!(conn, c => sqlx::query(
        "INSERT INTO callback_tasks (call_id, caller, court_id, day, created_at, due_at, status) \
         SELECT $1, $2, $3, $4, $5, $6, 'open' \
         WHERE NOT EXISTS (SELECT 1 FROM callback_tasks WHERE caller = $2 AND status = 'open') \
         ON CONFLICT (call_id) DO NOTHING")
        .bind(&task.call_id).bind(&task.caller).bind(task.court_id).bind(&task.day)
        .bind(millis(task.created_at)).bind(millis(task.due_at))
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Which of `callers` have an open task.
pub async fn with_open_task(tx: &mut Tx, callers: &[String]) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for chunk in callers.chunks(400) {
        let mut s = Statement::new(
            "SELECT DISTINCT caller FROM callback_tasks WHERE status = 'open' AND caller IN ",
        );
        s.bind_list(chunk.iter().map(String::as_str));
        let conn = &mut tx.conn();
        let rows: Vec<String> = on!(conn, c => {
            let q = sqlx::query_scalar(sqlx::AssertSqlSafe(s.sql));
            bind_args!(q, s.args).fetch_all(c).await
        })?;
        found.extend(rows);
    }
    Ok(found)
}

/// Closes the open tasks of a number that got through at `at`; returns how many.
pub async fn close_for_caller(tx: &mut Tx, caller: &str, at: DateTime<Utc>) -> Result<u64> {
    let conn = &mut tx.conn();
    Ok(on!(conn, c => sqlx::query(
        "UPDATE callback_tasks SET status = 'auto_closed', closed_at = $1, outcome = 'caller_got_through' \
         WHERE caller = $2 AND status = 'open' AND created_at <= $1")
        .bind(millis(at)).bind(caller).execute(c).await.map(|r| r.rows_affected()))?)
}

/// A stored task.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CallbackRow {
    pub id: i64,
    pub call_id: String,
    pub caller: String,
    pub court_id: Option<i64>,
    pub created_at: i64,
    pub due_at: i64,
    pub status: String,
    pub attempts: i64,
    pub outcome: Option<String>,
    pub note: Option<String>,
    pub order_id: Option<i64>,
    pub first_attempt_at: Option<i64>,
    pub closed_at: Option<i64>,
}

const COLUMNS: &str = "id, call_id, caller, court_id, created_at, due_at, status, attempts, \
    outcome, note, order_id, first_attempt_at, closed_at";

pub async fn get(conn: &mut Conn<'_>, id: i64) -> Result<Option<CallbackRow>> {
    Ok(on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM callback_tasks WHERE id = $1")))
        .bind(id).fetch_optional(c).await)?)
}

/// Writes a task's new state, provided it was still open; returns whether it was.
pub async fn update(tx: &mut Tx, task: &CallbackRow, closed_by: Option<i64>) -> Result<bool> {
    let conn = &mut tx.conn();
    let done = on!(conn, c => sqlx::query(
        "UPDATE callback_tasks SET status = $1, attempts = $2, outcome = $3, note = $4, order_id = $5, \
         first_attempt_at = $6, closed_at = $7, closed_by = $8 WHERE id = $9 AND status = 'open'")
        .bind(&task.status).bind(task.attempts).bind(task.outcome.as_deref()).bind(task.note.as_deref())
        .bind(task.order_id).bind(task.first_attempt_at).bind(task.closed_at).bind(closed_by).bind(task.id)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Which tasks to list.
#[derive(Debug, Clone, Default)]
pub struct CallbackFilter {
    pub status: Option<String>,
    pub caller: Option<String>,
    /// Only the tasks of these courts (`None`: every court).
    pub courts: Option<Vec<i64>>,
}

/// A page of tasks (nearest deadline first) and how many match.
pub async fn list(
    conn: &mut Conn<'_>,
    filter: &CallbackFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<CallbackRow>, i64)> {
    let mut w = Statement::new(" WHERE 1 = 1");
    if let Some(status) = &filter.status {
        w.push(" AND status = ").bind(Arg::Text(status.clone()));
    }
    if let Some(caller) = &filter.caller {
        w.push(" AND caller = ").bind(Arg::Text(caller.clone()));
    }
    if let Some(courts) = &filter.courts {
        w.push(" AND (court_id IS NULL OR court_id IN ")
            .bind_list(courts.iter().copied().chain([-1]))
            .push(")");
    }
    let total = crate::args::count_matching(conn, "callback_tasks", &w).await?;
    w.push(" ORDER BY due_at, id LIMIT ").bind(Arg::Int(limit));
    w.push(" OFFSET ").bind(Arg::Int(offset));
    let sql = format!("SELECT {COLUMNS} FROM callback_tasks{}", w.sql);
    let rows = on!(conn, c => {
        let q = sqlx::query_as::<_, CallbackRow>(sqlx::AssertSqlSafe(sql));
        bind_args!(q, w.args).fetch_all(c).await
    })?;
    Ok((rows, total))
}
