//! The search indexer (索引): a background task that follows the timeline (every change of an
//! order appends an event) and re-indexes the orders changed since its last position — their
//! words for full-text search, their content fingerprint for repeat detection, and, for orders
//! still waiting to be screened, the active model's triage suggestion. Registrations never
//! wait for it; a search first waits (briefly) until the index has caught up.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tongban_store::search::{self, IndexedOrder, OrderText};
use tongban_store::triage::{self as store, Suggested};
use tongban_text::SimHash;
use tongban_text::search::index_terms;

use super::model::TriageModel;
use crate::{App, AppError};

/// Timeline events handled per transaction.
const EVENTS_PER_ROUND: i64 = 5_000;
/// How long a search waits for the index to catch up before answering from what is indexed.
const SYNC_WAIT: Duration = Duration::from_secs(2);
/// Further behind than this (a bulk load, a restore), searches do not wait at all.
const SYNC_MAX_LAG: i64 = 10_000;
/// How often the indexer looks for changes made by other instances.
const POLL: Duration = Duration::from_secs(2);

/// The handle on the indexer task.
pub(crate) struct Indexer {
    wake: Arc<Notify>,
    position: watch::Receiver<i64>,
}

impl Indexer {
    /// Starts the task; it holds the app only while working and ends when the app is gone.
    pub(crate) fn start(app: Weak<crate::Inner>) -> Indexer {
        let wake = Arc::new(Notify::new());
        let (publish, position) = watch::channel(0);
        let woken = wake.clone();
        tokio::spawn(async move {
            // The app is being built when this starts: it wakes the task once it is ready.
            loop {
                let _ = tokio::time::timeout(POLL, woken.notified()).await;
                let Some(inner) = app.upgrade() else { break };
                let app = App { inner };
                if let Err(error) = catch_up(&app, &publish).await {
                    tracing::warn!(%error, "search indexing failed; retrying");
                }
            }
        });
        Indexer { wake, position }
    }

    /// What wakes the task (for those that store changes).
    pub(crate) fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Asks the task to look for changes now.
    pub(crate) fn wake(&self) {
        self.wake.notify_one();
    }

    /// Waits until every event committed before the call is indexed (at most two seconds; not
    /// at all while the index catches up with a backlog of more than 10,000 events).
    pub(crate) async fn sync(&self, app: &App) -> Result<(), AppError> {
        let newest = {
            let mut read = app.db().read().await?;
            search::newest_event(&mut read.conn()).await?
        };
        let mut position = self.position.clone();
        let indexed = *position.borrow();
        if indexed >= newest {
            return Ok(());
        }
        self.wake();
        if newest - indexed > SYNC_MAX_LAG {
            return Ok(());
        }
        let _ = tokio::time::timeout(SYNC_WAIT, position.wait_for(|p| *p >= newest)).await;
        Ok(())
    }
}

/// Indexes every order changed since the stored position, a round at a time.
pub(crate) async fn catch_up(app: &App, publish: &watch::Sender<i64>) -> Result<(), AppError> {
    loop {
        let (from, events, texts, notes) = {
            let mut read = app.db().read().await?;
            let conn = &mut read.conn();
            let from = search::indexed_event(conn).await?;
            publish.send_replace(from);
            let events = search::events_after(conn, from, EVENTS_PER_ROUND).await?;
            let ids: BTreeSet<i64> = events.iter().map(|e| e.1).collect();
            let ids: Vec<i64> = ids.into_iter().collect();
            let (texts, notes) = search::texts(conn, &ids).await?;
            (from, events, texts, notes)
        };
        let Some(&(to, _)) = events.last() else {
            return Ok(());
        };
        let model = app.intel().model();
        let now = tongban_store::millis(app.now());
        let (indexed, suggested) =
            tokio::task::spawn_blocking(move || prepare(texts, notes, model, now))
                .await
                .map_err(|_| AppError::Unavailable)?;
        let moved = app
            .writer()
            .write(move |tx| {
                Box::pin(async move {
                    if !search::advance(tx, from, to).await? {
                        return Err(AppError::Unavailable);
                    }
                    search::write(tx, &indexed).await?;
                    store::record(tx, &suggested).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await;
        match moved {
            Ok(()) => {
                publish.send_replace(to);
            }
            // Another instance indexed these events first: read the position again.
            Err(tongban_store::WriteError::Rejected(AppError::Unavailable)) => {}
            Err(error) => return Err(error.into()),
        }
    }
}

/// Words, fingerprints and suggestions of the changed orders (CPU work, off the runtime).
fn prepare(
    texts: Vec<OrderText>,
    notes: Vec<(i64, String)>,
    model: Option<(i64, Arc<TriageModel>)>,
    now: i64,
) -> (Vec<IndexedOrder>, Vec<Suggested>) {
    let mut notes_of: HashMap<i64, Vec<String>> = HashMap::new();
    for (order, note) in notes {
        notes_of.entry(order).or_default().push(note);
    }
    let mut indexed = Vec::with_capacity(texts.len());
    let mut suggested = Vec::new();
    for order in texts {
        let mut words = index_terms(&order.content);
        if let Some(reply) = &order.reply {
            words.extend(index_terms(reply));
        }
        for note in notes_of.get(&order.id).into_iter().flatten() {
            words.extend(index_terms(note));
        }
        let simhash = SimHash::of(&order.content);
        indexed.push(IndexedOrder {
            id: order.id,
            registered_at: order.registered_at,
            words: words.join(" "),
            court_id: order.court_id,
            department_id: order.department_id,
            handler_id: order.handler_id,
            simhash: simhash.0 as i64,
            bands: simhash.band_keys(),
        });
        if let Some((version, model)) = model.as_ref().filter(|_| order.status == "registered") {
            let [appeal_type, area, complexity, urgency, route] = model.labels(&order.content);
            suggested.push(Suggested {
                order_id: order.id,
                model_version: *version,
                at: now,
                appeal_type,
                area,
                complexity,
                urgency,
                department_id: route.and_then(|d| d.parse().ok()),
            });
        }
    }
    (indexed, suggested)
}
