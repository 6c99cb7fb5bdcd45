//! The full-text index of orders and their content fingerprints.
//!
//! Words are segmented in Rust and stored pre-cut: SQLite keeps them in an FTS5 table whose
//! rowid is the order id, PostgreSQL as a `tsvector` built from the word list (no text parser
//! involved) with a GIN index. The timeline (`order_events`) is the indexer's outbox: every
//! change of an order appends an event, and `search_state` remembers the newest event whose
//! order is indexed.
//!
//! Each index row also carries its order's scope — court, department and handler — as tokens
//! (SQLite: a second FTS5 column `scope` holding `c<id> d<id> h<id>`; PostgreSQL: lexemes
//! `#c<id>`, `#d<id>`, `#h<id>` in the same tsvector, `#` never being part of a word), so that
//! a reader's scope is intersected inside the full-text index.

mod query;
mod ranges;

pub use query::candidates;
pub(crate) use query::match_condition;

use tongban_domain::Scope;

use crate::args::{Arg, Statement, value_rows};
use crate::orders::filter::restrict_to_scope;
use crate::{Conn, Result, Tx};

/// One order's text as the indexer reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderText {
    pub id: i64,
    pub registered_at: i64,
    pub content: String,
    pub reply: Option<String>,
    pub status: String,
    pub court_id: Option<i64>,
    pub department_id: Option<i64>,
    pub handler_id: Option<i64>,
}

/// What the indexer writes for one order.
#[derive(Debug, Clone)]
pub struct IndexedOrder {
    pub id: i64,
    pub registered_at: i64,
    /// Words joined by single spaces.
    pub words: String,
    /// Who holds the order: court, department, handler.
    pub court_id: Option<i64>,
    pub department_id: Option<i64>,
    pub handler_id: Option<i64>,
    /// The content's SimHash and its four 16-bit band keys.
    pub simhash: i64,
    pub bands: [i64; 4],
}

/// The newest event whose order is indexed.
pub async fn indexed_event(conn: &mut Conn<'_>) -> Result<i64> {
    Ok(
        on!(conn, c => sqlx::query_scalar("SELECT indexed_event FROM search_state WHERE id = 1")
        .fetch_one(c).await)?,
    )
}

/// The newest event of the timeline (0 when there is none).
pub async fn newest_event(conn: &mut Conn<'_>) -> Result<i64> {
    let max: Option<i64> = on!(conn, c => sqlx::query_scalar("SELECT MAX(id) FROM order_events")
        .fetch_one(c).await)?;
    Ok(max.unwrap_or(0))
}

