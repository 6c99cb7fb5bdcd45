//! The audit log's storage: appending to the hash chain inside the caller's transaction,
//! and reading it back in order for verification.

use sqlx::Row;
use tongban_domain::audit::{AuditFact, AuditRecord, ChainBreak, ChainVerifier, GENESIS};

use crate::args::value_rows;
use crate::{Conn, Result, Tx, instant, millis};

/// Serialises chain appends of several PostgreSQL instances (a transaction-scoped lock).
const CHAIN_LOCK: i64 = 0x0712_3680;

/// Appends facts to the chain, in the same transaction as the changes they record;
/// returns the sequence number of the last.
pub async fn append_many(tx: &mut Tx, facts: Vec<AuditFact>) -> Result<i64> {
    let (mut seq, mut hash) = match tx.audit_head.take() {
        Some(head) => head,
        None => read_head_for_append(tx).await?,
    };
    let mut records = Vec::with_capacity(facts.len());
    for mut fact in facts {
        // Stored with millisecond precision; hash exactly what is stored.
        fact.at = instant(millis(fact.at))?;
        let record = AuditRecord::link(fact, seq, &hash);
        (seq, hash) = (record.seq, record.hash.clone());
        records.push(record);
    }
    for chunk in records.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO audit_log (seq, at, actor_id, actor, action, entity, entity_id, detail, prev_hash, hash) VALUES {}",
            value_rows(tx.backend(), chunk.len(), 10)
        );
        let conn = &mut tx.conn();
        on!(conn, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for r in chunk {
                let f = &r.fact;
                q = q.bind(r.seq).bind(millis(f.at)).bind(f.actor_id).bind(&f.actor).bind(&f.action)
                    .bind(&f.entity).bind(f.entity_id).bind(&f.detail).bind(&r.prev_hash).bind(&r.hash);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    tx.audit_head = Some((seq, hash));
    tx.audit_dirty = true;
    Ok(seq)
}

/// Rows per INSERT statement.
const ROWS_PER_STATEMENT: usize = 1_000;

/// The head to append after. On PostgreSQL the chain's lock is taken first, in the same round
/// trip (two statements of one simple query: the read gets its snapshot after the lock).
async fn read_head_for_append(tx: &mut Tx) -> Result<(i64, String)> {
    let head = match &mut tx.conn() {
        Conn::Postgres(c) => {
            let sql = format!(
                "SELECT pg_advisory_xact_lock({CHAIN_LOCK}); SELECT seq, hash FROM audit_head WHERE id = 1"
            );
            let rows = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut **c)
                .await?;
            match rows.iter().find(|row| row.columns().len() == 2) {
                Some(row) => Some((row.try_get(0)?, row.try_get(1)?)),
                None => None,
            }
        }
        conn => head(conn).await?,
    };
    Ok(head.unwrap_or((0, GENESIS.to_string())))
}

/// Records the chain's new head; the writer calls this once per batch, before committing.
pub(crate) async fn store_head(tx: &mut Tx) -> Result<()> {
    let Some((seq, hash)) = tx.audit_head.clone().filter(|_| tx.audit_dirty) else {
        return Ok(());
    };
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash")
        .bind(seq).bind(&hash).execute(c).await.map(|r| r.rows_affected()))?;
    tx.audit_dirty = false;
    Ok(())
}

/// The newest `(seq, hash)` as recorded in the head row.
pub async fn head(conn: &mut Conn<'_>) -> Result<Option<(i64, String)>> {
    Ok(on!(conn, c => sqlx::query_as::<_, (i64, String)>(
        "SELECT seq, hash FROM audit_head WHERE id = 1").fetch_optional(c).await)?)
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    at: i64,
    actor_id: i64,
    actor: String,
    action: String,
    entity: String,
    entity_id: Option<i64>,
    detail: String,
    prev_hash: String,
    hash: String,
}

impl AuditRow {
    fn into_record(self) -> Result<AuditRecord> {
        Ok(AuditRecord {
            seq: self.seq,
            fact: AuditFact {
                at: instant(self.at)?,
                actor_id: self.actor_id,
                actor: self.actor,
                action: self.action,
                entity: self.entity,
                entity_id: self.entity_id,
                detail: self.detail,
            },
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

const SELECT_RECORDS: &str = "SELECT seq, at, actor_id, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_log";

/// Up to `limit` records after `after_seq`, oldest first.
pub async fn records_after(
    conn: &mut Conn<'_>,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<AuditRecord>> {
    let rows = on!(conn, c => sqlx::query_as::<_, AuditRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT_RECORDS} WHERE seq > $1 ORDER BY seq LIMIT $2")))
        .bind(after_seq).bind(limit).fetch_all(c).await)?;
    rows.into_iter().map(AuditRow::into_record).collect()
}

/// The records about one entity (e.g. an order), oldest first.
pub async fn records_of(
    conn: &mut Conn<'_>,
    entity: &str,
    entity_id: i64,
) -> Result<Vec<AuditRecord>> {
    let rows = on!(conn, c => sqlx::query_as::<_, AuditRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT_RECORDS} WHERE entity = $1 AND entity_id = $2 ORDER BY seq")))
        .bind(entity).bind(entity_id).fetch_all(c).await)?;
    rows.into_iter().map(AuditRow::into_record).collect()
}

/// Walks the whole chain in order. `Ok(Ok(n))`: intact with `n` records; `Ok(Err(b))`: broken at `b`.
pub async fn verify(conn: &mut Conn<'_>) -> Result<Result<u64, ChainBreak>> {
    const PAGE: i64 = 10_000;
    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    loop {
        let page = records_after(conn, after, PAGE).await?;
        for record in &page {
            if let Err(broken) = verifier.feed(record) {
                return Ok(Err(broken));
            }
        }
        match page.last() {
            Some(last) if page.len() as i64 == PAGE => after = last.seq,
            _ => break,
        }
    }
    let head = head(conn).await?;
    Ok(verifier.finish(head.as_ref().map(|(seq, hash)| (*seq, hash.as_str()))))
}
