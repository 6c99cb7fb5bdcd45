//! Candidates for repeat detection (重复件): orders of the same person or case, and the
//! contents of orders a fingerprint pointed at.

use tongban_domain::Scope;

use crate::args::{Arg, Statement};
use crate::orders::filter::restrict_to_scope;
use crate::{Conn, Result};

/// What repeat detection needs of an earlier order.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Earlier {
    pub id: i64,
    pub number: String,
    pub channel: String,
    pub registered_at: i64,
    pub appellant_phone: Option<String>,
    pub appellant_id_number: Option<String>,
    pub case_number: Option<String>,
    pub content: String,
}

const COLUMNS: &str = "id, number, channel, registered_at, appellant_phone, appellant_id_number, case_number, content";

/// Orders in `scope` registered since `since` with this phone, ID number or case number
/// (canonical forms), newest first, at most `limit` per key.
pub async fn same_party(
    conn: &mut Conn<'_>,
    scope: &Scope,
    keys: &[(&'static str, String)],
    since: i64,
    limit: i64,
) -> Result<Vec<Earlier>> {
    let mut found = Vec::new();
    for (column, value) in keys {
        let mut s = Statement::new(&format!("SELECT {COLUMNS} FROM orders WHERE {column} = "));
        s.bind(Arg::Text(value.clone()));
        s.push(" AND registered_at >= ").bind(Arg::Int(since));
        restrict_to_scope(&mut s, scope);
        s.push(" ORDER BY id DESC LIMIT ").bind(Arg::Int(limit));
        let rows: Vec<Earlier> = on!(conn, c => {
            let q = sqlx::query_as::<_, Earlier>(sqlx::AssertSqlSafe(s.sql));
            bind_args!(q, s.args).fetch_all(&mut *c).await
        })?;
        found.extend(rows);
    }
    Ok(found)
}

/// These orders, those outside `scope` left out.
pub async fn by_ids(conn: &mut Conn<'_>, scope: &Scope, ids: &[i64]) -> Result<Vec<Earlier>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut s = Statement::new(&format!("SELECT {COLUMNS} FROM orders WHERE id IN "));
    s.bind_list(ids.iter().copied());
    restrict_to_scope(&mut s, scope);
    Ok(on!(conn, c => {
        let q = sqlx::query_as::<_, Earlier>(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_all(c).await
    })?)
}

/// An order of a period and the person or case keys it shares with an earlier order (in any
/// scope; earlier = a smaller id) registered at most `window` milliseconds before it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PeriodOrder {
    pub id: i64,
    pub registered_at: i64,
    pub same_id_number: bool,
    pub same_phone: bool,
    pub same_case_number: bool,
    /// Linked or merged by staff to an earlier order (关联件).
    pub linked: bool,
}

/// The orders in `scope` registered in `[from, to)`, at most `limit`, newest first, with the
/// keys they share with an earlier order of the window.
pub async fn period_orders(
    conn: &mut Conn<'_>,
    scope: &Scope,
    (from, to): (i64, i64),
    window: i64,
    limit: i64,
) -> Result<Vec<PeriodOrder>> {
    let earlier = |column: &str| {
        format!(
            "EXISTS (SELECT 1 FROM orders p WHERE p.{column} = o.{column} AND p.id < o.id \
             AND p.registered_at >= o.registered_at - {window})"
        )
    };
    let mut s = Statement::new(&format!(
        "SELECT o.id, o.registered_at, {} AS same_id_number, {} AS same_phone, {} AS same_case_number, \
         o.repeat_of IS NOT NULL AS linked FROM orders o WHERE o.registered_at >= ",
        earlier("appellant_id_number"),
        earlier("appellant_phone"),
        earlier("case_number"),
    ));
    s.bind(Arg::Int(from));
    s.push(" AND o.registered_at < ").bind(Arg::Int(to));
    restrict_to_scope(&mut s, scope);
    s.push(" ORDER BY o.id DESC LIMIT ").bind(Arg::Int(limit));
    Ok(on!(conn, c => {
        let q = sqlx::query_as::<_, PeriodOrder>(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_all(c).await
    })?)
}

/// Pairs `(order, its SimHash, earlier order, its SimHash)` of these orders and the orders
/// registered at most `window` milliseconds before them whose content fingerprints share a band.
pub async fn band_neighbours(
    conn: &mut Conn<'_>,
    ids: &[i64],
    window: i64,
) -> Result<Vec<(i64, i64, i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut s = Statement::new(&format!(
        "SELECT DISTINCT f.order_id, f.simhash, g.order_id, g.simhash FROM order_fingerprints f \
         JOIN order_fingerprints g ON g.band_key = f.band_key AND g.order_id < f.order_id \
         AND g.registered_at >= f.registered_at - {window} \
         WHERE f.order_id IN "
    ));
    s.bind_list(ids.iter().copied());
    Ok(on!(conn, c => {
        let q = sqlx::query_as::<_, (i64, i64, i64, i64)>(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_all(c).await
    })?)
}
