//! 认领 claiming due rows for one worker: the deadline sweep (orders whose watch instant
//! came), the escalation of overdue supervisions and the outbox deliverer all take the
//! earliest due rows, a batch at a time, locked for their transaction. On PostgreSQL rows
//! another instance (or a person acting on them) holds are skipped, never waited for —
//! no deadlock, no double work; SQLite has one writer, which is the lock.

use chrono::{DateTime, Utc};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;

use crate::{Backend, Result, Tx, millis};

/// What to claim.
pub(crate) struct Due<'a> {
    /// `SELECT … FROM …` (joins allowed).
    pub select: &'a str,
    /// The conditions besides being due, e.g. `status = 'pending'`.
    pub filter: &'a str,
    /// The column holding the due instant: compared with now and ordered by.
    pub due: &'a str,
    /// On a join, the tables to lock (`OF s, o`); empty for the one selected from.
    pub lock_of: &'a str,
}

/// Up to `limit` rows due at `now`, earliest first, locked for this transaction.
pub(crate) async fn due<R>(
    tx: &mut Tx,
    due: Due<'_>,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<R>>
where
    R: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin,
{
    let lock = match tx.backend() {
        Backend::Postgres => format!(" FOR UPDATE{} SKIP LOCKED", due.lock_of),
        Backend::Sqlite => String::new(),
    };
    let sql = format!(
        "{} WHERE {} AND {col} <= $1 ORDER BY {col} LIMIT $2{lock}",
        due.select,
        due.filter,
        col = due.due
    );
    let conn = &mut tx.conn();
    Ok(
        on!(conn, c => sqlx::query_as::<_, R>(sqlx::AssertSqlSafe(sql))
        .bind(millis(now)).bind(limit).fetch_all(c).await)?,
    )
}
