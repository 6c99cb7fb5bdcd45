//! 常用查询 list filters a user saved under a name.

use chrono::{DateTime, Utc};
use tongban_domain::UserId;

use crate::{Conn, Result, Tx, millis};

/// A saved list view: its name and the query string of its filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    pub query: String,
}

pub async fn of_user(conn: &mut Conn<'_>, user: UserId) -> Result<Vec<SavedView>> {
    let rows: Vec<(i64, String, String)> = on!(conn, c => sqlx::query_as(
        "SELECT id, name, query FROM saved_views WHERE user_id = $1 ORDER BY name")
        .bind(user.0).fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, query)| SavedView { id, name, query })
        .collect())
}

/// Saves (or replaces) a view under its name.
pub async fn save(
    tx: &mut Tx,
    user: UserId,
    name: &str,
    query: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "INSERT INTO saved_views (user_id, name, query, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, name) DO UPDATE SET query = excluded.query")
        .bind(user.0).bind(name).bind(query).bind(millis(at)).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Deletes one of the user's views; false when there is none with that id.
pub async fn delete(tx: &mut Tx, user: UserId, id: i64) -> Result<bool> {
    let conn = &mut tx.conn();
    let done = on!(conn, c => sqlx::query("DELETE FROM saved_views WHERE id = $1 AND user_id = $2")
        .bind(id).bind(user.0).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}
