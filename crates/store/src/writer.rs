//! Group commit: one task owns the write connection, takes every write waiting in its queue,
//! runs them in one transaction (each inside its own savepoint, so one refusal does not undo
//! the others), commits once, and only then answers each caller. A caller's write is durable
//! when its answer arrives; a batch shares one disk sync.

use std::sync::Arc;

use futures::future::BoxFuture;
use tokio::sync::{mpsc, oneshot};

use crate::{Db, StoreError, Tx};

/// How many writes one transaction takes at most.
const MAX_BATCH: usize = 256;

/// Why a write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WriteError<E> {
    /// The work itself refused (a rule, a bad field); nothing of it was kept.
    #[error(transparent)]
    Rejected(E),
    /// The batch could not be committed; nothing of it was kept.
    #[error("commit failed: {0}")]
    Commit(Arc<StoreError>),
    /// The writer has stopped (shutting down).
    #[error("the writer has stopped")]
    Stopped,
}

type Reply = Box<dyn FnOnce(Result<(), Arc<StoreError>>) + Send>;

/// What running one job inside the batch gave.
enum Ran {
    /// Keep its changes; call this once the commit is known.
    Keep(Reply),
    /// Undo its changes; its caller has been answered.
    Undo,
}

type Job = Box<dyn for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, Ran> + Send>;

/// The handle through which every write of the process goes.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer task. It ends when every `Writer` handle is dropped, after
    /// finishing the writes already queued.
    pub fn start(db: Db) -> (Writer, tokio::task::JoinHandle<()>) {
        let (queue, jobs) = mpsc::channel(4 * MAX_BATCH);
        let task = tokio::spawn(run(db, jobs));
        (Writer { queue }, task)
    }

    /// Runs `work` in a write transaction; returns its result once it is committed.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, WriteError<E>>
    where
        T: Send + 'static,
        E: Send + 'static,
        F: for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, Result<T, E>> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel::<Result<T, WriteError<E>>>();
        let job: Job = Box::new(move |tx: &mut Tx| {
            Box::pin(async move {
                match work(tx).await {
                    Ok(value) => Ran::Keep(Box::new(move |commit| {
                        let _ = answer.send(commit.map(|()| value).map_err(WriteError::Commit));
                    })),
                    Err(refusal) => {
                        let _ = answer.send(Err(WriteError::Rejected(refusal)));
                        Ran::Undo
                    }
                }
            })
        });
        self.queue
            .send(job)
            .await
            .map_err(|_| WriteError::Stopped)?;
        answered.await.unwrap_or(Err(WriteError::Stopped))
    }
}

async fn run(db: Db, mut jobs: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        run_batch(&db, std::mem::take(&mut batch)).await;
    }
}

async fn run_batch(db: &Db, batch: Vec<Job>) {
    let mut tx = match db.begin_write().await {
        Ok(tx) => tx,
        Err(error) => {
            // Dropping the jobs drops their answer channels: callers see `Stopped`.
            tracing::error!(%error, "cannot begin a write transaction");
            return;
        }
    };
    let alone = batch.len() == 1;
    let mut replies: Vec<Reply> = Vec::with_capacity(batch.len());
    for job in batch {
        if alone {
            match job(&mut tx).await {
                Ran::Keep(reply) => replies.push(reply),
                Ran::Undo => {
                    if let Err(error) = tx.rollback().await {
                        tracing::error!(%error, "rollback failed");
                    }
                    return;
                }
            }
            continue;
        }
        let audit_head = (tx.audit_head.clone(), tx.audit_dirty);
        let step = match tx.execute("SAVEPOINT job").await {
            Ok(()) => job(&mut tx).await,
            Err(error) => {
                tracing::error!(%error, "cannot set a savepoint");
                continue;
            }
        };
        let undone = match step {
            Ran::Keep(reply) => {
                replies.push(reply);
                tx.execute("RELEASE SAVEPOINT job").await
            }
            Ran::Undo => {
                (tx.audit_head, tx.audit_dirty) = audit_head;
                match tx.execute("ROLLBACK TO SAVEPOINT job").await {
                    Ok(()) => tx.execute("RELEASE SAVEPOINT job").await,
                    Err(error) => Err(error),
                }
            }
        };
        if let Err(error) = undone {
            fail_all(replies, error, tx).await;
            return;
        }
    }
    let outcome = match crate::audit::store_head(&mut tx).await {
        Ok(()) => tx.commit().await.map_err(Arc::new),
        Err(error) => {
            let _ = tx.rollback().await;
            Err(Arc::new(error))
        }
    };
    if let Err(error) = &outcome {
        tracing::error!(%error, "commit failed");
    }
    for reply in replies {
        reply(outcome.clone());
    }
}

async fn fail_all(replies: Vec<Reply>, error: StoreError, tx: Tx) {
    tracing::error!(%error, "savepoint handling failed; the batch is rolled back");
    let _ = tx.rollback().await;
    let error = Arc::new(error);
    for reply in replies {
        reply(Err(error.clone()));
    }
}
