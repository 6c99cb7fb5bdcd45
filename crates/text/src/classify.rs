//! Text classification (文本分类) for triage: appeal type (诉求类型), business area (业务领域),
//! complexity (繁简), urgency (紧急程度) and route (分派). Generic over string labels.
//!
//! Features: per text field, character 1-grams and 2-grams as separately L2-normalised TF-IDF
//! blocks (sublinear tf). Scorers: a one-vs-rest linear SVM with class-balanced costs and a
//! complement naive Bayes, each standardised per text and summed. The SVM's C, the naive Bayes
//! weight and the share of features kept (chi-squared) are chosen at training time by inner
//! cross-validation on the training texts (see `select.rs`); a text of several fields also
//! trains as each field alone (see `views.rs`). Confidence: a softmax of the summed score whose
//! temperature is fitted on the same out-of-fold scores (so it is a calibrated probability).
//! Below the configured threshold the classifier abstains and a person decides.

use serde::{Deserialize, Serialize};

use crate::chi2::top_features;
use crate::error::TextError;
use crate::features::{BlockSpec, Gram, Vectorizer, for_each_token};
use crate::normalize::normalize;
use crate::scoring::{argmax, combined, fit_scorers, score_sd, softmax};
use crate::segment::{Segmenter, is_stopword};
use crate::select::{Layout, choose};
use crate::sparse::SparseVec;
use crate::views::FieldSpans;

/// Version of the JSON model format; loading another version fails.
pub const MODEL_FORMAT_VERSION: u32 = 1;

/// Training configuration. [`ClassifierConfig::default`] is the shipped configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassifierConfig {
    /// Token kinds used for every text field.
    pub grams: Vec<Gram>,
    /// SVM regularisation (larger fits the training data more closely); in a trained model, the
    /// value chosen from `svm_c_grid`.
    pub svm_c: f32,
    /// Values of `svm_c` compared by inner cross-validation at training time (empty: `svm_c`).
    #[serde(default)]
    pub svm_c_grid: Vec<f32>,
    /// SVM costs weighted by `n / (classes · n_class)`, so that rare classes are not ignored.
    #[serde(default)]
    pub class_balanced: bool,
    /// Complement naive Bayes smoothing.
    pub nb_alpha: f32,
    /// Weight of the naive Bayes scores in the sum (0: linear SVM alone); in a trained model,
    /// the value chosen from `nb_weight_grid`.
    pub nb_weight: f32,
    /// Values of `nb_weight` compared by inner cross-validation (empty: `nb_weight`).
    #[serde(default)]
    pub nb_weight_grid: Vec<f32>,
    /// Share of the features kept, those most associated with the labels (chi-squared); in a
    /// trained model, the value chosen from `feature_fraction_grid`.
    #[serde(default = "one")]
    pub feature_fraction: f32,
    /// Values of `feature_fraction` compared by inner cross-validation (empty:
    /// `feature_fraction`).
    #[serde(default)]
    pub feature_fraction_grid: Vec<f32>,
    /// Above this many training texts the settings are chosen on a stratified sample of this
    /// size (training time stays bounded).
    #[serde(default)]
    pub selection_max_examples: usize,
    /// Minimum document frequency of a feature; `None`: 1 below 2,000 texts, else 2.
    pub min_df: Option<u32>,
    /// At most this many features per block (the most frequent).
    pub max_features_per_block: usize,
    /// Below this confidence the classifier abstains (不确定, 交由人工).
    pub confidence_threshold: f32,
    /// A text of several fields also trains as each field alone (see `views.rs`).
    #[serde(default)]
    pub field_views: bool,
    /// Folds of the inner cross-validation that chooses the settings and fits the confidence
    /// calibration (0 or 1: neither).
    pub calibration_folds: usize,
    /// Seed of every random choice (training is deterministic).
    pub seed: u64,
}

impl Default for ClassifierConfig {
    fn default() -> Self {
        ClassifierConfig {
            grams: vec![Gram::Char1, Gram::Char2],
            svm_c: 0.5,
            svm_c_grid: vec![0.5, 1.0],
            class_balanced: true,
            nb_alpha: 0.1,
            nb_weight: 0.5,
            nb_weight_grid: vec![0.0, 0.5, 1.0],
            feature_fraction: 1.0,
            feature_fraction_grid: vec![0.25, 0.5, 1.0],
            selection_max_examples: 4000,
            min_df: None,
            max_features_per_block: 300_000,
            confidence_threshold: 0.5,
            field_views: true,
            calibration_folds: 3,
            seed: 20_240_601,
        }
    }
}

fn one() -> f32 {
    1.0
}

