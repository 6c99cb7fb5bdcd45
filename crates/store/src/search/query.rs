//! How a search asks the index: the full-text query of either database for some words in a
//! reader's scope, and the newest orders matching it.

use tongban_domain::Scope;

use super::{SCOPE_MARK, ranges};
use crate::args::{Arg, Statement};
use crate::{Backend, Conn, Result};

/// The tokens a reader's scope accepts (any one suffices), each prefixed with `mark`; `None`
/// when the scope covers every order.
fn scope_alternatives(scope: &Scope, mark: &str) -> Option<Vec<String>> {
    if scope.all_courts {
        return None;
    }
    let courts = scope.courts.iter().map(|c| format!("{mark}c{}", c.0));
    let departments = scope.departments.iter().map(|d| format!("{mark}d{}", d.0));
    let handler = scope.handler.iter().map(|h| format!("{mark}h{}", h.0));
    Some(courts.chain(departments).chain(handler).collect())
}

/// The full-text condition on `orders.id` for these words (all must occur), for either
/// backend.
pub(crate) fn match_condition(s: &mut Statement, backend: Backend, terms: &[String]) {
    match backend {
        Backend::Sqlite => {
            s.push(" AND id IN (SELECT rowid FROM order_search WHERE order_search MATCH ")
                .bind(Arg::Text(fts5_query(terms, None)))
                .push(")");
        }
        Backend::Postgres => {
            s.push(" AND id IN (SELECT order_id FROM order_search WHERE vector @@ CAST(")
                .bind(Arg::Text(ts_query(terms, None)))
                .push(" AS tsquery))");
        }
    }
}

/// FTS5 query: every word as a quoted string in the `words` column (implicit AND), and, for a
/// limited scope, one of its tokens in the `scope` column. An empty scope matches nothing (the
/// token `none` is never written).
fn fts5_query(terms: &[String], scope: Option<&Scope>) -> String {
    let mut query = terms
        .iter()
        .map(|t| format!("words : \"{}\"", t.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(tokens) = scope.and_then(|s| scope_alternatives(s, "")) {
        let tokens = if tokens.is_empty() {
            vec!["none".to_string()]
        } else {
            tokens
        };
        let any = tokens
            .iter()
            .map(|t| format!("scope : \"{t}\""))
            .collect::<Vec<_>>()
            .join(" OR ");
        query.push_str(&format!(" AND ({any})"));
    }
    query
}

/// tsquery: every word as a quoted lexeme, joined by `&`, and, for a limited scope, one of its
/// lexemes. An empty scope matches nothing (the lexeme `#none` is never written).
fn ts_query(terms: &[String], scope: Option<&Scope>) -> String {
    let mut query = terms
        .iter()
        .map(|t| ts_quote(t))
        .collect::<Vec<_>>()
        .join(" & ");
    if let Some(tokens) = scope.and_then(|s| scope_alternatives(s, SCOPE_MARK)) {
        let tokens = if tokens.is_empty() {
            vec![format!("{SCOPE_MARK}none")]
        } else {
            tokens
        };
        query.push_str(&ts_any(&tokens));
    }
    query
}

/// A lexeme quoted for a tsquery.
fn ts_quote(lexeme: &str) -> String {
    format!("'{}'", lexeme.replace('\\', "\\\\").replace('\'', "''"))
}

/// ` & ( 'a' | 'b' … )`: one of these lexemes must occur too.
fn ts_any(lexemes: &[String]) -> String {
    let any = lexemes.iter().map(|t| ts_quote(t)).collect::<Vec<_>>();
    format!(" & ( {} )", any.join(" | "))
}

/// The newest orders in `scope` containing every word, at most `limit`, with their indexed
/// words: `(order id, words)`, newest first. The scope is part of the full-text query, so a
/// narrow scope costs no more than a wide one. On PostgreSQL the newest id ranges are asked
/// first, widening until `limit` are found (see `ranges`).
pub async fn candidates(
    conn: &mut Conn<'_>,
    scope: &Scope,
    terms: &[String],
    limit: i64,
) -> Result<Vec<(i64, String)>> {
    if let Conn::Sqlite(_) = conn {
        return newest_matching(conn, fts5_query(terms, Some(scope)), limit).await;
    }
    // The ranges carry the scope in their prefixes; an empty scope has none and finds nothing
    // by the last query alone.
    let prefixes = scope_alternatives(scope, SCOPE_MARK).unwrap_or(vec![SCOPE_MARK.to_string()]);
    if !prefixes.is_empty() {
        let newest: i64 = on!(conn, c => sqlx::query_scalar(
            "SELECT COALESCE(MAX(order_id), 0) FROM order_search").fetch_one(&mut *c).await)?;
        let words = ts_query(terms, None);
        let windows = ranges::windows(newest, &prefixes);
        let mut window = windows.first();
        while let Some(w) = window {
            let query = format!("{words}{}", ts_any(&w.lexemes));
            let found = newest_matching(conn, query, limit).await?;
            if found.len() as i64 >= limit || w.complete {
                return Ok(found);
            }
            window = ranges::next_after(&windows, w, found.len(), limit as usize);
        }
    }
    newest_matching(conn, ts_query(terms, Some(scope)), limit).await
}

/// The newest index rows matching a full-text query (FTS5's or a tsquery), at most `limit`.
async fn newest_matching(
    conn: &mut Conn<'_>,
    query: String,
    limit: i64,
) -> Result<Vec<(i64, String)>> {
    let sql = match conn {
        Conn::Sqlite(_) => {
            "SELECT rowid, words FROM order_search WHERE order_search MATCH $1 \
             ORDER BY rowid DESC LIMIT $2"
        }
        Conn::Postgres(_) => {
            "SELECT order_id, words FROM order_search WHERE vector @@ CAST($1 AS tsquery) \
             ORDER BY order_id DESC LIMIT $2"
        }
    };
    // Planned for its words each time, never from a cached generic plan: the best plan depends
    // on how common the words are (PostgreSQL: walk the newest orders backwards for a common
    // word, the GIN index for a rare one), and the generic plan a prepared statement falls back
    // to after five runs took the GIN index for every query — 865 ms for 法院 at 1 M orders.
    Ok(on!(conn, c => sqlx::query_as::<_, (i64, String)>(sql)
        .persistent(false)
        .bind(&query)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}
