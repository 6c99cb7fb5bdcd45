//! Day counters for human-readable order numbers (`SZ-20261126-0001`).

use crate::{Result, Tx};

/// The next serial of `day` (e.g. `20261126`), starting at 1.
pub async fn next(tx: &mut Tx, day: &str) -> Result<i64> {
    let conn = &mut tx.conn();
    Ok(on!(conn, c => sqlx::query_scalar(
        "INSERT INTO order_counters (day, last) VALUES ($1, 1) \
         ON CONFLICT (day) DO UPDATE SET last = order_counters.last + 1 RETURNING last")
        .bind(day).fetch_one(c).await)?)
}