/// A prediction with its confidence and the words that drove it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// The suggested label, or `None` when the confidence is below the threshold (abstain).
    pub label: Option<String>,
    /// The most likely label, even when abstaining.
    pub best: String,
    /// Calibrated probability that `best` is right, in `[0, 1]`.
    pub confidence: f32,
    /// Words of the text that pushed most towards `best`, strongest first, with their weight.
    pub top_words: Vec<(String, f32)>,
    /// The three most likely labels with their probabilities.
    pub alternatives: Vec<(String, f32)>,
}

/// A trained classifier (模型). Serialise with [`Classifier::to_json`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Classifier {
    format_version: u32,
    labels: Vec<String>,
    fields: usize,
    config: ClassifierConfig,
    vectorizer: Vectorizer,
    svm: Vec<f32>,
    nb: Vec<f32>,
    /// Scale of centred scores for two-class problems (per-text z-scores degenerate there).
    scales: [f32; 2],
    temperature: f32,
    n_train: usize,
}

impl Classifier {
    /// Trains on `(text, label)` pairs with `config`.
    pub fn train(
        examples: &[(&str, &str)],
        config: &ClassifierConfig,
    ) -> Result<Classifier, TextError> {
        let ex: Vec<(Vec<&str>, &str)> = examples.iter().map(|(t, l)| (vec![*t], *l)).collect();
        Self::train_fields(&ex, config)
    }

    /// Trains on examples with several text fields each (e.g. subject and detail), every field
    /// its own feature blocks. All examples should have the same number of fields.
    pub fn train_fields(
        examples: &[(Vec<&str>, &str)],
        config: &ClassifierConfig,
    ) -> Result<Classifier, TextError> {
        if examples.is_empty() {
            return Err(TextError::NoExamples);
        }
        let mut labels: Vec<String> = examples.iter().map(|e| e.1.to_string()).collect();
        labels.sort();
        labels.dedup();
        if labels.len() < 2 {
            return Err(TextError::TooFewLabels(labels.len()));
        }
        let y: Vec<usize> = examples
            .iter()
            .map(|e| {
                labels
                    .binary_search_by(|l| l.as_str().cmp(e.1))
                    .expect("label present")
            })
            .collect();
        let fields = examples.iter().map(|e| e.0.len()).max().unwrap_or(1).max(1);
        let docs: Vec<Vec<String>> = examples
            .iter()
            .map(|e| e.0.iter().map(|f| normalize(f)).collect())
            .collect();
        let specs: Vec<BlockSpec> = (0..fields)
            .flat_map(|field| {
                config.grams.iter().map(move |&gram| BlockSpec {
                    field,
                    gram,
                    weight: 1.0,
                })
            })
            .collect();
        let min_df = config
            .min_df
            .unwrap_or(if examples.len() < 2000 { 1 } else { 2 });
        let seg = Segmenter::global();
        let vectorizer = Vectorizer::fit(&docs, &specs, min_df, config.max_features_per_block, seg);
        let mut x: Vec<SparseVec> = docs
            .iter()
            .map(|d| vectorizer.transform_normalized(d, seg))
            .collect();
        let k = labels.len();
        let dim = vectorizer.dim as usize;
        let mut model = Classifier {
            format_version: MODEL_FORMAT_VERSION,
            labels,
            fields,
            config: config.clone(),
            vectorizer,
            svm: Vec::new(),
            nb: Vec::new(),
            scales: [1.0, 1.0],
            temperature: 1.0,
            n_train: examples.len(),
        };
        let layout = Layout {
            blocks: model.vectorizer.block_ranges(),
            views: config
                .field_views
                .then(|| FieldSpans::of(&model.vectorizer)),
        };
        let choice = choose(&x, &y, k, &layout, config);
        model.config.svm_c = choice.svm_c;
        model.config.nb_weight = choice.nb_weight;
        model.config.feature_fraction = choice.feature_fraction;
        model.temperature = choice.temperature;
        if choice.feature_fraction < 1.0 {
            let keep = top_features(&x, &y, k, dim, choice.feature_fraction);
            model.vectorizer.retain(&keep);
            x = docs
                .iter()
                .map(|d| model.vectorizer.transform_normalized(d, seg))
                .collect();
        }
        let dim = model.vectorizer.dim as usize;
        let (x, y) = if layout.views.is_some() {
            // Spans of the features kept, which `retain` numbered anew.
            FieldSpans::of(&model.vectorizer).with_views(x, y)
        } else {
            (x, y)
        };
        let s = fit_scorers(&x, &y, k, dim, choice.svm_c, config);
        model.svm = s.svm;
        model.nb = s.nb;
        model.scales = s.scales;
        Ok(model)
    }

    /// Predicts the label of one text, with confidence and explanation.
    pub fn predict(&self, text: &str) -> Prediction {
        self.predict_fields(&[text])
    }

