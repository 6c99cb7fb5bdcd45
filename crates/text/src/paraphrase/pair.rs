//! Features of a pair of short texts (句对特征) for the paraphrase decision.

use std::collections::HashSet;

use crate::features::{Gram, Vectorizer, for_each_token, units};
use crate::normalize::normalize;
use crate::rng::stable_hash;
use crate::segment::{Segmenter, is_stopword};
use crate::sparse::SparseVec;

/// Raw features of a pair: dense values (not standardised) and sparse extras.
pub(crate) type RawPair = (Vec<f32>, Vec<(u32, f32)>);

/// Number of dense pair features.
pub(crate) const DENSE: usize = 27;
/// Dense features that also get one-hot bins (crossed with a length bucket).
const BINNED: [usize; 9] = [0, 1, 2, 3, 4, 5, 6, 9, 12];
const BINS: usize = 10;
const LEN_BUCKETS: usize = 3;
/// Size of the hashed bag of non-shared words.
pub(crate) const HASHED: usize = 1 << 16;
/// Offset of the binned features, then of the hashed bag.
pub(crate) const BIN_OFFSET: usize = DENSE;
pub(crate) const HASH_OFFSET: usize = BIN_OFFSET + BINNED.len() * BINS * LEN_BUCKETS;
/// Total dimension.
pub(crate) const DIM: usize = HASH_OFFSET + HASHED;

const NEGATIONS: &[char] = &['不', '没', '未', '别', '勿', '否', '非', '无', '莫'];
const QUESTION_WORDS: &[&str] = &[
    "什么",
    "怎么",
    "怎样",
    "如何",
    "为什么",
    "为何",
    "哪里",
    "哪个",
    "哪些",
    "哪",
    "几",
    "多少",
    "多久",
    "多大",
    "多长",
    "谁",
    "吗",
    "是否",
    "能否",
    "可以",
    "区别",
    "意思",
];
const CN_NUMERALS: &[char] = &[
    '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '亿',
];

/// One text prepared for pairing.
pub(crate) struct Side {
    chars: Vec<String>,
    c1: HashSet<String>,
    c2: HashSet<String>,
    words: Vec<String>,
    wset: HashSet<String>,
    tfidf: SparseVec,
    norm: String,
}

impl Side {
    pub(crate) fn new(text: &str, vec: &Vectorizer, seg: &Segmenter) -> Side {
        let norm = normalize(text);
        let chars: Vec<String> = units(&norm)
            .into_iter()
            .flatten()
            .map(str::to_string)
            .collect();
        let mut c2 = HashSet::new();
        for_each_token(Gram::Char2, &norm, seg, |t| {
            c2.insert(t.to_string());
        });
        let words = seg.words_normalized(&norm);
        Side {
            c1: chars.iter().cloned().collect(),
            c2,
            wset: words.iter().cloned().collect(),
            words,
            tfidf: vec.transform_normalized(&[norm.as_str()], seg),
            chars,
            norm,
        }
    }
}

/// Dense features plus the sparse extras of a pair, as one sparse vector (dense part raw, not
/// yet standardised).
pub(crate) fn pair_features(a: &Side, b: &Side, vec: &Vectorizer) -> RawPair {
    let (la, lb) = (a.chars.len() as f32, b.chars.len() as f32);
    let (mn, mx) = (la.min(lb), la.max(lb).max(1.0));
    let cos = block_cosines(&a.tfidf, &b.tfidf, vec);
    let (ea, eb) = (
        &a.chars[..a.chars.len().min(200)],
        &b.chars[..b.chars.len().min(200)],
    );
    let (edit, lcsub, lcseq) = dp_measures(ea, eb);
    let na = numbers(&a.norm);
    let nb = numbers(&b.norm);
    let nega = a.norm.chars().filter(|c| NEGATIONS.contains(c)).count() as f32;
    let negb = b.norm.chars().filter(|c| NEGATIONS.contains(c)).count() as f32;
    let qa: HashSet<&str> = QUESTION_WORDS
        .iter()
        .copied()
        .filter(|q| a.norm.contains(q))
        .collect();
    let qb: HashSet<&str> = QUESTION_WORDS
        .iter()
        .copied()
        .filter(|q| b.norm.contains(q))
        .collect();
    let nonshared: Vec<&String> = a
        .words
        .iter()
        .filter(|w| !b.wset.contains(*w))
        .chain(b.words.iter().filter(|w| !a.wset.contains(*w)))
        .collect();
    let idf_of = |w: &str| {
        vec.blocks
            .iter()
            .find(|bl| bl.spec.gram == Gram::Word)
            .and_then(|bl| bl.vocab.get(w).map(|&i| bl.idf[i as usize]))
    };
    let max_idf = vec
        .blocks
        .iter()
        .find(|bl| bl.spec.gram == Gram::Word)
        .map_or(1.0, |bl| bl.idf.iter().copied().fold(1.0, f32::max));
    let idf_sum = |ws: &mut dyn Iterator<Item = &String>| {
        ws.map(|w| idf_of(w).unwrap_or(max_idf)).sum::<f32>()
    };
    let total_idf = idf_sum(&mut a.words.iter().chain(b.words.iter())).max(1e-6);
    let nonshared_idf = idf_sum(&mut nonshared.iter().copied());
    let content: Vec<&&String> = nonshared.iter().filter(|w| !is_stopword(w)).collect();
    let max_nonshared_idf = content
        .iter()
        .map(|w| idf_of(w).unwrap_or(max_idf))
        .fold(0.0, f32::max);
    let dense = vec![
        jaccard(&a.c1, &b.c1),
        jaccard(&a.c2, &b.c2),
        jaccard(&a.wset, &b.wset),
        cos[0],
        cos[1],
        cos[2],
        mn / mx,
        (1.0 + mn).ln(),
        (la - lb).abs() / mx,
        edit as f32 / (ea.len().max(eb.len()).max(1)) as f32,
        lcsub as f32 / mn.max(1.0),
        lcsub as f32 / mx,
        lcseq as f32 / mx,
        f32::from(na != nb),
        f32::from((nega > 0.0) != (negb > 0.0)),
        (nega - negb).abs(),
        f32::from(qa != qb),
        f32::from(a.norm.contains(&b.norm) || b.norm.contains(&a.norm)),
        f32::from(a.norm == b.norm),
        nonshared_idf / total_idf,
        overlap_min(&a.c1, &b.c1),
        overlap_min(&a.wset, &b.wset),
        content.len() as f32,
        f32::from(content.is_empty()),
        max_nonshared_idf / max_idf,
        (a.c1.symmetric_difference(&b.c1).count() as f32).min(20.0) / 20.0,
        f32::from(nonshared.len() == 1),
    ];
    debug_assert_eq!(dense.len(), DENSE);
    let mut extra = Vec::new();
    let lb_idx = if mn <= 6.0 {
        0
    } else if mn <= 10.0 {
        1
    } else {
        2
    };
    for (k, &f) in BINNED.iter().enumerate() {
        let bin = ((dense[f].clamp(0.0, 1.0) * BINS as f32) as usize).min(BINS - 1);
        extra.push((
            (BIN_OFFSET + (k * LEN_BUCKETS + lb_idx) * BINS + bin) as u32,
            1.0,
        ));
    }
    let scale = 1.0 / (nonshared.len().max(1) as f32).sqrt();
    for w in nonshared {
        let h = stable_hash(w, 17) as usize % HASHED;
        extra.push(((HASH_OFFSET + h) as u32, scale));
    }
    for q in qa.symmetric_difference(&qb) {
        let h = stable_hash(q, 29) as usize % HASHED;
        extra.push(((HASH_OFFSET + h) as u32, 1.0));
    }
    (dense, extra)
}

