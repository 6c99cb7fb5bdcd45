//! Classification evaluation: train on one file, test on another (`tongban model eval`), and
//! stratified cross-validation with baselines for docs/EVALUATION.md.

use std::path::Path;

use serde::Serialize;

use super::data::read_csv;
use super::metrics::{accuracy, macro_f1};
use crate::classify::{Classifier, ClassifierConfig};
use crate::error::TextError;
use crate::features::Gram;
use crate::folds::stratified_folds;

/// Rows as `(fields, label)`.
type Rows = [(Vec<String>, String)];

/// Figures of a classification test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClassEval {
    /// Share of test texts whose most likely label is right (abstentions included).
    pub accuracy: f64,
    /// Macro-averaged F1 of the most likely label.
    pub macro_f1: f64,
    /// Share of test texts below the shipped confidence threshold (left to a person).
    pub abstained: f64,
    /// Accuracy on the texts above the threshold (0 when all abstained).
    pub accuracy_when_answered: f64,
    /// Number of test texts.
    pub n: usize,
}

/// A method compared in cross-validation.
#[derive(Debug, Clone, PartialEq)]
pub enum Baseline {
    /// Always the most frequent training label.
    Majority,
    /// Plain bag of words: jieba words, TF-IDF, linear SVM alone.
    BagOfWords,
    /// The product's classifier with this configuration.
    Product(ClassifierConfig),
}

/// Mean figures over the folds of a cross-validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CvReport {
    /// Mean of the per-fold figures.
    pub mean: ClassEval,
    /// Accuracy of each fold.
    pub fold_accuracy: Vec<f64>,
}

/// `tongban model eval`: trains the shipped classifier on `train_csv` and tests on `test_csv`.
/// Both files have a header row; `text_columns` are separate fields (e.g. `subject`, `detail`).
pub fn model_eval(
    train_csv: &Path,
    test_csv: &Path,
    text_columns: &[&str],
    label_column: &str,
) -> Result<ClassEval, TextError> {
    let train = read_csv(train_csv, b',', text_columns, label_column)?;
    let test = read_csv(test_csv, b',', text_columns, label_column)?;
    model_eval_with(
        &train,
        &test,
        &Baseline::Product(ClassifierConfig::default()),
    )
}

/// Trains `method` on `train` and measures it on `test`.
pub fn model_eval_with(
    train: &Rows,
    test: &Rows,
    method: &Baseline,
) -> Result<ClassEval, TextError> {
    let truth: Vec<&str> = test.iter().map(|r| r.1.as_str()).collect();
    let (pred, conf, threshold): (Vec<String>, Vec<f32>, f32) = match method {
        Baseline::Majority => {
            let mut labels: Vec<&str> = train.iter().map(|r| r.1.as_str()).collect();
            labels.sort();
            let mut best = ("", 0);
            for chunk in labels.chunk_by(|a, b| a == b) {
                if chunk.len() > best.1 {
                    best = (chunk[0], chunk.len());
                }
            }
            (
                vec![best.0.to_string(); test.len()],
                vec![1.0; test.len()],
                0.0,
            )
        }
        Baseline::BagOfWords | Baseline::Product(_) => {
            let cfg = match method {
                Baseline::Product(c) => c.clone(),
                _ => ClassifierConfig {
                    grams: vec![Gram::Word],
                    nb_weight: 0.0,
                    nb_weight_grid: vec![],
                    svm_c: 1.0,
                    svm_c_grid: vec![],
                    class_balanced: false,
                    feature_fraction_grid: vec![],
                    ..ClassifierConfig::default()
                },
            };
            let ex: Vec<(Vec<&str>, &str)> = train
                .iter()
                .map(|r| (r.0.iter().map(String::as_str).collect(), r.1.as_str()))
                .collect();
            let model = Classifier::train_fields(&ex, &cfg)?;
            let mut pred = Vec::with_capacity(test.len());
            let mut conf = Vec::with_capacity(test.len());
            for r in test {
                let fields: Vec<&str> = r.0.iter().map(String::as_str).collect();
                let (i, c) = model.predict_index(&fields);
                pred.push(model.labels()[i].clone());
                conf.push(c);
            }
            (pred, conf, cfg.confidence_threshold)
        }
    };
    let pred_ref: Vec<&str> = pred.iter().map(String::as_str).collect();
    let answered: Vec<usize> = (0..test.len()).filter(|&i| conf[i] >= threshold).collect();
    let right_answered = answered
        .iter()
        .filter(|&&i| pred_ref[i] == truth[i])
        .count();
    Ok(ClassEval {
        accuracy: accuracy(&truth, &pred_ref),
        macro_f1: macro_f1(&truth, &pred_ref),
        abstained: 1.0 - answered.len() as f64 / test.len().max(1) as f64,
        accuracy_when_answered: if answered.is_empty() {
            0.0
        } else {
            right_answered as f64 / answered.len() as f64
        },
        n: test.len(),
    })
}

/// Stratified `k`-fold cross-validation of `method` on `rows`.
pub fn cross_validate(
    rows: &Rows,
    k: usize,
    seed: u64,
    method: &Baseline,
) -> Result<CvReport, TextError> {
    let labels: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let folds = stratified_folds(&labels, k, seed);
    let mut evals = Vec::with_capacity(k);
    for f in 0..k {
        let train: Vec<_> = rows
            .iter()
            .zip(&folds)
            .filter(|(_, g)| **g != f)
            .map(|(r, _)| r.clone())
            .collect();
        let test: Vec<_> = rows
            .iter()
            .zip(&folds)
            .filter(|(_, g)| **g == f)
            .map(|(r, _)| r.clone())
            .collect();
        evals.push(model_eval_with(&train, &test, method)?);
    }
    let mean =
        |g: fn(&ClassEval) -> f64| evals.iter().map(g).sum::<f64>() / evals.len().max(1) as f64;
    Ok(CvReport {
        mean: ClassEval {
            accuracy: mean(|e| e.accuracy),
            macro_f1: mean(|e| e.macro_f1),
            abstained: mean(|e| e.abstained),
            accuracy_when_answered: mean(|e| e.accuracy_when_answered),
            n: rows.len(),
        },
        fold_accuracy: evals.iter().map(|e| e.accuracy).collect(),
    })
}
