//! Storage of tongban on SQLite (embedded, the default) or PostgreSQL (several instances).
//!
//! Both backends run the same SQL (`$1` placeholders, BIGINT millisecond instants); the
//! `on!` macro instantiates one query for whichever backend a connection belongs to.
//! Writes go through one group-committing [`Writer`] per process.

#[macro_use]
mod db;
#[macro_use]
mod args;
pub mod attachments;
pub mod audit;
pub mod bulk;
pub mod calendar;
mod claim;
pub mod counters;
pub mod events;
pub mod hotline;
pub mod jobs;
pub mod notifications;
pub mod orders;
pub mod org;
pub mod outbox;
pub mod policies;
pub mod repeats;
pub mod saved_views;
pub mod search;
pub mod settings;
pub mod supervisions;
pub mod sweep;
pub mod tokens;
pub mod triage;
mod writer;

pub use args::Arg;
pub use db::{Backend, Conn, Db, ReadConn, Tx};
pub use writer::{WriteError, Writer};

/// A storage failure: the database is unreachable, a constraint failed, or a stored value is
/// not what the domain allows (which means the database was edited by hand).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored value not understood: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Milliseconds since the epoch, the storage form of every instant.
pub fn millis(at: chrono::DateTime<chrono::Utc>) -> i64 {
    at.timestamp_millis()
}

/// The instant stored as milliseconds.
pub fn instant(ms: i64) -> Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Corrupt(format!("instant {ms}")))
}

/// An optional stored instant.
pub fn opt_instant(ms: Option<i64>) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    ms.map(instant).transpose()
}
