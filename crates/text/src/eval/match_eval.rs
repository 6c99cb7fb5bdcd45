//! Paraphrase evaluation (`tongban match eval`), cross-validation, the long→short split and a
//! TF-IDF cosine baseline.

use std::path::Path;

use serde::Serialize;

use super::data::read_pairs;
use crate::error::TextError;
use crate::features::{BlockSpec, Gram, Vectorizer};
use crate::folds::stratified_folds;
use crate::logistic::{ThresholdRule, best_threshold};
use crate::normalize::normalize;
use crate::paraphrase::{ParaphraseConfig, ParaphraseModel};
use crate::segment::Segmenter;

/// Pairs as `(text_a, text_b, same_intent)`.
type Pairs = [(String, String, bool)];

/// A list of owned pairs `(text_a, text_b, same_intent)`.
pub type PairList = Vec<(String, String, bool)>;

/// Figures of a paraphrase test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MatchEval {
    /// Share of test pairs decided right.
    pub accuracy: f64,
    /// The threshold, chosen on the training pairs only.
    pub threshold: f32,
    /// Number of test pairs.
    pub n: usize,
}

/// `tongban match eval`: trains on the TSV `train_tsv`, chooses the threshold on it by
/// cross-validation, and measures on `test_tsv` (columns `text_a, text_b, label`).
pub fn match_eval(train_tsv: &Path, test_tsv: &Path) -> Result<MatchEval, TextError> {
    let train = read_pairs(train_tsv)?;
    let test = read_pairs(test_tsv)?;
    match_eval_with(&train, &test)
}

/// Trains the paraphrase model on `train` and measures it on `test`.
pub fn match_eval_with(train: &Pairs, test: &Pairs) -> Result<MatchEval, TextError> {
    let tr: Vec<(&str, &str, bool)> = train
        .iter()
        .map(|p| (p.0.as_str(), p.1.as_str(), p.2))
        .collect();
    let model = ParaphraseModel::train(&tr, &ParaphraseConfig::default())?;
    let right = test
        .iter()
        .filter(|p| model.is_paraphrase(&p.0, &p.1) == p.2)
        .count();
    Ok(MatchEval {
        accuracy: right as f64 / test.len().max(1) as f64,
        threshold: model.threshold(),
        n: test.len(),
    })
}

/// Baseline: cosine of word TF-IDF vectors (idf from the training texts), threshold chosen on
/// the training pairs.
pub fn cosine_baseline(train: &Pairs, test: &Pairs) -> MatchEval {
    let seg = Segmenter::global();
    let docs: Vec<Vec<String>> = train
        .iter()
        .flat_map(|p| [vec![normalize(&p.0)], vec![normalize(&p.1)]])
        .collect();
    let spec = [BlockSpec {
        field: 0,
        gram: Gram::Word,
        weight: 1.0,
    }];
    let v = Vectorizer::fit(&docs, &spec, 1, 500_000, seg);
    let cos =
        |p: &(String, String, bool)| v.transform(&[&p.0], seg).dot(&v.transform(&[&p.1], seg));
    let mut scored: Vec<(f32, bool)> = train.iter().map(|p| (cos(p), p.2)).collect();
    let (t, _) = best_threshold(&mut scored, ThresholdRule::Accuracy);
    let right = test.iter().filter(|p| (cos(p) > t) == p.2).count();
    MatchEval {
        accuracy: right as f64 / test.len().max(1) as f64,
        threshold: t,
        n: test.len(),
    }
}

/// Stratified `k`-fold cross-validation of the paraphrase model (mean accuracy, per fold).
pub fn match_cross_validate(
    pairs: &Pairs,
    k: usize,
    seed: u64,
) -> Result<(f64, Vec<f64>), TextError> {
    let labels: Vec<bool> = pairs.iter().map(|p| p.2).collect();
    let folds = stratified_folds(&labels, k, seed);
    let mut accs = Vec::with_capacity(k);
    for f in 0..k {
        let (train, test): (Vec<_>, Vec<_>) = pairs
            .iter()
            .cloned()
            .zip(&folds)
            .partition(|(_, g)| **g != f);
        let train: Vec<_> = train.into_iter().map(|(p, _)| p).collect();
        let test: Vec<_> = test.into_iter().map(|(p, _)| p).collect();
        accs.push(match_eval_with(&train, &test)?.accuracy);
    }
    Ok((accs.iter().sum::<f64>() / k.max(1) as f64, accs))
}

/// Splits pairs by length: the longer half (by the length of the longer text) for training,
/// the shorter half for testing, mimicking new pairs that are shorter than the training ones.
pub fn long_short_split(pairs: &Pairs) -> (PairList, PairList) {
    let mut sorted: PairList = pairs.to_vec();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.0.chars().count().max(p.1.chars().count())));
    let test = sorted.split_off(sorted.len() / 2);
    (sorted, test)
}
