//! 智能 text intelligence in the product: full-text search, triage suggestions from versioned
//! models trained on the court's own orders, repeat detection and common problems.

mod indexer;
mod model;
pub mod repeat_stats;
pub mod repeats;
mod rising;
pub mod schedule;
pub mod search;
pub mod topics;
pub mod triage;

pub use model::{FieldSummary, TriageModel};

use std::sync::{Arc, RwLock, Weak};

use indexer::Indexer;

/// The model in use and the indexer, shared by the app.
pub(crate) struct Intel {
    indexer: Indexer,
    model: RwLock<Option<(i64, Arc<TriageModel>)>>,
}

impl Intel {
    /// Starts the indexer, and the scheduled jobs when `scheduled` (not in a command-line tool).
    pub(crate) fn start(
        app: Weak<crate::Inner>,
        now: chrono::DateTime<chrono::Utc>,
        scheduled: bool,
    ) -> Intel {
        if scheduled {
            schedule::start(app.clone(), now);
        }
        Intel {
            indexer: Indexer::start(app),
            model: RwLock::new(None),
        }
    }

    pub(crate) fn indexer(&self) -> &Indexer {
        &self.indexer
    }

    /// The active model version, if one is trained.
    pub(crate) fn model(&self) -> Option<(i64, Arc<TriageModel>)> {
        self.model.read().expect("model lock").clone()
    }

    pub(crate) fn set_model(&self, version: i64, model: Arc<TriageModel>) {
        *self.model.write().expect("model lock") = Some((version, model));
    }
}

/// The active triage model and its version, if one is trained.
pub fn active_model(app: &crate::App) -> Option<(i64, Arc<TriageModel>)> {
    app.intel().model()
}

/// Waits until the indexer has caught up with the whole timeline (after a bulk load);
/// `progress` is told the indexed and the newest event now and then.
pub async fn index_backlog(
    app: &crate::App,
    progress: impl Fn(i64, i64),
) -> Result<(), crate::AppError> {
    loop {
        let (indexed, newest) = {
            let mut read = app.db().read().await?;
            let conn = &mut read.conn();
            (
                tongban_store::search::indexed_event(conn).await?,
                tongban_store::search::newest_event(conn).await?,
            )
        };
        if indexed >= newest {
            return Ok(());
        }
        progress(indexed, newest);
        app.intel().indexer().wake();
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
}

/// Loads the active model version from the database (at start).
pub(crate) async fn load_model(app: &crate::App) -> Result<(), crate::AppError> {
    let stored = {
        let mut read = app.db().read().await?;
        tongban_store::triage::active_model(&mut read.conn()).await?
    };
    if let Some((version, json)) = stored {
        match serde_json::from_str::<TriageModel>(&json) {
            Ok(model) => app.intel().set_model(version, Arc::new(model)),
            Err(error) => tracing::warn!(%error, version, "the stored triage model cannot be read"),
        }
    }
    Ok(())
}
