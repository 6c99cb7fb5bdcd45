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
