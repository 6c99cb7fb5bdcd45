//! Connecting to either database, and the connection and transaction types the queries take.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::Result;

/// Runs the same sqlx code on whichever backend `$conn` (a `&mut Conn`) belongs to;
/// inside `$body`, `$c` is a `&mut SqliteConnection` or a `&mut PgConnection`.
macro_rules! on {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::db::Conn::Sqlite(inner) => {
                let $c = &mut **inner;
                $body
            }
            $crate::db::Conn::Postgres(inner) => {
                let $c = &mut **inner;
                $body
            }
        }
    };
}

/// Which database this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database: pools for reading and the single connection the writer uses.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres { read: PgPool, write: PgPool },
}

/// A borrowed connection of either backend.
pub enum Conn<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

impl Conn<'_> {
    pub fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) => Backend::Sqlite,
            Conn::Postgres(_) => Backend::Postgres,
        }
    }
}

impl Db {
    /// Opens `sqlite://path` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db> {
        Self::open(url, true).await
    }

    /// Opens a database that must exist already (for tools that only read it).
    pub async fn connect_existing(url: &str) -> Result<Db> {
        Self::open(url, false).await
    }

    async fn open(url: &str, create: bool) -> Result<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = |size| {
                PgPoolOptions::new()
                    .max_connections(size)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options.clone())
            };
            Ok(Db::Postgres {
                read: pool(8).await?,
                write: pool(1).await?,
            })
        } else {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(create)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a commit is on disk before the writer acknowledges it.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            if let Some(dir) = options.get_filename().parent()
                && dir != Path::new("")
            {
                std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
            }
            let pool = |size| {
                SqlitePoolOptions::new()
                    .max_connections(size)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options.clone())
            };
            // The writer's connection first: it creates the file and switches it to WAL.
            let write = pool(1).await?;
            // Readers get a bigger page cache (32 MiB each) than SQLite's 2 MiB default.
            let options = options.pragma("cache_size", "-32768");
            let read = SqlitePoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite { read, write })
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres { .. } => Backend::Postgres,
        }
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite { write, .. } => sqlx::migrate!("./migrations/sqlite").run(write).await?,
            Db::Postgres { write, .. } => {
                sqlx::migrate!("./migrations/postgres").run(write).await?
            }
        }
        Ok(())
    }

    /// A connection for reading.
    pub async fn read(&self) -> Result<ReadConn> {
        Ok(match self {
            Db::Sqlite { read, .. } => ReadConn::Sqlite(read.acquire().await?),
            Db::Postgres { read, .. } => ReadConn::Postgres(read.acquire().await?),
        })
    }

    /// A write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE),
    /// so a batch never fails half-way for want of the lock.
    pub async fn begin_write(&self) -> Result<Tx> {
        let inner = match self {
            Db::Sqlite { write, .. } => TxInner::Sqlite(write.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres { write, .. } => TxInner::Postgres(write.begin().await?),
        };
        Ok(Tx {
            inner,
            audit_head: None,
            audit_dirty: false,
        })
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        let mut conn = self.read().await?;
        let conn = &mut conn.conn();
        on!(conn, c => sqlx::query("SELECT 1").execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres { read, write } => {
                read.close().await;
                write.close().await;
            }
        }
    }
}

/// A pooled connection for reading.
pub enum ReadConn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl ReadConn {
    pub fn conn(&mut self) -> Conn<'_> {
        match self {
            ReadConn::Sqlite(c) => Conn::Sqlite(c),
            ReadConn::Postgres(c) => Conn::Postgres(c),
        }
    }
}

enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A write transaction of either backend.
pub struct Tx {
    inner: TxInner,
    /// The audit chain's newest `(seq, hash)`, read once per transaction.
    pub(crate) audit_head: Option<(i64, String)>,
    /// Whether records were appended since the head row was last written.
    pub(crate) audit_dirty: bool,
}

impl Tx {
    pub fn conn(&mut self) -> Conn<'_> {
        match &mut self.inner {
            TxInner::Sqlite(t) => Conn::Sqlite(t),
            TxInner::Postgres(t) => Conn::Postgres(t),
        }
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.rollback().await?,
            TxInner::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }

    /// Runs a fixed statement such as `SAVEPOINT job`.
    pub(crate) async fn execute(&mut self, statement: &'static str) -> Result<()> {
        let conn = &mut self.conn();
        on!(conn, c => sqlx::query(statement).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}
