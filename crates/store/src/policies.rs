//! 办理时限 the versions of the deadline policy, each a JSON document; never changed.

use chrono::{DateTime, Utc};
use tongban_domain::UserId;

use crate::{Conn, Result, Tx, millis};

/// Every stored version, oldest first: (version, policy JSON).
pub async fn all(conn: &mut Conn<'_>) -> Result<Vec<(i64, String)>> {
    Ok(on!(conn, c => sqlx::query_as(
        "SELECT version, policy FROM deadline_policies ORDER BY version").fetch_all(c).await)?)
}

/// Stores a version; false when that version exists already.
pub async fn insert(
    tx: &mut Tx,
    version: i64,
    policy: &str,
    at: DateTime<Utc>,
    by: Option<UserId>,
) -> Result<bool> {
    let conn = &mut tx.conn();
    let done = on!(conn, c => sqlx::query(
        "INSERT INTO deadline_policies (version, policy, created_at, created_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (version) DO NOTHING")
        .bind(version).bind(policy).bind(millis(at)).bind(by.map(|u| u.0))
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}
