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

/// Ends a bulk load: PostgreSQL's identity sequence continues after the largest explicit id.
pub async fn finish_load(tx: &mut Tx) -> Result<()> {
    if tx.backend() != Backend::Postgres {
        return Ok(());
    }
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT COALESCE(MAX(id), 1) FROM orders))")
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Takes planner statistics of the bulk-loaded orders and their timelines, so that reading
/// them back (the search indexer) goes through their indexes: without statistics PostgreSQL
/// scanned all of `order_events` for each batch the indexer read (about 1 s a batch).
/// The search tables are left alone: statistics taken while they are still empty would make
/// SQLite scan them in every round of the indexing.
pub async fn analyze_loaded(db: &crate::Db) -> Result<()> {
    let mut read = db.read().await?;
    let conn = &mut read.conn();
    for statement in ["ANALYZE orders", "ANALYZE order_events"] {
        on!(conn, c => sqlx::query(statement).execute(&mut *c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Refreshes planner statistics (and on PostgreSQL the visibility map, which index-only scans
/// need) after a bulk load, as the databases' own maintenance would in time.
pub async fn maintain(db: &crate::Db) -> Result<()> {
    let statement = match db.backend() {
        Backend::Sqlite => "ANALYZE",
        Backend::Postgres => "VACUUM ANALYZE",
    };
    let mut read = db.read().await?;
    let conn = &mut read.conn();
    on!(conn, c => sqlx::query(statement).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
