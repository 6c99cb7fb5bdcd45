//! Why a use case failed.

use std::sync::Arc;

use tongban_domain::DomainError;
use tongban_store::{StoreError, WriteError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A rule refused: 401/403/404/409/422 with a stable code.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The transaction could not be committed; nothing was kept.
    #[error("commit failed: {0}")]
    Commit(Arc<StoreError>),
    /// Shutting down: no more writes are taken.
    #[error("the service is shutting down")]
    Unavailable,
}

impl From<WriteError<AppError>> for AppError {
    fn from(error: WriteError<AppError>) -> Self {
        match error {
            WriteError::Rejected(inner) => inner,
            WriteError::Commit(store) => AppError::Commit(store),
            WriteError::Stopped => AppError::Unavailable,
        }
    }
}
