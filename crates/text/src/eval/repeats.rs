//! Repeat-appeal evaluation (重复诉求) on `gov_messages_unlabeled.csv`: which same-user
//! re-postings of a matter the near-duplicate index finds, with a sample for a person to judge.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::data::read_csv;
use crate::error::TextError;
use crate::near_dup::{NearDupConfig, NearDupIndex};
use crate::rng::SplitMix64;

/// A flagged pair for a person to read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlaggedPair {
    /// The user who posted both.
    pub user: String,
    /// Content similarity (Jaccard of character bigrams).
    pub score: f32,
    /// Subject and the first characters of the detail of the first message.
    pub a: String,
    /// The same for the second message.
    pub b: String,
}

/// Figures of the repeats evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepeatsEval {
    /// Messages indexed.
    pub messages: usize,
    /// Users with more than one message.
    pub users_with_several: usize,
    /// Pairs of messages by the same user.
    pub same_user_pairs: usize,
    /// Same-user pairs flagged at `threshold`.
    pub same_user_flagged: usize,
    /// Users with at least one flagged pair.
    pub users_flagged: usize,
    /// Pairs by different users flagged at `threshold`.
    pub cross_user_flagged: usize,
    /// The similarity threshold.
    pub threshold: f32,
    /// A deterministic random sample of flagged same-user pairs.
    pub sample: Vec<FlaggedPair>,
    /// Mean lookup time per message in microseconds (index of all messages).
    pub lookup_us: f64,
}

/// Indexes every message (subject + detail) and flags pairs at or above `threshold`.
pub fn repeats_eval(
    csv: &Path,
    threshold: f32,
    sample_size: usize,
    seed: u64,
) -> Result<RepeatsEval, TextError> {
    let rows = read_csv(csv, b',', &["subject", "detail"], "user")?;
    let texts: Vec<String> = rows
        .iter()
        .map(|(f, _)| format!("{}\n{}", f[0], f[1]))
        .collect();
    let mut index = NearDupIndex::new(NearDupConfig::default());
    for (i, t) in texts.iter().enumerate() {
        index.insert(i, t);
    }
    let mut by_user: HashMap<&str, usize> = HashMap::new();
    for (_, u) in &rows {
        *by_user.entry(u.as_str()).or_insert(0) += 1;
    }
    let same_user_pairs = by_user.values().map(|&c| c * (c - 1) / 2).sum();
    let t = std::time::Instant::now();
    let mut flagged: Vec<(usize, usize, f32)> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        for (j, s) in index.query(text, threshold, 50) {
            if j > i {
                flagged.push((i, j, s));
            }
        }
    }
    let lookup_us = t.elapsed().as_secs_f64() * 1e6 / texts.len().max(1) as f64;
    let same: Vec<&(usize, usize, f32)> = flagged
        .iter()
        .filter(|p| rows[p.0].1 == rows[p.1].1)
        .collect();
    let mut users: Vec<&str> = same.iter().map(|p| rows[p.0].1.as_str()).collect();
    users.sort();
    users.dedup();
    let mut order: Vec<usize> = (0..same.len()).collect();
    SplitMix64::new(seed).shuffle(&mut order);
    let show = |i: usize| {
        format!(
            "{} | {}",
            rows[i].0[0],
            rows[i].0[1].chars().take(60).collect::<String>()
        )
    };
    let sample = order
        .iter()
        .take(sample_size)
        .map(|&k| {
            let p = same[k];
            FlaggedPair {
                user: rows[p.0].1.clone(),
                score: p.2,
                a: show(p.0),
                b: show(p.1),
            }
        })
        .collect();
    Ok(RepeatsEval {
        messages: rows.len(),
        users_with_several: by_user.values().filter(|&&c| c > 1).count(),
        same_user_pairs,
        same_user_flagged: same.len(),
        users_flagged: users.len(),
        cross_user_flagged: flagged.len() - same.len(),
        threshold,
        sample,
        lookup_us,
    })
}
