//! Scheduled jobs of the text intelligence (the retrain, the rising-topic check) and the
//! rising-topic notices sent. A job's run is claimed by inserting its `(job, slot)` row, so
//! that of several instances exactly one runs it; a claim older than the lease whose run never
//! finished (its instance stopped) may be taken over.

use crate::{Conn, Result, Tx};

/// Claims the run of `job` for `slot`: true when this caller is to run it.
pub async fn claim(tx: &mut Tx, job: &str, slot: i64, now: i64, lease_ms: i64) -> Result<bool> {
    let conn = &mut tx.conn();
    let inserted = on!(conn, c => sqlx::query(
        "INSERT INTO intel_runs (job, slot, started_at) VALUES ($1, $2, $3) \
         ON CONFLICT (job, slot) DO NOTHING")
        .bind(job).bind(slot).bind(now).execute(&mut *c).await.map(|r| r.rows_affected()))?;
    if inserted == 1 {
        return Ok(true);
    }
    let taken = on!(conn, c => sqlx::query(
        "UPDATE intel_runs SET started_at = $3 \
         WHERE job = $1 AND slot = $2 AND finished_at IS NULL AND started_at < $4")
        .bind(job).bind(slot).bind(now).bind(now - lease_ms)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(taken == 1)
}

/// Records how the run of `job` for `slot` ended.
pub async fn finish(tx: &mut Tx, job: &str, slot: i64, now: i64, outcome: &str) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "UPDATE intel_runs SET finished_at = $3, outcome = $4 WHERE job = $1 AND slot = $2")
        .bind(job).bind(slot).bind(now).bind(outcome).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A finished or running job: `(slot, started_at, finished_at, outcome)`, newest first.
pub type Run = (i64, i64, Option<i64>, Option<String>);

/// The newest runs of `job`, at most `limit`.
pub async fn runs(conn: &mut Conn<'_>, job: &str, limit: i64) -> Result<Vec<Run>> {
    Ok(on!(conn, c => sqlx::query_as(
        "SELECT slot, started_at, finished_at, outcome FROM intel_runs WHERE job = $1 \
         ORDER BY slot DESC LIMIT $2")
        .bind(job).bind(limit).fetch_all(c).await)?)
}

/// When the newest triage model was trained (none when there is none).
pub async fn newest_model_at(conn: &mut Conn<'_>) -> Result<Option<i64>> {
    Ok(
        on!(conn, c => sqlx::query_scalar("SELECT MAX(trained_at) FROM triage_models")
        .fetch_one(c).await)?,
    )
}

/// Whether any order was registered before `at`.
pub async fn orders_before(conn: &mut Conn<'_>, at: i64) -> Result<bool> {
    let found: Option<i64> = on!(conn, c => sqlx::query_scalar(
        "SELECT id FROM orders WHERE registered_at < $1 LIMIT 1")
        .bind(at).fetch_optional(c).await)?;
    Ok(found.is_some())
}

/// Records that the office was told about the rising topic `keyword` in `week`: false when it
/// already was.
pub async fn note_rising_topic(
    tx: &mut Tx,
    week: i64,
    keyword: &str,
    count: i64,
    now: i64,
) -> Result<bool> {
    let conn = &mut tx.conn();
    let inserted = on!(conn, c => sqlx::query(
        "INSERT INTO topic_notices (week, keyword, count, sent_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (week, keyword) DO NOTHING")
        .bind(week).bind(keyword).bind(count).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(inserted == 1)
}
