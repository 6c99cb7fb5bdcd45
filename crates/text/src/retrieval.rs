//! Knowledge-base answer retrieval (知识库检索) for the virtual agent: BM25 over jieba words
//! and character bigrams of each entry's question and alternative phrasings (the answer counts
//! a little), with a calibrated confidence and a hand-over threshold — below it the agent says
//! "I don't know" (转人工) instead of answering wrongly.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::features::{Gram, for_each_token};
use crate::logistic::Logistic;
use crate::normalize::normalize;
use crate::rng::SplitMix64;
use crate::segment::{Segmenter, is_stopword};
use crate::sparse::SparseVec;

/// One knowledge-base entry (知识条目).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KbEntry {
    /// The caller's id of the entry.
    pub id: String,
    /// The standard question (标准问).
    pub question: String,
    /// Alternative phrasings (相似问).
    pub alternatives: Vec<String>,
    /// The answer (答案).
    pub answer: String,
}

/// Retrieval settings. [`KbConfig::default`] is the shipped configuration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KbConfig {
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// BM25 length normalisation.
    pub b: f32,
    /// Weight of the answer text against the best phrasing.
    pub answer_weight: f32,
    /// Below this confidence the agent hands over to a person.
    pub handover_threshold: f32,
    /// Seed for the calibration queries.
    pub seed: u64,
}

impl Default for KbConfig {
    fn default() -> Self {
        KbConfig {
            k1: 1.2,
            b: 0.75,
            answer_weight: 0.2,
            handover_threshold: 0.5,
            seed: 20_240_603,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KbHit {
    /// The entry id.
    pub id: String,
    /// BM25 score (higher is better; not comparable across queries).
    pub score: f32,
    /// Calibrated probability that this entry answers the query (meaningful for the top hit).
    pub confidence: f32,
}

/// The decision for a query: answer with an entry, or hand over.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum KbAnswer {
    /// Confident enough: answer with this entry.
    Answer(KbHit),
    /// Not confident: hand over to a person; the best guess is given for the draft.
    HandOver(Option<KbHit>),
}

/// What a ranking leaves out (calibration asks with held-out entries or phrasings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exclude {
    Nothing,
    Entry(usize),
    Phrasing(usize),
}

#[derive(Debug, Clone, Default)]
struct Field {
    postings: HashMap<String, Vec<(u32, u16)>>,
    lengths: Vec<f32>,
    avg_len: f32,
    /// Each document's BM25 length normalisation, computed once at build time.
    norms: Vec<f32>,
}

/// An in-memory BM25 index over a knowledge base.
#[derive(Debug, Clone)]
pub struct KbIndex {
    config: KbConfig,
    entries: Vec<KbEntry>,
    /// Phrasing documents and the entry each belongs to.
    phrasings: Field,
    phrasing_entry: Vec<u32>,
    answers: Field,
    calibration: Logistic,
    mean: [f32; 3],
    sd: [f32; 3],
}

/// Index terms of a text: content words (stop words dropped) and character bigrams.
fn terms(text: &str) -> Vec<String> {
    let seg = Segmenter::global();
    let norm = normalize(text);
    let mut out: Vec<String> = Vec::new();
    for w in seg.words_normalized(&norm) {
        if !is_stopword(&w) {
            out.push(format!("w:{w}"));
        }
    }
    for_each_token(Gram::Char2, &norm, seg, |t| out.push(format!("b:{t}")));
    out
}

impl Field {
    fn add(&mut self, doc_terms: &[String]) {
        let doc = self.lengths.len() as u32;
        let mut counts: HashMap<&str, u16> = HashMap::new();
        for t in doc_terms {
            *counts.entry(t).or_insert(0) += 1;
        }
        for (t, c) in counts {
            self.postings
                .entry(t.to_string())
                .or_default()
                .push((doc, c));
        }
        self.lengths.push(doc_terms.len() as f32);
    }

    fn finish(&mut self, cfg: &KbConfig) {
        self.avg_len =
            (self.lengths.iter().sum::<f32>() / self.lengths.len().max(1) as f32).max(1.0);
        self.norms = self
            .lengths
            .iter()
            .map(|len| 1.0 - cfg.b + cfg.b * len / self.avg_len)
            .collect();
    }

