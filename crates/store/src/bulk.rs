//! Bulk loading with explicit ids: for filling a database with a million orders to measure it
//! (`tongban bench fill`). Not used by the running service.

use crate::{Backend, Result, Tx};

pub use crate::events::append_many as insert_events;
pub use crate::orders::insert_with_ids as insert_orders;

/// The largest order id stored, 0 when none.
pub async fn max_order_id(tx: &mut Tx) -> Result<i64> {
    let conn = &mut tx.conn();
    Ok(
        on!(conn, c => sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM orders").fetch_one(c).await)?,
    )
}

/// After explicit ids, PostgreSQL's identity sequence must continue after the largest.
pub async fn reset_sequences(tx: &mut Tx) -> Result<()> {
    if tx.backend() != Backend::Postgres {
        return Ok(());
    }
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT COALESCE(MAX(id), 1) FROM orders))")
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
