//! 知识库 knowledge-base entries and their versions.

use crate::args::Statement;
use crate::{Arg, Conn, Result, Tx};

/// An entry as stored; `alternatives` is a JSON array, the dates `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub category: String,
    pub question: String,
    pub alternatives: String,
    pub answer: String,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub owner: String,
    pub status: String,
    pub version: i64,
    pub updated_at: i64,
    pub updated_by: String,
}

const COLUMNS: &str = "id, category, question, alternatives, answer, valid_from, valid_to, owner, \
    status, version, updated_at, updated_by";

/// Inserts a new entry (its `id` is ignored); returns the id given.
pub async fn insert(tx: &mut Tx, e: &EntryRow) -> Result<i64> {
    let conn = &mut tx.conn();
    Ok(on!(conn, c => sqlx::query_scalar(
        "INSERT INTO kb_entries (category, question, alternatives, answer, valid_from, valid_to, owner, \
         status, version, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
        .bind(&e.category).bind(&e.question).bind(&e.alternatives).bind(&e.answer)
        .bind(e.valid_from.as_deref()).bind(e.valid_to.as_deref()).bind(&e.owner).bind(&e.status)
        .bind(e.version).bind(e.updated_at).bind(&e.updated_by).fetch_one(c).await)?)
}

/// Writes the entry's new state if its stored version is `expected_version`.
pub async fn update(tx: &mut Tx, e: &EntryRow, expected_version: i64) -> Result<bool> {
    let conn = &mut tx.conn();
    let done = on!(conn, c => sqlx::query(
        "UPDATE kb_entries SET category = $1, question = $2, alternatives = $3, answer = $4, valid_from = $5, \
         valid_to = $6, owner = $7, status = $8, version = $9, updated_at = $10, updated_by = $11 \
         WHERE id = $12 AND version = $13")
        .bind(&e.category).bind(&e.question).bind(&e.alternatives).bind(&e.answer)
        .bind(e.valid_from.as_deref()).bind(e.valid_to.as_deref()).bind(&e.owner).bind(&e.status)
        .bind(e.version).bind(e.updated_at).bind(&e.updated_by).bind(e.id).bind(expected_version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Keeps a version of an entry (the JSON of its content).
pub async fn add_version(
    tx: &mut Tx,
    entry_id: i64,
    version: i64,
    content: &str,
    at: i64,
    by: &str,
) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "INSERT INTO kb_versions (entry_id, version, content, at, by_name) VALUES ($1, $2, $3, $4, $5)")
        .bind(entry_id).bind(version).bind(content).bind(at).bind(by)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(conn: &mut Conn<'_>, id: i64) -> Result<Option<EntryRow>> {
    Ok(on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM kb_entries WHERE id = $1")))
        .bind(id).fetch_optional(c).await)?)
}

/// Every entry with this status (the virtual agent's index reads the published ones).
pub async fn with_status(conn: &mut Conn<'_>, status: &str) -> Result<Vec<EntryRow>> {
    Ok(on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM kb_entries WHERE status = $1 ORDER BY id")))
        .bind(status).fetch_all(c).await)?)
}

/// A page of entries (by category, then id) and how many match.
pub async fn list(
    conn: &mut Conn<'_>,
    status: Option<&str>,
    category: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<EntryRow>, i64)> {
    let mut w = Statement::new(" WHERE 1 = 1");
    if let Some(status) = status {
        w.push(" AND status = ").bind(Arg::Text(status.to_string()));
    }
    if let Some(category) = category {
        w.push(" AND category = ")
            .bind(Arg::Text(category.to_string()));
    }
    let total = crate::args::count_matching(conn, "kb_entries", &w).await?;
    w.push(" ORDER BY category, id LIMIT ")
        .bind(Arg::Int(limit));
    w.push(" OFFSET ").bind(Arg::Int(offset));
    let sql = format!("SELECT {COLUMNS} FROM kb_entries{}", w.sql);
    let rows = on!(conn, c => {
        let q = sqlx::query_as::<_, EntryRow>(sqlx::AssertSqlSafe(sql));
        bind_args!(q, w.args).fetch_all(c).await
    })?;
    Ok((rows, total))
}

/// A kept version.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VersionRow {
    pub version: i64,
    pub content: String,
    pub at: i64,
    pub by_name: String,
}

/// Every version of an entry, newest first.
pub async fn versions(conn: &mut Conn<'_>, entry_id: i64) -> Result<Vec<VersionRow>> {
    Ok(on!(conn, c => sqlx::query_as(
        "SELECT version, content, at, by_name FROM kb_versions WHERE entry_id = $1 ORDER BY version DESC")
        .bind(entry_id).fetch_all(c).await)?)
}

/// How many entries exist.
pub async fn count(conn: &mut Conn<'_>) -> Result<i64> {
    Ok(on!(conn, c => sqlx::query_scalar("SELECT COUNT(*) FROM kb_entries").fetch_one(c).await)?)
}