    fn idf(&self, t: &str) -> f32 {
        let n = self.lengths.len() as f32;
        let df = self.postings.get(t).map_or(0, Vec::len) as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// BM25 of every document times `weight`, indexed by document (0 for documents sharing no
    /// term with the query; any shared term scores above 0). A dense array rather than a map:
    /// common court words reach thousands of documents of a large knowledge base.
    fn scores(&self, q: &[String], cfg: &KbConfig, weight: f32) -> Vec<f32> {
        let mut acc = vec![0.0f32; self.lengths.len()];
        for t in q {
            let Some(post) = self.postings.get(t) else {
                continue;
            };
            let idf = self.idf(t);
            for &(d, tf) in post {
                let tf = f32::from(tf);
                let norm = self.norms[d as usize];
                acc[d as usize] += weight * idf * tf * (cfg.k1 + 1.0) / (tf + cfg.k1 * norm);
            }
        }
        acc
    }
}

impl KbIndex {
    /// Builds the index and fits the confidence calibration on the knowledge base itself:
    /// pseudo-reworded questions (a random 60% of their words, half of the time with unrelated
    /// words of another entry added) that should find their entry,
    /// against questions whose own entry is held out, which cannot be answered right.
    pub fn build(entries: Vec<KbEntry>, config: KbConfig) -> KbIndex {
        let mut phrasings = Field::default();
        let mut answers = Field::default();
        let mut phrasing_entry = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for p in std::iter::once(&e.question).chain(&e.alternatives) {
                phrasings.add(&terms(p));
                phrasing_entry.push(i as u32);
            }
            answers.add(&terms(&e.answer));
        }
        phrasings.finish(&config);
        answers.finish(&config);
        let mut idx = KbIndex {
            config,
            entries,
            phrasings,
            phrasing_entry,
            answers,
            calibration: Logistic {
                w: vec![4.0, 2.0, 0.0],
                b: -2.0,
            },
            mean: [0.0; 3],
            sd: [1.0; 3],
        };
        idx.calibrate();
        idx
    }

    fn calibrate(&mut self) {
        let n = self.entries.len();
        if n < 20 {
            return; // too small to learn from: keep the prior mapping
        }
        let mut rng = SplitMix64::new(self.config.seed);
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let seg = Segmenter::global();
        // Each entry's question is its first phrasing document, its alternatives follow.
        let mut first_phrasing = vec![0usize; n];
        for (d, &e) in self.phrasing_entry.iter().enumerate().rev() {
            first_phrasing[e as usize] = d;
        }
        let mut feats: Vec<[f32; 3]> = Vec::new();
        let mut labels: Vec<bool> = Vec::new();
        for &i in order.iter().take(1000) {
            let q = self.entries[i].question.clone();
            // Positive: a pseudo-rewording, kept only when the top hit is its entry.
            // A random 60% of its words, plus half the words of another random entry's
            // question as unrelated context (callers describe more than the question).
            let words = seg.words(&q);
            let other = seg.words(&self.entries[order[rng.below(n)]].question);
            let mut kept: String = words.iter().filter(|_| rng.unit() < 0.6).cloned().collect();
            if rng.unit() < 0.5 {
                kept.extend(other.iter().filter(|_| rng.unit() < 0.5).cloned());
            }
            if !kept.is_empty() {
                let ranked = self.ranked(&terms(&kept), Exclude::Nothing, 2);
                if let Some(f) = Self::features(&ranked, &terms(&kept), self) {
                    feats.push(f);
                    labels.push(ranked[0].0 == i);
                }
            }
            // Positive: a real rewording — each alternative phrasing written for the entry,
            // asked with that phrasing held out, kept when its entry comes first. This teaches
            // the confidence how callers' own words score, where the KB has such phrasings.
            for j in 0..self.entries[i].alternatives.len() {
                let at = first_phrasing[i] + 1 + j;
                let qt = terms(&self.entries[i].alternatives[j]);
                let ranked = self.ranked(&qt, Exclude::Phrasing(at), 2);
                if let Some(f) = Self::features(&ranked, &qt, self) {
                    feats.push(f);
                    labels.push(ranked[0].0 == i);
                }
            }
            // Negative: the question with its own entry held out.
            let qt = terms(&q);
            let ranked = self.ranked(&qt, Exclude::Entry(i), 2);
            if let Some(f) = Self::features(&ranked, &qt, self) {
                feats.push(f);
                labels.push(false);
            }
        }
        if labels.iter().filter(|&&l| l).count() < 5 {
            return;
        }
        for k in 0..3 {
            let m = feats.iter().map(|f| f[k]).sum::<f32>() / feats.len() as f32;
            let v = feats.iter().map(|f| (f[k] - m).powi(2)).sum::<f32>() / feats.len() as f32;
            self.mean[k] = m;
            self.sd[k] = v.sqrt().max(1e-6);
        }
        let x: Vec<SparseVec> = feats.iter().map(|f| self.standardize(f)).collect();
        self.calibration = Logistic::fit(&x, &labels, 3, 1.0, 50, self.config.seed);
    }