/// The events after `after`, oldest first, at most `limit`: `(event id, order id)`.
pub async fn events_after(conn: &mut Conn<'_>, after: i64, limit: i64) -> Result<Vec<(i64, i64)>> {
    Ok(on!(conn, c => sqlx::query_as(
        "SELECT id, order_id FROM order_events WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(after).bind(limit).fetch_all(c).await)?)
}

/// The texts of these orders, and the notes of their timelines as `(order id, note)`.
pub async fn texts(
    conn: &mut Conn<'_>,
    ids: &[i64],
) -> Result<(Vec<OrderText>, Vec<(i64, String)>)> {
    if ids.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut s = Statement::new(
        "SELECT id, registered_at, content, reply, status, court_id, department_id, handler_id \
         FROM orders WHERE id IN ",
    );
    s.bind_list(ids.iter().copied());
    let texts = on!(conn, c => {
        let q = sqlx::query_as::<_, OrderText>(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_all(&mut *c).await
    })?;
    let mut s = Statement::new(
        "SELECT order_id, note FROM order_events WHERE note IS NOT NULL AND note <> '' AND order_id IN ",
    );
    s.bind_list(ids.iter().copied());
    s.push(" ORDER BY id");
    let notes = on!(conn, c => {
        let q = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_all(c).await
    })?;
    Ok((texts, notes))
}

/// Moves the indexer's position from `from` to `to`, provided nobody moved it meanwhile;
/// false when another indexer did (its work is then to be undone).
pub async fn advance(tx: &mut Tx, from: i64, to: i64) -> Result<bool> {
    let conn = &mut tx.conn();
    let done = on!(conn, c => sqlx::query(
        "UPDATE search_state SET indexed_event = $1 WHERE id = 1 AND indexed_event = $2")
        .bind(to).bind(from).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Rows per statement when writing the index.
const ROWS_PER_STATEMENT: usize = 200;

/// Replaces the index rows and fingerprints of these orders.
pub async fn write(tx: &mut Tx, orders: &[IndexedOrder]) -> Result<()> {
    for chunk in orders.chunks(ROWS_PER_STATEMENT) {
        let ids: Vec<i64> = chunk.iter().map(|o| o.id).collect();
        let backend = tx.backend();
        let conn = &mut tx.conn();
        match conn {
            Conn::Sqlite(c) => {
                let mut s = Statement::new("DELETE FROM order_search WHERE rowid IN ");
                s.bind_list(ids.iter().copied());
                bind_args!(sqlx::query(sqlx::AssertSqlSafe(s.sql)), s.args)
                    .execute(&mut **c)
                    .await?;
                let sql = format!(
                    "INSERT INTO order_search (rowid, words, scope) VALUES {}",
                    value_rows(backend, chunk.len(), 3)
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for o in chunk {
                    q = q
                        .bind(o.id)
                        .bind(o.words.as_str())
                        .bind(scope_tokens(o, "").join(" "));
                }
                q.execute(&mut **c).await?;
            }
            Conn::Postgres(c) => {
                let words: Vec<&str> = chunk.iter().map(|o| o.words.as_str()).collect();
                let scopes: Vec<String> = chunk
                    .iter()
                    .map(|o| {
                        let mut tokens = scope_tokens(o, SCOPE_MARK);
                        let mut prefixes = vec![SCOPE_MARK.to_string()];
                        prefixes.extend(tokens.iter().cloned());
                        tokens.extend(ranges::tokens(o.id, &prefixes));
                        tokens.join(" ")
                    })
                    .collect();
                sqlx::query(
                    "INSERT INTO order_search (order_id, words, vector) \
                     SELECT t.id, t.w, array_to_tsvector(array_remove( \
                         string_to_array(t.w, ' ') || string_to_array(t.s, ' '), '')) \
                     FROM UNNEST($1::BIGINT[], $2::TEXT[], $3::TEXT[]) AS t (id, w, s) \
                     ON CONFLICT (order_id) DO UPDATE SET words = EXCLUDED.words, vector = EXCLUDED.vector",
                )
                .bind(&ids)
                .bind(&words)
                .bind(&scopes)
                .execute(&mut **c)
                .await?;
            }
        }
        let mut s = Statement::new("DELETE FROM order_fingerprints WHERE order_id IN ");
        s.bind_list(ids.iter().copied());
        on!(conn, c => bind_args!(sqlx::query(sqlx::AssertSqlSafe(s.sql)), s.args)
            .execute(&mut *c).await.map(|r| r.rows_affected()))?;
        let sql = format!(
            "INSERT INTO order_fingerprints (band_key, order_id, registered_at, simhash) VALUES {}",
            value_rows(backend, chunk.len() * 4, 4)
        );
        on!(conn, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for o in chunk {
                for band in o.bands {
                    q = q.bind(band).bind(o.id).bind(o.registered_at).bind(o.simhash);
                }
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// What marks a scope lexeme on PostgreSQL (indexed words never contain it).
const SCOPE_MARK: &str = "#";

/// The scope tokens of an indexed order, each prefixed with `mark`.
fn scope_tokens(o: &IndexedOrder, mark: &str) -> Vec<String> {
    [
        ("c", o.court_id),
        ("d", o.department_id),
        ("h", o.handler_id),
    ]
    .into_iter()
    .filter_map(|(kind, id)| id.map(|id| format!("{mark}{kind}{id}")))
    .collect()
}

/// Orders registered since `since` whose content fingerprint shares a band with `bands`:
/// `(order id, simhash)`, at most `limit`, newest first.
///
/// Each band is read separately, newest first along its `(band_key, registered_at)` index and
/// cut at `limit`, so that a very common text (thousands of orders per band) costs `limit`
/// rows per band instead of all of them sorted.
pub async fn sharing_a_band(
    conn: &mut Conn<'_>,
    bands: [i64; 4],
    since: i64,
    limit: i64,
) -> Result<Vec<(i64, i64)>> {
    let mut s = Statement::new("");
    for (i, band) in bands.into_iter().enumerate() {
        if i > 0 {
            s.push(" UNION ALL ");
        }
        s.push("SELECT * FROM (SELECT order_id, simhash FROM order_fingerprints WHERE band_key = ")
            .bind(Arg::Int(band));
        s.push(" AND registered_at >= ").bind(Arg::Int(since));
        s.push(" ORDER BY registered_at DESC LIMIT ")
            .bind(Arg::Int(limit));
        s.push(") b");
        s.push(&i.to_string());
    }
    let mut found: Vec<(i64, i64)> = on!(conn, c => {
        let q = sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_all(c).await
    })?;
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.dedup_by_key(|f| f.0);
    found.truncate(limit as usize);
    Ok(found)
}

/// An order of a period with its indexed words.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PeriodOrder {
    pub id: i64,
    pub words: String,
    pub court_id: Option<i64>,
    pub department_id: Option<i64>,
}

/// The indexed words of the orders in `scope` registered in `[from, to)`, newest first, at
/// most `limit`.
pub async fn words_between(
    conn: &mut Conn<'_>,
    scope: &Scope,
    from: i64,
    to: i64,
    limit: i64,
) -> Result<Vec<PeriodOrder>> {
    let join = match conn {
        Conn::Sqlite(_) => "s.rowid = o.id",
        Conn::Postgres(_) => "s.order_id = o.id",
    };
    let mut s = Statement::new(&format!(
        "SELECT o.id, s.words, o.court_id, o.department_id FROM orders o JOIN order_search s ON {join}"
    ));
    s.push(" WHERE o.registered_at >= ").bind(Arg::Int(from));
    s.push(" AND o.registered_at < ").bind(Arg::Int(to));
    restrict_to_scope(&mut s, scope);
    s.push(" ORDER BY o.id DESC LIMIT ").bind(Arg::Int(limit));
    Ok(on!(conn, c => {
        let q = sqlx::query_as::<_, PeriodOrder>(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_all(c).await
    })?)
}
