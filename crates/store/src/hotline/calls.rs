//! 通话记录 calls: the events as sent (once each) and each call's folded state.

use chrono::{DateTime, Utc};

use crate::args::{Statement, value_rows};
use crate::{Arg, Conn, Result, Tx, millis};

/// Rows per INSERT statement.
const ROWS_PER_STATEMENT: usize = 400;

/// One event as the switch sent it.
#[derive(Debug, Clone)]
pub struct NewCallEvent {
    pub call_id: String,
    pub event: &'static str,
    pub at: DateTime<Utc>,
    pub agent_id: Option<String>,
}

/// Stores the events not seen before; returns `(call_id, event)` of those that were new.
pub async fn insert_events(
    tx: &mut Tx,
    events: &[NewCallEvent],
    received_at: DateTime<Utc>,
) -> Result<Vec<(String, String)>> {
    let mut new = Vec::with_capacity(events.len());
    for chunk in events.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO call_events (call_id, event, at, agent_id, received_at) VALUES {} \
             ON CONFLICT (call_id, event) DO NOTHING RETURNING call_id, event",
            value_rows(tx.backend(), chunk.len(), 5)
        );
        let conn = &mut tx.conn();
        let rows: Vec<(String, String)> = on!(conn, c => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for e in chunk {
                q = q.bind(&e.call_id).bind(e.event).bind(millis(e.at)).bind(e.agent_id.as_deref()).bind(millis(received_at));
            }
            q.fetch_all(c).await
        })?;
        new.extend(rows);
    }
    Ok(new)
}

/// What a batch learnt about one call; `None` leaves a stored value as it is.
#[derive(Debug, Clone, Default)]
pub struct CallDelta {
    pub call_id: String,
    pub caller: String,
    pub court_id: Option<i64>,
    pub ivr_path: Option<String>,
    /// The China date of `first_at`.
    pub day: String,
    pub first_at: i64,
    pub offered_at: Option<i64>,
    pub assistant_at: Option<i64>,
    pub agent_at: Option<i64>,
    pub agent_id: Option<String>,
    pub abandoned_at: Option<i64>,
    pub ended_at: Option<i64>,
}

/// A call's stored state.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CallRow {
    pub call_id: String,
    pub caller: String,
    pub court_id: Option<i64>,
    pub day: String,
    pub first_at: i64,
    pub offered_at: Option<i64>,
    pub assistant_at: Option<i64>,
    pub agent_at: Option<i64>,
    pub agent_id: Option<String>,
    pub abandoned_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub is_repeat: bool,
    pub assistant_outcome: Option<String>,
}

const CALL_COLUMNS: &str = "call_id, caller, court_id, day, first_at, offered_at, assistant_at, \
    agent_at, agent_id, abandoned_at, ended_at, is_repeat, assistant_outcome";

/// Folds the deltas (one per call) into the stored calls; returns their state after.
pub async fn upsert(tx: &mut Tx, deltas: &[CallDelta]) -> Result<Vec<CallRow>> {
    let mut out = Vec::with_capacity(deltas.len());
    for chunk in deltas.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO calls (call_id, caller, court_id, ivr_path, day, first_at, offered_at, \
             assistant_at, agent_at, agent_id, abandoned_at, ended_at) VALUES {} \
             ON CONFLICT (call_id) DO UPDATE SET \
             court_id = COALESCE(calls.court_id, excluded.court_id), \
             ivr_path = COALESCE(calls.ivr_path, excluded.ivr_path), \
             day = CASE WHEN excluded.first_at < calls.first_at THEN excluded.day ELSE calls.day END, \
             first_at = CASE WHEN excluded.first_at < calls.first_at THEN excluded.first_at ELSE calls.first_at END, \
             offered_at = COALESCE(calls.offered_at, excluded.offered_at), \
             assistant_at = COALESCE(calls.assistant_at, excluded.assistant_at), \
             agent_at = COALESCE(calls.agent_at, excluded.agent_at), \
             agent_id = COALESCE(calls.agent_id, excluded.agent_id), \
             abandoned_at = COALESCE(calls.abandoned_at, excluded.abandoned_at), \
             ended_at = COALESCE(calls.ended_at, excluded.ended_at) \
             RETURNING {CALL_COLUMNS}",
            value_rows(tx.backend(), chunk.len(), 12)
        );
        let conn = &mut tx.conn();
        let rows: Vec<CallRow> = on!(conn, c => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for d in chunk {
                q = q.bind(&d.call_id).bind(&d.caller).bind(d.court_id).bind(d.ivr_path.as_deref())
                    .bind(&d.day).bind(d.first_at).bind(d.offered_at).bind(d.assistant_at)
                    .bind(d.agent_at).bind(d.agent_id.as_deref()).bind(d.abandoned_at).bind(d.ended_at);
            }
            q.fetch_all(c).await
        })?;
        out.extend(rows);
    }
    Ok(out)
}