    fn standardize(&self, f: &[f32; 3]) -> SparseVec {
        SparseVec {
            indices: vec![0, 1, 2],
            values: (0..3).map(|k| (f[k] - self.mean[k]) / self.sd[k]).collect(),
        }
    }

    /// The `limit` best entries by score: `(entry index, score)`, best first (ties by index);
    /// `exclude` leaves an entry or one phrasing out.
    fn ranked(&self, q: &[String], exclude: Exclude, limit: usize) -> Vec<(usize, f32)> {
        let mut best = vec![0.0f32; self.entries.len()];
        for (d, s) in self
            .phrasings
            .scores(q, &self.config, 1.0)
            .into_iter()
            .enumerate()
        {
            if exclude == Exclude::Phrasing(d) {
                continue;
            }
            let e = self.phrasing_entry[d] as usize;
            best[e] = best[e].max(s);
        }
        let answers = self
            .answers
            .scores(q, &self.config, self.config.answer_weight);
        for (e, s) in answers.into_iter().enumerate() {
            best[e] += s;
        }
        let mut out: Vec<(usize, f32)> = best
            .into_iter()
            .enumerate()
            .filter(|&(e, s)| s > 0.0 && exclude != Exclude::Entry(e))
            .collect();
        let order = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if out.len() > limit {
            out.select_nth_unstable_by(limit, order);
            out.truncate(limit);
        }
        out.sort_by(order);
        out
    }

    /// Calibration features: top score over the query's own idf mass, margin to the second,
    /// and the log of the number of query terms.
    fn features(ranked: &[(usize, f32)], q: &[String], idx: &KbIndex) -> Option<[f32; 3]> {
        let top = ranked.first()?.1;
        let second = ranked.get(1).map_or(0.0, |r| r.1);
        let mass: f32 = q
            .iter()
            .map(|t| idx.phrasings.idf(t))
            .sum::<f32>()
            .max(1e-6);
        Some([
            top / mass,
            (top - second) / mass,
            (1.0 + q.len() as f32).ln(),
        ])
    }

    /// The `k` best entries for `query` with scores; the confidence is computed for the top hit
    /// and copied (scaled by score) to the others.
    pub fn search(&self, query: &str, k: usize) -> Vec<KbHit> {
        let q = terms(query);
        // The confidence needs the best two.
        let ranked = self.ranked(&q, Exclude::Nothing, k.max(2));
        let conf = Self::features(&ranked, &q, self)
            .map_or(0.0, |f| self.calibration.prob(&self.standardize(&f)));
        let top = ranked.first().map_or(1.0, |r| r.1.max(1e-6));
        ranked
            .into_iter()
            .take(k)
            .map(|(e, s)| KbHit {
                id: self.entries[e].id.clone(),
                score: s,
                confidence: conf * s / top,
            })
            .collect()
    }

    /// Answer or hand over, by the configured threshold.
    pub fn answer(&self, query: &str) -> KbAnswer {
        let best = self.search(query, 1).into_iter().next();
        match best {
            Some(h) if h.confidence >= self.config.handover_threshold => KbAnswer::Answer(h),
            other => KbAnswer::HandOver(other),
        }
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&KbEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the knowledge base is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The hand-over threshold in force.
    pub fn handover_threshold(&self) -> f32 {
        self.config.handover_threshold
    }
}
