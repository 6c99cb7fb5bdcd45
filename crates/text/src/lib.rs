//! tongban's Chinese text engine (中文文本引擎): normalisation, word segmentation with a court
//! dictionary, triage classifiers, near-duplicate detection, paraphrase decisions, knowledge-base
//! retrieval, and the harness that measures them on real data.
//!
//! Library only: no HTTP, no SQL. Everything is deterministic (seeded) and serialisable.

#![warn(missing_docs)]

mod chi2;
mod classify;
mod cnb;
mod error;
pub mod eval;
mod features;
mod folds;
mod logistic;
mod near_dup;
mod normalize;
mod paraphrase;
mod retrieval;
mod rng;
mod scoring;
pub mod search;
mod segment;
mod select;
mod sparse;
mod svm;
mod views;

pub use classify::{Classifier, ClassifierConfig, MODEL_FORMAT_VERSION, Prediction};
pub use error::TextError;
pub use features::Gram;
pub use folds::stratified_folds;
pub use near_dup::{
    Fingerprint, NearDupConfig, NearDupIndex, SimHash, jaccard, shingles, similarity,
};
pub use normalize::{is_cjk, normalize};
pub use paraphrase::{PARAPHRASE_FORMAT_VERSION, ParaphraseConfig, ParaphraseModel};
pub use retrieval::{KbAnswer, KbConfig, KbEntry, KbHit, KbIndex};
pub use segment::{COURT_DICTIONARY, Segmenter, dictionary_terms, is_stopword};
