//! 审计日志 the append-only audit log. Each record's hash covers its content and the hash
//! of the record before it, so altering or removing any record breaks the chain after it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash that the first record links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What is recorded: who did what to which thing, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditFact {
    pub at: DateTime<Utc>,
    pub actor_id: i64,
    pub actor: String,
    /// e.g. `order.dispatch`, `order.view`, `user.create`
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    /// JSON text with the particulars.
    pub detail: String,
}

/// A fact with its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    #[serde(flatten)]
    pub fact: AuditFact,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRecord {
    /// Links `fact` after the record `(prev_seq, prev_hash)`.
    pub fn link(fact: AuditFact, prev_seq: i64, prev_hash: &str) -> AuditRecord {
        let seq = prev_seq + 1;
        let hash = hash_of(seq, &fact, prev_hash);
        AuditRecord {
            seq,
            fact,
            prev_hash: prev_hash.to_string(),
            hash,
        }
    }
}

/// SHA-256 over the sequence number, every field (each length-prefixed, so no two
/// different records serialise alike) and the previous hash.
fn hash_of(seq: i64, fact: &AuditFact, prev_hash: &str) -> String {
    let mut hasher = Sha256::new();
    let at = fact.at.timestamp_millis().to_string();
    let entity_id = fact.entity_id.map(|id| id.to_string()).unwrap_or_default();
    let fields = [
        seq.to_string(),
        at,
        fact.actor_id.to_string(),
        fact.actor.clone(),
        fact.action.clone(),
        fact.entity.clone(),
        entity_id,
        fact.detail.clone(),
        prev_hash.to_string(),
    ];
    for field in &fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Where and why the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("审计记录 #{seq} 校验失败：{reason}")]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: String,
}

/// Checks records fed in sequence order, then the recorded head of the chain.
#[derive(Debug)]
pub struct ChainVerifier {
    last_seq: i64,
    last_hash: String,
    checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            last_seq: 0,
            last_hash: GENESIS.to_string(),
            checked: 0,
        }
    }
}

impl ChainVerifier {
    pub fn feed(&mut self, record: &AuditRecord) -> Result<(), ChainBreak> {
        let expected_seq = self.last_seq + 1;
        if record.seq != expected_seq {
            return Err(ChainBreak {
                seq: expected_seq,
                reason: format!("记录缺失（下一条为 #{}）", record.seq),
            });
        }
        if record.prev_hash != self.last_hash {
            return Err(ChainBreak {
                seq: record.seq,
                reason: "与前一条记录的哈希不衔接".into(),
            });
        }
        if hash_of(record.seq, &record.fact, &record.prev_hash) != record.hash {
            return Err(ChainBreak {
                seq: record.seq,
                reason: "内容与哈希不符（记录被篡改）".into(),
            });
        }
        self.last_seq = record.seq;
        self.last_hash = record.hash.clone();
        self.checked += 1;
        Ok(())
    }

    /// Compares the end of the chain with the separately kept head, which reveals a
    /// removal of the newest records. Returns how many records were checked.
    pub fn finish(self, head: Option<(i64, &str)>) -> Result<u64, ChainBreak> {
        let (head_seq, head_hash) = head.unwrap_or((0, GENESIS));
        if head_seq != self.last_seq || head_hash != self.last_hash {
            return Err(ChainBreak {
                seq: self.last_seq + 1,
                reason: format!("链尾不符：应有 #{head_seq}，实际止于 #{}", self.last_seq),
            });
        }
        Ok(self.checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(action: &str) -> AuditFact {
        AuditFact {
            at: DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
            actor_id: 3,
            actor: "agent1".into(),
            action: action.into(),
            entity: "order".into(),
            entity_id: Some(9),
            detail: "{}".into(),
        }
    }

    fn chain(n: usize) -> Vec<AuditRecord> {
        let mut out: Vec<AuditRecord> = Vec::new();
        for i in 0..n {
            let (seq, hash) = out
                .last()
                .map_or((0, GENESIS.to_string()), |r| (r.seq, r.hash.clone()));
            out.push(AuditRecord::link(fact(&format!("a{i}")), seq, &hash));
        }
        out
    }

    fn verify(records: &[AuditRecord], head: Option<(i64, &str)>) -> Result<u64, ChainBreak> {
        let mut v = ChainVerifier::default();
        for r in records {
            v.feed(r)?;
        }
        v.finish(head)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let records = chain(5);
        let head = records.last().map(|r| (r.seq, r.hash.as_str()));
        assert_eq!(verify(&records, head), Ok(5));
    }

    #[test]
    fn an_altered_record_is_named() {
        let mut records = chain(5);
        records[2].fact.detail = "{\"x\":1}".into();
        let head = records.last().map(|r| (r.seq, r.hash.clone())).unwrap();
        assert_eq!(
            verify(&records, Some((head.0, &head.1))).unwrap_err().seq,
            3
        );
    }

    #[test]
    fn removed_records_are_found_in_the_middle_and_at_the_end() {
        let records = chain(5);
        let head = records.last().map(|r| (r.seq, r.hash.clone())).unwrap();
        let mut gap = records.clone();
        gap.remove(1);
        assert_eq!(verify(&gap, Some((head.0, &head.1))).unwrap_err().seq, 2);
        let truncated = &records[..4];
        assert_eq!(
            verify(truncated, Some((head.0, &head.1))).unwrap_err().seq,
            5
        );
    }
}