/// Marks the calls whose number called before within `window_ms` as repeats (重复来电).
///
/// The earlier call is looked up by a scalar subquery, not `EXISTS`: PostgreSQL may turn an
/// `EXISTS` into a hash semi-join that scans every call (the plan it cached while the table
/// was small), whereas a subquery with `LIMIT 1` always runs per row along `calls_caller`.
pub async fn mark_repeats(tx: &mut Tx, call_ids: &[String], window_ms: i64) -> Result<()> {
    for chunk in call_ids.chunks(ROWS_PER_STATEMENT) {
        let mut s = Statement::new(
            "UPDATE calls SET is_repeat = TRUE WHERE is_repeat = FALSE AND (SELECT 1 FROM calls AS earlier \
             WHERE earlier.caller = calls.caller AND earlier.first_at < calls.first_at \
             AND earlier.first_at >= calls.first_at - ",
        );
        s.bind(Arg::Int(window_ms))
            .push(" LIMIT 1) IS NOT NULL AND call_id IN ")
            .bind_list(chunk.iter().map(String::as_str));
        s.execute(&mut tx.conn()).await?;
    }
    Ok(())
}

/// The calls of a number, newest first.
pub async fn of_caller(conn: &mut Conn<'_>, caller: &str, limit: i64) -> Result<Vec<CallRow>> {
    Ok(on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CALL_COLUMNS} FROM calls WHERE caller = $1 ORDER BY first_at DESC LIMIT $2")))
        .bind(caller).bind(limit).fetch_all(c).await)?)
}

/// How many calls a number made since `since`.
pub async fn count_since(conn: &mut Conn<'_>, caller: &str, since: DateTime<Utc>) -> Result<i64> {
    Ok(on!(conn, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM calls WHERE caller = $1 AND first_at >= $2")
        .bind(caller).bind(millis(since)).fetch_one(c).await)?)
}

/// One call.
pub async fn get(conn: &mut Conn<'_>, call_id: &str) -> Result<Option<CallRow>> {
    Ok(on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CALL_COLUMNS} FROM calls WHERE call_id = $1")))
        .bind(call_id).fetch_optional(c).await)?)
}

/// The newest call of a number answered by the virtual agent since `since`.
pub async fn latest_assistant_call(
    conn: &mut Conn<'_>,
    caller: &str,
    since: DateTime<Utc>,
) -> Result<Option<String>> {
    Ok(on!(conn, c => sqlx::query_scalar(
        "SELECT call_id FROM calls WHERE caller = $1 AND assistant_at IS NOT NULL AND first_at >= $2 \
         ORDER BY first_at DESC LIMIT 1")
        .bind(caller).bind(millis(since)).fetch_optional(c).await)?)
}

/// Records what the virtual agent's session made of a call: `settled` or `handover`.
pub async fn set_assistant_outcome(tx: &mut Tx, call_id: &str, outcome: &str) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query("UPDATE calls SET assistant_outcome = $1 WHERE call_id = $2")
        .bind(outcome).bind(call_id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
