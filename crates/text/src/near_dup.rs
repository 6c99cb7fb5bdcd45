//! Near-duplicate detection (重复件/关联件): content fingerprints over character bigram
//! shingles — a 64-bit SimHash for compact storage and quick Hamming comparisons, and a MinHash
//! signature with a banded (LSH) index for lookups — and an exact Jaccard score in `[0, 1]`.
//! Same phone, ID or case number is an exact-key match the caller does in SQL.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::features::{Gram, for_each_token};
use crate::normalize::normalize;
use crate::rng::{SplitMix64, stable_hash};
use crate::segment::Segmenter;

/// A 64-bit SimHash (Charikar 2002) of a text's character bigrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SimHash(pub u64);

impl SimHash {
    /// The fingerprint of `text` (normalised first).
    pub fn of(text: &str) -> SimHash {
        SimHash::from_shingles(&shingles(text))
    }

    fn from_shingles(sh: &[u64]) -> SimHash {
        let mut acc = [0i32; 64];
        for h in sh {
            for (bit, a) in acc.iter_mut().enumerate() {
                *a += if h >> bit & 1 == 1 { 1 } else { -1 };
            }
        }
        SimHash(
            acc.iter()
                .enumerate()
                .fold(0u64, |f, (bit, a)| if *a > 0 { f | 1 << bit } else { f }),
        )
    }

    /// Number of differing bits (0–64).
    pub fn distance(self, other: SimHash) -> u32 {
        (self.0 ^ other.0).count_ones()
    }

    /// The four 16-bit bands as lookup keys (band index in the high bits): two fingerprints
    /// at most 3 bits apart agree on at least one band.
    pub fn band_keys(self) -> [i64; 4] {
        std::array::from_fn(|band| {
            ((band as i64) << 16) | ((self.0 >> (16 * band)) & 0xFFFF) as i64
        })
    }

    /// `1 - distance / 64`: 1 for identical fingerprints; unrelated texts score around 0.5.
    pub fn similarity(self, other: SimHash) -> f32 {
        1.0 - self.distance(other) as f32 / 64.0
    }
}

/// The content fingerprint of one text: shingle set, MinHash signature and SimHash. Store it
/// with the order to avoid recomputing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Sorted, distinct 64-bit hashes of the character bigrams.
    pub shingles: Vec<u64>,
    /// MinHash signature ([`NearDupConfig::bands`] × [`NearDupConfig::rows`] values).
    pub minhash: Vec<u32>,
    /// SimHash of the same shingles.
    pub simhash: SimHash,
}

/// Shape of the MinHash signature and banding.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NearDupConfig {
    /// Number of bands; a pair is a candidate when one band agrees.
    pub bands: usize,
    /// MinHash values per band.
    pub rows: usize,
    /// Buckets larger than this are not scanned (very common content).
    pub max_bucket: usize,
}

impl Default for NearDupConfig {
    /// 20 bands of 3 rows: a pair with Jaccard 0.5 is a candidate with probability 0.93,
    /// 0.4 → 0.74, 0.3 → 0.42, 0.1 → 0.02.
    fn default() -> Self {
        NearDupConfig {
            bands: 20,
            rows: 3,
            max_bucket: 5_000,
        }
    }
}

