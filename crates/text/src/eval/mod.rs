//! The measurement harness (评测): classification, paraphrase, repeats and knowledge-base
//! retrieval on CSV/TSV/JSONL files, as library functions behind `tongban model eval`,
//! `tongban match eval` and `examples/evaluate.rs`.

mod classify_eval;
mod data;
mod kb_eval;
mod match_eval;
mod metrics;
mod repeats;

pub use classify_eval::{
    Baseline, ClassEval, CvReport, cross_validate, model_eval, model_eval_with,
};
pub use data::{read_csv, read_jsonl, read_pairs};
pub use kb_eval::{KbEval, KbQueryEval, kb_eval};
pub use match_eval::{
    MatchEval, PairList, cosine_baseline, long_short_split, match_cross_validate, match_eval,
    match_eval_with,
};
pub use metrics::{accuracy, macro_f1};
pub use repeats::{FlaggedPair, RepeatsEval, repeats_eval};
