//! Administrator-editable settings stored as JSON documents under a key.

use chrono::{DateTime, Utc};

use crate::{Conn, Result, Tx, millis};

pub async fn get(conn: &mut Conn<'_>, key: &str) -> Result<Option<String>> {
    Ok(
        on!(conn, c => sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key).fetch_optional(c).await)?,
    )
}

pub async fn put(tx: &mut Tx, key: &str, value: &str, at: DateTime<Utc>) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
        .bind(key).bind(value).bind(millis(at)).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
