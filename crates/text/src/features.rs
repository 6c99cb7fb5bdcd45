//! TF-IDF features (词频-逆文档频率) in separately normalised blocks: character 1-grams,
//! character 2-grams and jieba words, per text field.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::normalize::{is_cjk, normalize};
use crate::segment::Segmenter;
use crate::sparse::SparseVec;

/// The kind of token a feature block counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gram {
    /// Single characters (字); an ASCII letter/digit run counts as one character.
    Char1,
    /// Two adjacent characters (字二元组) not separated by punctuation.
    Char2,
    /// jieba words (词).
    Word,
}

/// One feature block: which field, which tokens, and the block's weight after L2 normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BlockSpec {
    /// Index of the text field (0 for a single text).
    pub field: usize,
    /// Token kind.
    pub gram: Gram,
    /// Weight of the block (its L2 norm in a feature vector).
    pub weight: f32,
}

/// Calls `f` with every token of kind `gram` in the normalised text `norm`.
/// Digit runs of three or more become `#` so that phone and case numbers do not flood the
/// vocabulary.
pub(crate) fn for_each_token(gram: Gram, norm: &str, seg: &Segmenter, mut f: impl FnMut(&str)) {
    match gram {
        Gram::Word => {
            for w in seg.words_normalized(norm) {
                f(&w);
            }
        }
        Gram::Char1 | Gram::Char2 => {
            let units = units(norm);
            let mut buf = String::new();
            for (k, u) in units.iter().enumerate() {
                let Some(u) = u else { continue };
                if gram == Gram::Char1 {
                    f(u);
                } else if let Some(Some(next)) = units.get(k + 1) {
                    buf.clear();
                    buf.push_str(u);
                    if !(is_single_cjk(u) && is_single_cjk(next)) {
                        buf.push(' ');
                    }
                    buf.push_str(next);
                    f(&buf);
                }
            }
        }
    }
}

fn is_single_cjk(s: &str) -> bool {
    let mut c = s.chars();
    matches!((c.next(), c.next()), (Some(x), None) if is_cjk(x))
}

/// Splits a normalised text into character units: each CJK character, each ASCII letter or
/// digit run (digits of length ≥ 3 as `#`); `None` marks a break (punctuation, space).
pub(crate) fn units(norm: &str) -> Vec<Option<&str>> {
    let mut out = Vec::with_capacity(norm.len() / 2);
    let mut run_start: Option<usize> = None;
    for (i, c) in norm.char_indices() {
        let alnum_ascii = c.is_ascii_alphanumeric();
        if let Some(s) = run_start {
            let same_kind =
                alnum_ascii && (c.is_ascii_digit() == norm.as_bytes()[s].is_ascii_digit());
            if !same_kind {
                push_run(&mut out, &norm[s..i]);
                run_start = None;
            }
        }
        if alnum_ascii {
            if run_start.is_none() {
                run_start = Some(i);
            }
        } else if is_cjk(c) || c.is_alphanumeric() {
            out.push(Some(&norm[i..i + c.len_utf8()]));
        } else if out.last().is_some_and(|u| u.is_some()) {
            out.push(None);
        }
    }
    if let Some(s) = run_start {
        push_run(&mut out, &norm[s..]);
    }
    out
}

fn push_run<'a>(out: &mut Vec<Option<&'a str>>, s: &'a str) {
    if s.len() >= 3 && s.bytes().all(|b| b.is_ascii_digit()) {
        out.push(Some("#"));
    } else {
        out.push(Some(s));
    }
}

/// One fitted block: vocabulary and inverse document frequencies.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Block {
    pub(crate) spec: BlockSpec,
    /// Token of each feature, in feature order.
    pub(crate) names: Vec<String>,
    pub(crate) idf: Vec<f32>,
    pub(crate) offset: u32,
    #[serde(skip)]
    pub(crate) vocab: HashMap<String, u32>,
}

/// A fitted TF-IDF vectoriser (sublinear tf, smoothed idf, L2 per block).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Vectorizer {
    pub(crate) blocks: Vec<Block>,
    pub(crate) dim: u32,
}

