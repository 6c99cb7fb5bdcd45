//! 外发消息 the durable outbox: messages for an outbound channel, written in the transaction
//! of the change that causes them, then delivered at least once by the deliverer.

use chrono::{DateTime, Utc};

use crate::args::{Arg, Statement, value_rows};
use crate::claim::{self, Due};
use crate::{Conn, Result, Tx, instant, millis, opt_instant};

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: i64,
    pub channel: String,
    pub payload: String,
    /// `pending`, `delivered` or `dead`
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    channel: String,
    payload: String,
    status: String,
    attempts: i64,
    next_attempt_at: i64,
    last_error: Option<String>,
    created_at: i64,
    delivered_at: Option<i64>,
}

impl Row {
    fn into_message(self) -> Result<Message> {
        Ok(Message {
            id: self.id,
            channel: self.channel,
            payload: self.payload,
            status: self.status,
            attempts: self.attempts,
            next_attempt_at: instant(self.next_attempt_at)?,
            last_error: self.last_error,
            created_at: instant(self.created_at)?,
            delivered_at: opt_instant(self.delivered_at)?,
        })
    }
}

const COLUMNS: &str =
    "id, channel, payload, status, attempts, next_attempt_at, last_error, created_at, delivered_at";

/// Queues messages on `channel`, many rows per statement.
pub async fn enqueue_many(
    tx: &mut Tx,
    channel: &str,
    payloads: &[String],
    at: DateTime<Utc>,
) -> Result<()> {
    for chunk in payloads.chunks(1_000) {
        let sql = format!(
            "INSERT INTO outbox (channel, payload, status, attempts, next_attempt_at, created_at) VALUES {}",
            value_rows(tx.backend(), chunk.len(), 6)
        );
        let conn = &mut tx.conn();
        on!(conn, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for payload in chunk {
                q = q.bind(channel).bind(payload).bind("pending").bind(0_i64).bind(millis(at)).bind(millis(at));
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Claims up to `limit` pending messages that are due: each gets a lease until `lease_until`
/// (another deliverer leaves it alone until then) and one more attempt counted. Committed
/// before delivery, so a crash during delivery only delays the message: at least once.
pub async fn claim(
    tx: &mut Tx,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Message>> {
    let select = format!("SELECT {COLUMNS} FROM outbox");
    let due = Due {
        select: &select,
        filter: "status = 'pending'",
        due: "next_attempt_at",
        lock_of: "",
    };
    let rows: Vec<Row> = claim::due(tx, due, now, limit).await?;
    let mut claimed = rows
        .into_iter()
        .map(Row::into_message)
        .collect::<Result<Vec<_>>>()?;
    if claimed.is_empty() {
        return Ok(claimed);
    }
    let mut lease = Statement::new("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ");
    lease
        .bind(Arg::Int(millis(lease_until)))
        .push(" WHERE id IN ")
        .bind_list(claimed.iter().map(|m| m.id));
    let conn = &mut tx.conn();
    on!(conn, c => {
        let q = sqlx::query(sqlx::AssertSqlSafe(lease.sql));
        bind_args!(q, lease.args).execute(c).await.map(|r| r.rows_affected())
    })?;
    for message in &mut claimed {
        message.attempts += 1;
    }
    Ok(claimed)
}

/// Records a delivery's outcome: delivered; or failed, to retry at `retry_at` (None: dead).
pub async fn settle(
    tx: &mut Tx,
    id: i64,
    outcome: std::result::Result<(), (&str, Option<DateTime<Utc>>)>,
    now: DateTime<Utc>,
) -> Result<()> {
    let conn = &mut tx.conn();
    match outcome {
        Ok(()) => on!(conn, c => sqlx::query(
            "UPDATE outbox SET status = 'delivered', delivered_at = $1, last_error = NULL WHERE id = $2")
            .bind(millis(now)).bind(id).execute(c).await.map(|r| r.rows_affected()))?,
        Err((error, Some(retry))) => on!(conn, c => sqlx::query(
            "UPDATE outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3")
            .bind(millis(retry)).bind(error).bind(id).execute(c).await.map(|r| r.rows_affected()))?,
        Err((error, None)) => on!(conn, c => sqlx::query(
            "UPDATE outbox SET status = 'dead', last_error = $1 WHERE id = $2")
            .bind(error).bind(id).execute(c).await.map(|r| r.rows_affected()))?,
    };
    Ok(())
}

/// Puts a dead message back in line; false when it is not dead.
pub async fn replay(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> Result<bool> {
    let conn = &mut tx.conn();
    let done = on!(conn, c => sqlx::query(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1 \
         WHERE id = $2 AND status = 'dead'")
        .bind(millis(now)).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Messages in a status, newest first, and how many there are.
pub async fn list(
    conn: &mut Conn<'_>,
    status: Option<&str>,
    limit: i64,
) -> Result<(Vec<Message>, i64)> {
    let mut w = Statement::new(" WHERE 1 = 1");
    if let Some(status) = status {
        w.push(" AND status = ").bind(Arg::Text(status.to_string()));
    }
    let total = crate::args::count_matching(conn, "outbox", &w).await?;
    w.push(" ORDER BY id DESC LIMIT ").bind(Arg::Int(limit));
    let sql = format!("SELECT {COLUMNS} FROM outbox{}", w.sql);
    let rows: Vec<Row> = on!(conn, c => {
        let q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        bind_args!(q, w.args).fetch_all(c).await
    })?;
    let items = rows
        .into_iter()
        .map(Row::into_message)
        .collect::<Result<_>>()?;
    Ok((items, total))
}
