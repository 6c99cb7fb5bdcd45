//! Day counters for human-readable order numbers (`SZ-20261126-0001`).

use crate::{Result, Tx};

/// Takes the next `count` serials of `day` (e.g. `20261126`, serials start at 1); returns
/// the last of them.
pub async fn take(tx: &mut Tx, day: &str, count: i64) -> Result<i64> {
    let conn = &mut tx.conn();
    Ok(on!(conn, c => sqlx::query_scalar(
        "INSERT INTO order_counters (day, last) VALUES ($1, $2) \
         ON CONFLICT (day) DO UPDATE SET last = order_counters.last + excluded.last RETURNING last")
        .bind(day).bind(count).fetch_one(c).await)?)
}