impl Vectorizer {
    /// Fits on documents given as normalised fields. Tokens seen in fewer than `min_df`
    /// documents are dropped; at most `max_features` per block are kept (most frequent first).
    pub(crate) fn fit(
        docs: &[Vec<String>],
        specs: &[BlockSpec],
        min_df: u32,
        max_features: usize,
        seg: &Segmenter,
    ) -> Self {
        let mut blocks = Vec::with_capacity(specs.len());
        let mut offset = 0u32;
        for spec in specs {
            let mut df: HashMap<String, u32> = HashMap::new();
            let mut seen: Vec<String> = Vec::new();
            for doc in docs {
                let text = doc.get(spec.field).map(String::as_str).unwrap_or("");
                seen.clear();
                for_each_token(spec.gram, text, seg, |t| seen.push(t.to_string()));
                seen.sort_unstable();
                seen.dedup();
                for t in seen.drain(..) {
                    *df.entry(t).or_insert(0) += 1;
                }
            }
            let mut kept: Vec<(String, u32)> =
                df.into_iter().filter(|(_, d)| *d >= min_df).collect();
            kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            kept.truncate(max_features);
            let n = docs.len() as f32;
            let idf = kept
                .iter()
                .map(|(_, d)| ((1.0 + n) / (1.0 + *d as f32)).ln() + 1.0)
                .collect();
            let names: Vec<String> = kept.into_iter().map(|(t, _)| t).collect();
            let len = names.len() as u32;
            let mut block = Block {
                spec: *spec,
                names,
                idf,
                offset,
                vocab: HashMap::new(),
            };
            block.rebuild();
            blocks.push(block);
            offset += len;
        }
        Vectorizer {
            blocks,
            dim: offset,
        }
    }

    /// Keeps only the features `j` with `keep[j]` (e.g. after a feature selection), renumbering
    /// them; vectors must be transformed again afterwards.
    pub(crate) fn retain(&mut self, keep: &[bool]) {
        let mut offset = 0u32;
        for b in &mut self.blocks {
            let start = b.offset as usize;
            let mut j = start;
            b.names.retain(|_| {
                j += 1;
                keep[j - 1]
            });
            let mut j = start;
            b.idf.retain(|_| {
                j += 1;
                keep[j - 1]
            });
            b.offset = offset;
            offset += b.names.len() as u32;
            b.rebuild();
        }
        self.dim = offset;
    }

    /// Each block's feature range and weight.
    pub(crate) fn block_ranges(&self) -> Vec<(u32, u32, f32)> {
        self.blocks
            .iter()
            .map(|b| (b.offset, b.offset + b.names.len() as u32, b.spec.weight))
            .collect()
    }

    /// Rebuilds the lookup tables after deserialisation.
    pub(crate) fn rebuild(&mut self) {
        for b in &mut self.blocks {
            b.rebuild();
        }
    }

    /// The feature vector of a document given as raw (not normalised) fields.
    pub(crate) fn transform(&self, fields: &[&str], seg: &Segmenter) -> SparseVec {
        let norms: Vec<String> = fields.iter().map(|f| normalize(f)).collect();
        self.transform_normalized(&norms, seg)
    }

    /// The feature vector of a document given as normalised fields.
    pub(crate) fn transform_normalized<S: AsRef<str>>(
        &self,
        norms: &[S],
        seg: &Segmenter,
    ) -> SparseVec {
        let mut out = SparseVec::default();
        let mut ids: Vec<u32> = Vec::new();
        for b in &self.blocks {
            let text = norms.get(b.spec.field).map(AsRef::as_ref).unwrap_or("");
            ids.clear();
            for_each_token(b.spec.gram, text, seg, |t| {
                if let Some(&id) = b.vocab.get(t) {
                    ids.push(id);
                }
            });
            ids.sort_unstable();
            let start = out.indices.len();
            let mut k = 0;
            while k < ids.len() {
                let id = ids[k];
                let mut tf = 0;
                while k < ids.len() && ids[k] == id {
                    tf += 1;
                    k += 1;
                }
                out.indices.push(b.offset + id);
                out.values
                    .push((1.0 + (tf as f32).ln()) * b.idf[id as usize]);
            }
            out.normalize_tail(start, b.spec.weight);
        }
        out
    }
}

impl Block {
    fn rebuild(&mut self) {
        self.vocab = self
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(gram: Gram, s: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_token(gram, &normalize(s), Segmenter::global(), |t| {
            v.push(t.to_string())
        });
        v
    }

    #[test]
    fn char_grams() {
        assert_eq!(
            toks(Gram::Char1, "立案,abc12"),
            vec!["立", "案", "abc", "12"]
        );
        assert_eq!(
            toks(Gram::Char2, "立案庭,诉前"),
            vec!["立案", "案庭", "诉前"]
        );
        assert_eq!(
            toks(Gram::Char2, "电话13800001111号"),
            vec!["电话", "话 #", "# 号"]
        );
    }

    #[test]
    fn blocks_are_unit_norm() {
        let docs: Vec<Vec<String>> = ["申请强制执行", "执行异议怎么提", "诉讼费缓交"]
            .iter()
            .map(|s| vec![normalize(s)])
            .collect();
        let specs = [
            BlockSpec {
                field: 0,
                gram: Gram::Char1,
                weight: 1.0,
            },
            BlockSpec {
                field: 0,
                gram: Gram::Char2,
                weight: 1.0,
            },
        ];
        let v = Vectorizer::fit(&docs, &specs, 1, 1000, Segmenter::global());
        let x = v.transform(&["强制执行异议"], Segmenter::global());
        assert!((x.norm_sq() - 2.0).abs() < 1e-4);
    }
}