/// Cosine per feature block (each block is L2-normalised, so the block dot product).
fn block_cosines(a: &SparseVec, b: &SparseVec, vec: &Vectorizer) -> [f32; 3] {
    let mut out = [0.0f32; 3];
    let (mut i, mut j) = (0, 0);
    while i < a.indices.len() && j < b.indices.len() {
        match a.indices[i].cmp(&b.indices[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let idx = a.indices[i];
                let block = vec
                    .blocks
                    .iter()
                    .rposition(|bl| bl.offset <= idx)
                    .unwrap_or(0)
                    .min(2);
                out[block] += a.values[i] * b.values[j];
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let inter = a.intersection(b).count() as f32;
    let union = (a.len() + b.len()) as f32 - inter;
    if union == 0.0 { 1.0 } else { inter / union }
}

fn overlap_min(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let m = a.len().min(b.len());
    if m == 0 {
        0.0
    } else {
        a.intersection(b).count() as f32 / m as f32
    }
}

/// Numbers mentioned: digit runs and Chinese numerals.
fn numbers(norm: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in norm.chars() {
        if c.is_ascii_digit() || CN_NUMERALS.contains(&c) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.sort();
    out.dedup();
    out
}

/// Levenshtein distance, longest common substring and longest common subsequence (units).
fn dp_measures(a: &[String], b: &[String]) -> (usize, usize, usize) {
    let m = b.len();
    let mut edit_prev: Vec<usize> = (0..=m).collect();
    let mut edit_cur = vec![0; m + 1];
    let mut sub_prev = vec![0usize; m + 1];
    let mut sub_cur = vec![0usize; m + 1];
    let mut seq_prev = vec![0usize; m + 1];
    let mut seq_cur = vec![0usize; m + 1];
    let mut best_sub = 0;
    for (i, ca) in a.iter().enumerate() {
        edit_cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let same = ca == cb;
            edit_cur[j + 1] = (edit_prev[j] + usize::from(!same))
                .min(edit_prev[j + 1] + 1)
                .min(edit_cur[j] + 1);
            sub_cur[j + 1] = if same { sub_prev[j] + 1 } else { 0 };
            best_sub = best_sub.max(sub_cur[j + 1]);
            seq_cur[j + 1] = if same {
                seq_prev[j] + 1
            } else {
                seq_prev[j + 1].max(seq_cur[j])
            };
        }
        std::mem::swap(&mut edit_prev, &mut edit_cur);
        std::mem::swap(&mut sub_prev, &mut sub_cur);
        std::mem::swap(&mut seq_prev, &mut seq_cur);
    }
    (edit_prev[m], best_sub, seq_prev[m])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Vec<String> {
        x.chars().map(|c| c.to_string()).collect()
    }

    #[test]
    fn dp() {
        assert_eq!(dp_measures(&s("kitten"), &s("sitting")), (3, 3, 4));
        assert_eq!(dp_measures(&s(""), &s("ab")), (2, 0, 0));
        assert_eq!(numbers("2019年三月5日"), vec!["2019", "5", "三"]);
    }
}
