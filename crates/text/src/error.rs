//! The errors of the text engine.

/// Errors of training, loading and evaluating.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// Training needs examples.
    #[error("no training examples")]
    NoExamples,
    /// A classifier needs at least two distinct labels.
    #[error("need at least two distinct labels, got {0}")]
    TooFewLabels(usize),
    /// A saved model was written by another format version.
    #[error("model format version {found} is not supported (expected {expected})")]
    FormatVersion {
        /// Version found in the file.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// A model or data file is not valid JSON.
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A data file lacks a column or is malformed.
    #[error("bad data in {path}: {message}")]
    Data {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}
