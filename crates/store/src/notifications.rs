//! 站内提醒 the in-app inbox of each staff member.

use chrono::{DateTime, Utc};
use tongban_domain::{OrderId, UserId};

use crate::args::value_rows;
use crate::{Conn, Result, Tx, millis, opt_instant};

/// A notice to store for one user.
pub struct NewNotification<'a> {
    pub user_id: UserId,
    pub order_id: Option<OrderId>,
    pub kind: &'a str,
    pub message: &'a str,
    pub at: DateTime<Utc>,
}

/// Stores notices, many rows per statement.
pub async fn insert_many(tx: &mut Tx, notices: &[NewNotification<'_>]) -> Result<()> {
    for chunk in notices.chunks(1_000) {
        let sql = format!(
            "INSERT INTO notifications (user_id, order_id, kind, message, created_at) VALUES {}",
            value_rows(tx.backend(), chunk.len(), 5)
        );
        let conn = &mut tx.conn();
        on!(conn, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for n in chunk {
                q = q.bind(n.user_id.0).bind(n.order_id.map(|o| o.0)).bind(n.kind).bind(n.message).bind(millis(n.at));
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// A stored notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub order_id: Option<OrderId>,
    pub kind: String,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A user's newest notices, unread first.
pub async fn of_user(conn: &mut Conn<'_>, user: UserId, limit: i64) -> Result<Vec<Notification>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        order_id: Option<i64>,
        kind: String,
        message: String,
        created_at: i64,
        read_at: Option<i64>,
    }
    let rows: Vec<Row> = on!(conn, c => sqlx::query_as(
        "SELECT id, order_id, kind, message, created_at, read_at FROM notifications \
         WHERE user_id = $1 ORDER BY read_at IS NOT NULL, id DESC LIMIT $2")
        .bind(user.0).bind(limit).fetch_all(c).await)?;
    rows.into_iter()
        .map(|r| {
            Ok(Notification {
                id: r.id,
                order_id: r.order_id.map(OrderId),
                kind: r.kind,
                message: r.message,
                created_at: crate::instant(r.created_at)?,
                read_at: opt_instant(r.read_at)?,
            })
        })
        .collect()
}

pub async fn unread_count(conn: &mut Conn<'_>, user: UserId) -> Result<i64> {
    Ok(on!(conn, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user.0).fetch_one(c).await)?)
}

/// Marks one notice (or, with `None`, all) of the user read; returns how many changed.
pub async fn mark_read(
    tx: &mut Tx,
    user: UserId,
    id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<u64> {
    let conn = &mut tx.conn();
    Ok(on!(conn, c => sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 IS NULL OR id = $3)")
        .bind(millis(at)).bind(user.0).bind(id).execute(c).await.map(|r| r.rows_affected()))?)
}
