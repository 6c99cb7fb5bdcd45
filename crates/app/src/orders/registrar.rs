//! Registrations are the hot path (a hotline peak, other organs' systems): those waiting are
//! stored together, with one INSERT per table and one number counter update per day, in one
//! job of the group-committing writer. A batch succeeds or fails as a whole; rules were
//! checked before an order joined it.

use std::collections::HashMap;

use std::sync::Arc;

use tokio::sync::{Notify, mpsc, oneshot};
use tongban_domain::order::{EventDraft, WorkOrder};
use tongban_domain::time::local_date;
use tongban_store::{Tx, Writer, counters, events, orders};

use super::change_records;
use crate::{AppError, Ctx};

/// The most registrations stored in one batch.
const MAX_BATCH: usize = 256;

/// One registered order waiting to be stored.
struct Work {
    ctx: Ctx,
    order: WorkOrder,
    event: EventDraft,
    /// For the citizen portal: the hash of the code the citizen tracks the order with.
    query_code_hash: Option<String>,
}

type Answer = oneshot::Sender<Result<WorkOrder, AppError>>;

/// The queue of registrations waiting to be stored.
pub(crate) struct Registrar {
    queue: mpsc::Sender<(Work, Answer)>,
}

impl Registrar {
    /// Starts the task that stores batches; `prefix` begins every order number.
    /// `stored` is told after every batch (the search indexer).
    pub(crate) fn start(
        writer: Writer,
        prefix: impl Fn() -> String + Send + 'static,
        stored: Arc<Notify>,
    ) -> Registrar {
        let (queue, mut waiting) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
                store_batch(&writer, std::mem::take(&mut batch), prefix()).await;
                stored.notify_one();
            }
        });
        Registrar { queue }
    }

    /// Stores a registered order; returns it with its id and number once committed.
    pub(crate) async fn submit(
        &self,
        ctx: Ctx,
        order: WorkOrder,
        event: EventDraft,
        query_code_hash: Option<String>,
    ) -> Result<WorkOrder, AppError> {
        let (answer, answered) = oneshot::channel();
        let work = Work {
            ctx,
            order,
            event,
            query_code_hash,
        };
        self.queue
            .send((work, answer))
            .await
            .map_err(|_| AppError::Unavailable)?;
        answered.await.unwrap_or(Err(AppError::Unavailable))
    }
}

async fn store_batch(writer: &Writer, batch: Vec<(Work, Answer)>, prefix: String) {
    let (work, answers): (Vec<Work>, Vec<Answer>) = batch.into_iter().unzip();
    let stored = writer
        .write(move |tx| Box::pin(async move { store(tx, work, &prefix).await }))
        .await
        .map_err(AppError::from);
    match stored {
        Ok(orders) => {
            for (answer, order) in answers.into_iter().zip(orders) {
                let _ = answer.send(Ok(order));
            }
        }
        Err(error) => {
            tracing::error!(%error, "a batch of registrations failed");
            for answer in answers {
                let _ = answer.send(Err(AppError::Unavailable));
            }
        }
    }
}

async fn store(tx: &mut Tx, mut work: Vec<Work>, prefix: &str) -> Result<Vec<WorkOrder>, AppError> {
    // Numbers: one counter update per day in the batch.
    let mut per_day: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, w) in work.iter().enumerate() {
        let day = local_date(w.order.registered_at)
            .format("%Y%m%d")
            .to_string();
        per_day.entry(day).or_default().push(i);
    }
    for (day, indexes) in per_day {
        let last = counters::take(tx, &day, indexes.len() as i64).await?;
        let first = last - indexes.len() as i64 + 1;
        for (serial, i) in (first..).zip(indexes) {
            work[i].order.number = format!("{prefix}-{day}-{serial:04}");
        }
    }
    let orders: Vec<WorkOrder> = work.iter().map(|w| w.order.clone()).collect();
    let ids = orders::insert_many(tx, &orders).await?;
    for (w, id) in work.iter_mut().zip(ids) {
        w.order.id = id;
        if let Some(hash) = &w.query_code_hash {
            orders::set_query_code(tx, id, hash).await?;
        }
    }
    let (new_events, facts): (Vec<_>, Vec<_>) = work
        .iter()
        .map(|w| change_records(&w.ctx, &(&w.order).into(), &w.event, w.order.registered_at))
        .unzip();
    events::append_many(tx, &new_events).await?;
    tongban_store::audit::append_many(tx, facts).await?;
    Ok(work.into_iter().map(|w| w.order).collect())
}