/// The distinct shingle hashes (character bigrams; a one-character text is its own shingle).
pub fn shingles(text: &str) -> Vec<u64> {
    let norm = normalize(text);
    let mut out = Vec::new();
    for_each_token(Gram::Char2, &norm, Segmenter::global(), |t| {
        out.push(stable_hash(t, 0x5117))
    });
    if out.is_empty() {
        for_each_token(Gram::Char1, &norm, Segmenter::global(), |t| {
            out.push(stable_hash(t, 0x5117))
        });
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard similarity of two sorted distinct shingle lists (0 when both are empty).
pub fn jaccard(a: &[u64], b: &[u64]) -> f32 {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f32 / union as f32
    }
}

/// Content similarity of two texts in `[0, 1]` (Jaccard of character bigrams).
pub fn similarity(a: &str, b: &str) -> f32 {
    jaccard(&shingles(a), &shingles(b))
}

/// A banded MinHash index of fingerprints, keyed by the caller's id (e.g. an order id).
#[derive(Debug, Clone)]
pub struct NearDupIndex<K> {
    config: NearDupConfig,
    seeds: Vec<(u64, u64)>,
    docs: Vec<(K, Fingerprint)>,
    buckets: HashMap<(u32, u64), Vec<u32>>,
}

impl<K: Clone> NearDupIndex<K> {
    /// An empty index.
    pub fn new(config: NearDupConfig) -> Self {
        let mut rng = SplitMix64::new(0x00D0_D0D0);
        let seeds = (0..config.bands * config.rows)
            .map(|_| (rng.next_u64() | 1, rng.next_u64()))
            .collect();
        NearDupIndex {
            config,
            seeds,
            docs: Vec::new(),
            buckets: HashMap::new(),
        }
    }

    /// The fingerprint of `text` under this index's configuration.
    pub fn fingerprint(&self, text: &str) -> Fingerprint {
        let sh = shingles(text);
        let minhash = self
            .seeds
            .iter()
            .map(|&(a, b)| {
                sh.iter()
                    .map(|&h| (h.wrapping_mul(a).wrapping_add(b) >> 32) as u32)
                    .min()
                    .unwrap_or(u32::MAX)
            })
            .collect();
        Fingerprint {
            simhash: SimHash::from_shingles(&sh),
            shingles: sh,
            minhash,
        }
    }

    /// Adds a text under `key`.
    pub fn insert(&mut self, key: K, text: &str) {
        let fp = self.fingerprint(text);
        self.insert_fingerprint(key, fp);
    }

    /// Adds a precomputed fingerprint (from [`NearDupIndex::fingerprint`] with the same config).
    pub fn insert_fingerprint(&mut self, key: K, fp: Fingerprint) {
        let id = self.docs.len() as u32;
        if !fp.shingles.is_empty() {
            for band in 0..self.config.bands {
                self.buckets
                    .entry((band as u32, self.band_key(&fp, band)))
                    .or_default()
                    .push(id);
            }
        }
        self.docs.push((key, fp));
    }

    /// Indexed texts at or above `min_score` (Jaccard) for `text`, best first, at most `limit`.
    pub fn query(&self, text: &str, min_score: f32, limit: usize) -> Vec<(K, f32)> {
        let fp = self.fingerprint(text);
        self.query_fingerprint(&fp, min_score, limit)
            .into_iter()
            .map(|(i, s)| (self.docs[i].0.clone(), s))
            .collect()
    }

    /// Like [`NearDupIndex::query`] but returns insertion positions (0-based) and scores.
    pub fn query_fingerprint(
        &self,
        fp: &Fingerprint,
        min_score: f32,
        limit: usize,
    ) -> Vec<(usize, f32)> {
        let mut cand: Vec<u32> = Vec::new();
        for band in 0..self.config.bands {
            if let Some(b) = self.buckets.get(&(band as u32, self.band_key(fp, band)))
                && b.len() <= self.config.max_bucket
            {
                cand.extend_from_slice(b);
            }
        }
        cand.sort_unstable();
        cand.dedup();
        let mut out: Vec<(usize, f32)> = cand
            .into_iter()
            .map(|i| {
                (
                    i as usize,
                    jaccard(&fp.shingles, &self.docs[i as usize].1.shingles),
                )
            })
            .filter(|&(_, s)| s >= min_score)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(limit);
        out
    }

    /// Number of indexed texts.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The key and fingerprint at an insertion position.
    pub fn get(&self, position: usize) -> Option<&(K, Fingerprint)> {
        self.docs.get(position)
    }

    fn band_key(&self, fp: &Fingerprint, band: usize) -> u64 {
        let r = self.config.rows;
        fp.minhash[band * r..(band + 1) * r]
            .iter()
            .fold(0xCBF2_9CE4_8422_2325u64, |h, v| {
                (h ^ u64::from(*v)).wrapping_mul(0x0000_0100_0000_01B3)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_reworded_repeat_and_not_unrelated() {
        let mut idx = NearDupIndex::new(NearDupConfig::default());
        idx.insert(
            1,
            "我的案子(2023)京0105民初1234号立案已经三个月了还没有开庭,请法院尽快安排开庭审理",
        );
        idx.insert(2, "申请财产保全需要提供哪些材料,担保怎么提供");
        idx.insert(3, "法拍房的税费由谁承担,买受人需要交哪些税");
        let hits = idx.query(
            "案子(2023)京0105民初1234号立案三个月了还没开庭,请尽快安排开庭审理!",
            0.3,
            5,
        );
        assert_eq!(hits.first().map(|h| h.0), Some(1));
        assert!(hits.iter().all(|h| h.0 != 2 && h.0 != 3));
    }

    #[test]
    fn scores() {
        assert_eq!(similarity("诉讼费缓交", "诉讼费缓交"), 1.0);
        assert_eq!(similarity("诉讼费缓交", "法拍房"), 0.0);
        let (a, b) = (
            SimHash::of("申请强制执行需要什么材料"),
            SimHash::of("申请强制执行需要哪些材料"),
        );
        assert!(a.similarity(b) > 0.7, "{}", a.similarity(b));
        assert_eq!(a.distance(a), 0);
    }
}
