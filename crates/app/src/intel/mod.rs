//! 智能 text intelligence in the product: full-text search, triage suggestions from versioned
//! models trained on the court's own orders, repeat detection and common problems.

mod indexer;
mod model;
pub mod repeats;
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
    pub(crate) fn start(app: Weak<crate::Inner>) -> Intel {
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
