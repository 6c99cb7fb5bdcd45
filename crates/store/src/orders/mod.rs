//! Work orders in the database: one row per order holding its current state.

mod filter;
mod row;

pub use filter::{OrderFilter, Sort};

use chrono::{DateTime, Utc};
use tongban_domain::order::WorkOrder;
use tongban_domain::{OrderId, Scope};

use crate::args::Statement;
use crate::{Backend, Conn, Result, StoreError, Tx, millis};
use row::{COLUMNS, OrderRow, Values, bind_values};

/// Inserts a new order and returns its id.
pub async fn insert(tx: &mut Tx, order: &WorkOrder) -> Result<OrderId> {
    let v = Values::of(order);
    let conn = &mut tx.conn();
    let id: i64 = on!(conn, c => {
        let q = sqlx::query_scalar(*row::INSERT);
        bind_values!(q, v).fetch_one(c).await
    })?;
    Ok(OrderId(id))
}

/// Writes the new state of an order, provided nobody changed it since `expected_version`.
/// Returns false when the version did not match (a concurrent change won).
pub async fn update(tx: &mut Tx, order: &WorkOrder, expected_version: i64) -> Result<bool> {
    let v = Values::of(order);
    let conn = &mut tx.conn();
    let done = on!(conn, c => {
        let q = sqlx::query(*row::UPDATE);
        bind_values!(q, v).bind(order.id.0).bind(expected_version).execute(c).await.map(|r| r.rows_affected())
    })?;
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
    filter.apply(&mut where_clause, millis(now));
    let count_sql = format!("SELECT COUNT(*) FROM orders{}", where_clause.sql);
    let count_args = where_clause.args.clone();
    let total: i64 = on!(conn, c => {
        let q = sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql));
        bind_args!(q, count_args).fetch_one(&mut *c).await
    })?;
    if total == 0 {
        return Ok((Vec::new(), 0));
    }
    let mut page = where_clause;
    page.push(filter.sort.order_by());
    page.push(" LIMIT ").bind(crate::Arg::Int(limit));
    page.push(" OFFSET ").bind(crate::Arg::Int(offset));
    let sql = format!("SELECT {} FROM orders{}", *COLUMNS, page.sql);
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