    /// Predicts from several fields (in training order; missing fields count as empty).
    pub fn predict_fields(&self, fields: &[&str]) -> Prediction {
        let seg = Segmenter::global();
        let norms: Vec<String> = fields.iter().map(|f| normalize(f)).collect();
        let x = self.vectorizer.transform_normalized(&norms, seg);
        let probs = self.probabilities(&x);
        let best = argmax(&probs);
        let confidence = probs[best];
        let mut ranked: Vec<(usize, f32)> = probs.iter().copied().enumerate().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Prediction {
            label: (confidence >= self.config.confidence_threshold)
                .then(|| self.labels[best].clone()),
            best: self.labels[best].clone(),
            confidence,
            top_words: self.explain(&x, &norms, best, seg),
            alternatives: ranked
                .iter()
                .take(3)
                .map(|&(i, p)| (self.labels[i].clone(), p))
                .collect(),
        }
    }

    /// The fast path: best label index (into [`Classifier::labels`]) and its confidence,
    /// without explanation.
    pub fn predict_index(&self, fields: &[&str]) -> (usize, f32) {
        let x = self.vectorizer.transform(fields, Segmenter::global());
        let probs = self.probabilities(&x);
        let best = argmax(&probs);
        (best, probs[best])
    }

    /// The labels, sorted; indices returned by [`Classifier::predict_index`] point here.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The confidence below which the classifier abstains.
    pub fn confidence_threshold(&self) -> f32 {
        self.config.confidence_threshold
    }

    /// Changes the abstention threshold (e.g. from the shipped settings).
    pub fn set_confidence_threshold(&mut self, threshold: f32) {
        self.config.confidence_threshold = threshold;
    }

    /// Number of training examples.
    pub fn n_train(&self) -> usize {
        self.n_train
    }

    /// Serialises to JSON (with the format version).
    pub fn to_json(&self) -> Result<String, TextError> {
        Ok(serde_json::to_string(self)?)
    }

    /// Loads from JSON written by [`Classifier::to_json`]; fails on another format version.
    pub fn from_json(json: &str) -> Result<Classifier, TextError> {
        #[derive(Deserialize)]
        struct Head {
            format_version: u32,
        }
        let head: Head = serde_json::from_str(json)?;
        if head.format_version != MODEL_FORMAT_VERSION {
            return Err(TextError::FormatVersion {
                found: head.format_version,
                expected: MODEL_FORMAT_VERSION,
            });
        }
        let mut m: Classifier = serde_json::from_str(json)?;
        m.vectorizer.rebuild();
        Ok(m)
    }

    fn probabilities(&self, x: &SparseVec) -> Vec<f32> {
        let k = self.labels.len();
        let z = combined(
            x,
            &self.svm,
            &self.nb,
            k,
            self.vectorizer.dim as usize,
            self.scales,
            self.config.nb_weight,
        );
        softmax(&z, self.temperature)
    }

    /// Per-word contributions to class `c` against the average class, mapped from character
    /// features to the jieba words that contain them.
    fn explain(
        &self,
        x: &SparseVec,
        norms: &[String],
        c: usize,
        seg: &Segmenter,
    ) -> Vec<(String, f32)> {
        let k = self.labels.len();
        let (svm_sd, nb_sd) = (
            score_sd(x, &self.svm, k, true),
            score_sd(x, &self.nb, k, false),
        );
        let contrib = |j: u32, v: f32| -> f32 {
            let row = |w: &[f32]| {
                let r = &w[j as usize * k..(j as usize + 1) * k];
                r[c] - r.iter().sum::<f32>() / k as f32
            };
            v * (row(&self.svm) / svm_sd + self.config.nb_weight * row(&self.nb) / nb_sd)
        };
        let value = |j: u32| x.indices.binary_search(&j).ok().map(|p| x.values[p]);
        let mut words: Vec<(String, f32)> = Vec::new();
        for (field, norm) in norms.iter().enumerate() {
            for w in seg.words_normalized(norm) {
                if is_stopword(&w) || words.iter().any(|(o, _)| *o == w) {
                    continue;
                }
                let mut score = 0.0;
                for b in self
                    .vectorizer
                    .blocks
                    .iter()
                    .filter(|b| b.spec.field == field)
                {
                    for_each_token(b.spec.gram, &w, seg, |t| {
                        if let Some(&id) = b.vocab.get(t) {
                            let j = b.offset + id;
                            if let Some(v) = value(j) {
                                score += contrib(j, v);
                            }
                        }
                    });
                }
                if score > 0.0 {
                    words.push((w, score));
                }
            }
        }
        words.sort_by(|a, b| b.1.total_cmp(&a.1));
        words.truncate(5);
        words
    }
}
