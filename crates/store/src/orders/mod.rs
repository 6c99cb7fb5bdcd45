//! Work orders in the database: one row per order holding its current state.

pub(crate) mod filter;
pub(crate) mod row;
mod watched;

pub(crate) use filter::restrict_to_scope;
pub use filter::{OrderFilter, Sort};
pub use watched::watched_many;
pub(crate) use watched::{WATCHED_COLUMNS, WatchedRow};

use chrono::{DateTime, Utc};
use tongban_domain::order::WorkOrder;
use tongban_domain::supervision::watch_at;
use tongban_domain::{OrderId, Scope};

use std::collections::HashMap;

use crate::args::{Statement, value_rows};
use crate::sweep::set_watch;
use crate::{Backend, Conn, Result, StoreError, Tx, millis};
use row::{COLUMNS, FIELDS, OrderRow, Values, bind_values};

/// Rows per INSERT statement, within both databases' limits on bound parameters.
const ROWS_PER_STATEMENT: usize = 400;

/// Inserts new orders with their sweep timers, many rows per statement; returns their ids
/// in the same order.
pub async fn insert_many(tx: &mut Tx, orders: &[WorkOrder]) -> Result<Vec<OrderId>> {
    let mut ids = Vec::with_capacity(orders.len());
    for chunk in orders.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO orders ({}) VALUES {} RETURNING id, number",
            FIELDS.join(", "),
            value_rows(tx.backend(), chunk.len(), FIELDS.len())
        );
        let conn = &mut tx.conn();
        let returned: Vec<(i64, String)> = on!(conn, c => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for order in chunk {
                q = bind_values!(q, Values::of(order));
            }
            q.fetch_all(c).await
        })?;
        // RETURNING promises no order: match the rows by their unique numbers.
        let by_number: HashMap<String, i64> = returned.into_iter().map(|(id, n)| (n, id)).collect();
        for order in chunk {
            let id = by_number
                .get(&order.number)
                .ok_or_else(|| corrupt("returned order", &order.number))?;
            ids.push(OrderId(*id));
        }
    }
    let timers: Vec<_> = ids
        .iter()
        .zip(orders)
        .map(|(id, o)| (*id, watch_at(o)))
        .collect();
    set_watch(tx, &timers).await?;
    Ok(ids)
}

/// Inserts orders whose ids are set already, with their sweep timers (bulk loading).
pub async fn insert_with_ids(tx: &mut Tx, orders: &[WorkOrder]) -> Result<()> {
    for chunk in orders.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO orders (id, {}) VALUES {}",
            FIELDS.join(", "),
            value_rows(tx.backend(), chunk.len(), FIELDS.len() + 1)
        );
        let conn = &mut tx.conn();
        on!(conn, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for order in chunk {
                q = bind_values!(q.bind(order.id.0), Values::of(order));
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    let timers: Vec<_> = orders.iter().map(|o| (o.id, watch_at(o))).collect();
    set_watch(tx, &timers).await
}

/// Writes the new state of an order and its sweep timer, provided nobody changed it since
/// `expected_version`.
/// Returns false when the version did not match (a concurrent change won).
pub async fn update(tx: &mut Tx, order: &WorkOrder, expected_version: i64) -> Result<bool> {
    let v = Values::of(order);
    let conn = &mut tx.conn();
    let done = on!(conn, c => {
        let q = sqlx::query(*row::UPDATE);
        bind_values!(q, v).bind(order.id.0).bind(expected_version).execute(c).await.map(|r| r.rows_affected())
    })?;
    if done == 1 {
        set_watch(tx, &[(order.id, watch_at(order))]).await?;
    }
    Ok(done == 1)
}

/// One order, as stored.
pub async fn get(conn: &mut Conn<'_>, id: OrderId) -> Result<Option<WorkOrder>> {
    let row = on!(conn, c => sqlx::query_as::<_, OrderRow>(
        sqlx::AssertSqlSafe(format!("SELECT {} FROM orders WHERE id = $1", *COLUMNS)))
        .bind(id.0).fetch_optional(c).await)?;
    row.map(OrderRow::into_order).transpose()
}

/// One order, locked for the rest of the transaction on PostgreSQL (SQLite's single
/// writer already excludes concurrent changes).
pub async fn get_for_update(tx: &mut Tx, id: OrderId) -> Result<Option<WorkOrder>> {
    let lock = if tx.backend() == Backend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let conn = &mut tx.conn();
    let row = on!(conn, c => sqlx::query_as::<_, OrderRow>(
        sqlx::AssertSqlSafe(format!("SELECT {} FROM orders WHERE id = $1{lock}", *COLUMNS)))
        .bind(id.0).fetch_optional(c).await)?;
    row.map(OrderRow::into_order).transpose()
}

/// A page of the orders in `scope` matching `filter`, and how many match in all.
pub async fn list(
    conn: &mut Conn<'_>,
    scope: &Scope,
    filter: &OrderFilter,
    now: DateTime<Utc>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<WorkOrder>, i64)> {
    let mut where_clause = Statement::new(" WHERE 1 = 1");
    filter::restrict_to_scope(&mut where_clause, scope);
    filter.apply(&mut where_clause, conn.backend(), millis(now));
    let total = crate::args::count_matching(conn, "orders", &where_clause).await?;
    if total == 0 {
        return Ok((Vec::new(), 0));
    }
    // Deferred join: find the page's ids in the index first, then read only those rows.
    let mut page = where_clause;
    page.push(filter.sort.order_by());
    page.push(" LIMIT ").bind(crate::Arg::Int(limit));
    page.push(" OFFSET ").bind(crate::Arg::Int(offset));
    let sql = format!(
        "SELECT {} FROM orders WHERE id IN (SELECT id FROM orders{}){}",
        *COLUMNS,
        page.sql,
        filter.sort.order_by()
    );
    let rows = on!(conn, c => {
        let q = sqlx::query_as::<_, OrderRow>(sqlx::AssertSqlSafe(sql));
        bind_args!(q, page.args).fetch_all(c).await
    })?;
    let orders = rows
        .into_iter()
        .map(OrderRow::into_order)
        .collect::<Result<_>>()?;
    Ok((orders, total))
}

pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} `{value}`"))
}

/// The order with this number and its portal query-code hash.
pub async fn by_number(
    conn: &mut Conn<'_>,
    number: &str,
) -> Result<Option<(WorkOrder, Option<String>)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        order: OrderRow,
        query_code_hash: Option<String>,
    }
    let row = on!(conn, c => sqlx::query_as::<_, Row>(
        sqlx::AssertSqlSafe(format!("SELECT {}, query_code_hash FROM orders WHERE number = $1", *COLUMNS)))
        .bind(number).fetch_optional(c).await)?;
    row.map(|r| Ok((r.order.into_order()?, r.query_code_hash)))
        .transpose()
}

/// Stores the hash of the code with which the citizen tracks the order.
pub async fn set_query_code(tx: &mut Tx, id: OrderId, hash: &str) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query("UPDATE orders SET query_code_hash = $1 WHERE id = $2")
        .bind(hash).bind(id.0).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// How many orders in `scope` are in each status.
pub async fn count_by_status(conn: &mut Conn<'_>, scope: &Scope) -> Result<Vec<(String, i64)>> {
    let mut s = Statement::new("SELECT status, COUNT(*) FROM orders WHERE 1 = 1");
    filter::restrict_to_scope(&mut s, scope);
    s.push(" GROUP BY status");
    Ok(on!(conn, c => {
        let q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_all(c).await
    })?)
}
