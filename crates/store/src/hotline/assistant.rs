//! 虚拟坐席会话 the virtual agent's sessions and their turns.

use crate::{Conn, Result, Tx};

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub channel: String,
    pub caller: Option<String>,
    pub call_id: Option<String>,
    pub started_at: i64,
    pub updated_at: i64,
    pub turns: i64,
    pub outcome: Option<String>,
    pub order_id: Option<i64>,
    pub draft: Option<String>,
}

const COLUMNS: &str =
    "id, channel, caller, call_id, started_at, updated_at, turns, outcome, order_id, draft";

pub async fn create(
    tx: &mut Tx,
    channel: &str,
    caller: Option<&str>,
    call_id: Option<&str>,
    at: i64,
) -> Result<i64> {
    let conn = &mut tx.conn();
    Ok(on!(conn, c => sqlx::query_scalar(
        "INSERT INTO assistant_sessions (channel, caller, call_id, started_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id")
        .bind(channel).bind(caller).bind(call_id).bind(at).fetch_one(c).await)?)
}

/// Opens a portal chat, reached only with the key whose digest is `web_key`.
pub async fn create_web(tx: &mut Tx, web_key: &str, at: i64) -> Result<i64> {
    let conn = &mut tx.conn();
    Ok(on!(conn, c => sqlx::query_scalar(
        "INSERT INTO assistant_sessions (channel, web_key, started_at, updated_at) \
         VALUES ('web', $1, $2, $2) RETURNING id")
        .bind(web_key).bind(at).fetch_one(c).await)?)
}

/// A portal chat, if `web_key` is its key's digest.
pub async fn get_web(conn: &mut Conn<'_>, id: i64, web_key: &str) -> Result<Option<SessionRow>> {
    Ok(on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM assistant_sessions WHERE id = $1 AND web_key = $2")))
        .bind(id).bind(web_key).fetch_optional(c).await)?)
}

pub async fn get(conn: &mut Conn<'_>, id: i64) -> Result<Option<SessionRow>> {
    Ok(on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM assistant_sessions WHERE id = $1")))
        .bind(id).fetch_optional(c).await)?)
}

/// One turn of a session.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TurnRow {
    pub session_id: i64,
    pub seq: i64,
    pub at: i64,
    pub text: String,
    pub reply: String,
    pub action: String,
    pub confidence: f64,
    pub entry_id: Option<i64>,
    pub case_number: Option<String>,
}

/// Appends a turn (its `seq` is the session's next) and writes the session's new state.
pub async fn add_turn(tx: &mut Tx, turn: &TurnRow, session: &SessionRow) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "INSERT INTO assistant_turns (session_id, seq, at, text, reply, action, confidence, entry_id, case_number) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(turn.session_id).bind(turn.seq).bind(turn.at).bind(&turn.text).bind(&turn.reply)
        .bind(&turn.action).bind(turn.confidence).bind(turn.entry_id).bind(turn.case_number.as_deref())
        .execute(&mut *c).await.map(|r| r.rows_affected()))?;
    on!(conn, c => sqlx::query(
        "UPDATE assistant_sessions SET updated_at = $1, turns = $2, outcome = $3, order_id = $4, draft = $5 WHERE id = $6")
        .bind(session.updated_at).bind(session.turns).bind(session.outcome.as_deref()).bind(session.order_id)
        .bind(session.draft.as_deref()).bind(session.id)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A session's last `limit` turns, oldest first (by the primary key's order, without reading
/// the rest of a long session).
pub async fn recent_turns(
    conn: &mut Conn<'_>,
    session_id: i64,
    limit: i64,
) -> Result<Vec<TurnRow>> {
    let mut rows: Vec<TurnRow> = on!(conn, c => sqlx::query_as(
        "SELECT session_id, seq, at, text, reply, action, confidence, entry_id, case_number \
         FROM assistant_turns WHERE session_id = $1 ORDER BY seq DESC LIMIT $2")
        .bind(session_id).bind(limit).fetch_all(c).await)?;
    rows.reverse();
    Ok(rows)
}

/// A session's turns, oldest first.
pub async fn turns(conn: &mut Conn<'_>, session_id: i64) -> Result<Vec<TurnRow>> {
    Ok(on!(conn, c => sqlx::query_as(
        "SELECT session_id, seq, at, text, reply, action, confidence, entry_id, case_number \
         FROM assistant_turns WHERE session_id = $1 ORDER BY seq")
        .bind(session_id).fetch_all(c).await)?)
}
