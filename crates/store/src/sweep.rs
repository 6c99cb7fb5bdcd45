//! What the deadline sweep reads and writes: the orders whose watch instant came (found
//! through an index on it, so a sweep costs what is due, not what is open), their next
//! watch instants, and marks that make a side effect happen once.

use chrono::{DateTime, Utc};
use tongban_domain::OrderId;
use tongban_domain::supervision::Watched;

use crate::args::{Arg, Statement, value_rows};
use crate::claim::{self, Due};
use crate::orders::{WATCHED_COLUMNS, WatchedRow};
use crate::{Conn, Result, Tx, millis};

/// Orders whose watch instant is at or before `now`, earliest first, claimed for this
/// transaction (see `claim`): their timer rows and their order rows are locked.
pub async fn claim_due_orders(tx: &mut Tx, now: DateTime<Utc>, limit: i64) -> Result<Vec<Watched>> {
    let select =
        format!("SELECT {WATCHED_COLUMNS} FROM order_watch JOIN orders ON orders.id = order_id");
    let due = Due {
        select: &select,
        filter: "TRUE",
        due: "watch_at",
        lock_of: " OF order_watch, orders",
    };
    let rows: Vec<WatchedRow> = claim::due(tx, due, now, limit).await?;
    rows.into_iter().map(WatchedRow::into_watched).collect()
}

/// Sets when the sweep looks at each order next (None: not until it changes): a timer row
/// per order that has an instant, none for the others. A timer whose instant is unchanged
/// (most changes to an order move no deadline) is left as it is, not rewritten.
pub async fn set_watch(tx: &mut Tx, next: &[(OrderId, Option<DateTime<Utc>>)]) -> Result<()> {
    let (timed, idle): (Vec<_>, Vec<_>) = next.iter().partition(|(_, at)| at.is_some());
    for chunk in timed.chunks(1_000) {
        let sql = format!(
            "INSERT INTO order_watch (order_id, watch_at) VALUES {} \
             ON CONFLICT (order_id) DO UPDATE SET watch_at = excluded.watch_at \
             WHERE order_watch.watch_at <> excluded.watch_at",
            value_rows(tx.backend(), chunk.len(), 2)
        );
        let conn = &mut tx.conn();
        on!(conn, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, at) in chunk {
                q = q.bind(id.0).bind(at.map(millis));
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    for chunk in idle.chunks(1_000) {
        let mut s = Statement::new("DELETE FROM order_watch WHERE order_id IN ");
        s.bind_list(chunk.iter().map(|(id, _)| id.0));
        s.execute(&mut tx.conn()).await?;
    }
    Ok(())
}

/// Raises orders' supervision levels (never lowers one) and bumps their versions: one
/// statement per level and chunk of orders.
pub async fn raise_levels(tx: &mut Tx, raised: &[(OrderId, u8)], at: DateTime<Utc>) -> Result<()> {
    let mut levels: Vec<u8> = raised.iter().map(|(_, level)| *level).collect();
    levels.sort_unstable();
    levels.dedup();
    for level in levels {
        let ids: Vec<i64> = raised
            .iter()
            .filter(|(_, l)| *l == level)
            .map(|(o, _)| o.0)
            .collect();
        for chunk in ids.chunks(1_000) {
            let mut s = Statement::new("UPDATE orders SET supervision_level = ");
            s.bind(Arg::Int(i64::from(level)));
            s.push(", version = version + 1, updated_at = ")
                .bind(Arg::Int(millis(at)));
            s.push(" WHERE supervision_level < ")
                .bind(Arg::Int(i64::from(level)));
            s.push(" AND id IN ").bind_list(chunk.iter().copied());
            s.execute(&mut tx.conn()).await?;
        }
    }
    Ok(())
}

/// Records marks; returns the keys that were new (their side effect is still to happen).
pub async fn mark_once(tx: &mut Tx, keys: &[String], at: DateTime<Utc>) -> Result<Vec<String>> {
    let mut fresh = Vec::new();
    for chunk in keys.chunks(400) {
        let sql = format!(
            "INSERT INTO sweep_marks (key, at) VALUES {} ON CONFLICT (key) DO NOTHING RETURNING key",
            value_rows(tx.backend(), chunk.len(), 2)
        );
        let conn = &mut tx.conn();
        let returned: Vec<String> = on!(conn, c => {
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
            for key in chunk {
                q = q.bind(key).bind(millis(at));
            }
            q.fetch_all(c).await
        })?;
        fresh.extend(returned);
    }
    Ok(fresh)
}

/// How many appeals on the matter of `root` (itself and the orders linked to it as
/// repeats) were registered since `since`.
pub async fn appeals_on_matter(
    conn: &mut Conn<'_>,
    root: OrderId,
    since: DateTime<Utc>,
) -> Result<i64> {
    Ok(on!(conn, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders WHERE (id = $1 OR repeat_of = $1) AND registered_at >= $2")
        .bind(root.0).bind(millis(since)).fetch_one(c).await)?)
}
