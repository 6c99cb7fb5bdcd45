//! 知识库检索 the in-memory search index over the published knowledge-base entries, rebuilt
//! after each change; the agents' suggestions and the virtual agent search it.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use serde::Serialize;
use tongban_domain::hotline::KbStatus;
use tongban_domain::time::local_date;
use tongban_store::Db;
use tongban_store::hotline::knowledge as store;
use tongban_text::{KbConfig, KbEntry, KbIndex};

use super::knowledge::Entry;
use crate::{App, AppError};

/// The published entries and their search index.
pub(crate) struct Snapshot {
    index: KbIndex,
    entries: HashMap<i64, Entry>,
}

/// The in-memory index the agents and the virtual agent search.
pub(crate) struct KnowledgeCache {
    current: RwLock<Arc<Snapshot>>,
    rebuilding: tokio::sync::Mutex<()>,
    /// A background rebuild is waiting: later ones are folded into it.
    pending: std::sync::atomic::AtomicBool,
}

impl KnowledgeCache {
    pub(crate) fn empty() -> KnowledgeCache {
        KnowledgeCache {
            current: RwLock::new(Arc::new(Snapshot {
                index: KbIndex::build(Vec::new(), KbConfig::default()),
                entries: HashMap::new(),
            })),
            rebuilding: tokio::sync::Mutex::new(()),
            pending: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Rebuilds in the background; several asked while one waits make one rebuild.
    pub(crate) fn rebuild_soon(&self, app: &App) {
        use std::sync::atomic::Ordering;
        if self.pending.swap(true, Ordering::AcqRel) {
            return;
        }
        let app = app.clone();
        tokio::spawn(async move {
            let cache = app.knowledge();
            let _one_at_a_time = cache.rebuilding.lock().await;
            // Cleared before reading: what is committed from now on gets a rebuild of its own.
            cache.pending.store(false, Ordering::Release);
            if let Err(error) = cache.rebuild_locked(app.db()).await {
                tracing::error!(%error, "rebuilding the knowledge index failed");
            }
        });
    }

    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        self.current.read().expect("kb lock").clone()
    }

    /// Reads the published entries again and rebuilds the index (off the async threads).
    pub(crate) async fn rebuild(&self, db: &Db) -> Result<(), AppError> {
        let _one_at_a_time = self.rebuilding.lock().await;
        self.rebuild_locked(db).await
    }

    async fn rebuild_locked(&self, db: &Db) -> Result<(), AppError> {
        let rows = {
            let mut read = db.read().await?;
            store::with_status(&mut read.conn(), KbStatus::Published.code()).await?
        };
        let entries: HashMap<i64, Entry> = rows
            .into_iter()
            .map(|r| Entry::of(r).map(|e| (e.id, e)))
            .collect::<Result<_, _>>()?;
        // In id order: the index's calibration depends on the order, and must not vary.
        let mut ordered: Vec<&Entry> = entries.values().collect();
        ordered.sort_by_key(|e| e.id);
        let docs: Vec<KbEntry> = ordered
            .into_iter()
            .map(|e| KbEntry {
                id: e.id.to_string(),
                question: e.content.question.clone(),
                alternatives: e.content.alternatives.clone(),
                answer: e.content.answer.clone(),
            })
            .collect();
        let index = tokio::task::spawn_blocking(move || KbIndex::build(docs, KbConfig::default()))
            .await
            .map_err(|_| AppError::Unavailable)?;
        *self.current.write().expect("kb lock") = Arc::new(Snapshot { index, entries });
        Ok(())
    }
}

/// A published entry found for a text, with the confidence that it answers it.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub id: i64,
    pub category: String,
    pub question: String,
    pub answer: String,
    pub confidence: f32,
}

impl Snapshot {
    /// The `k` best published entries in force on `day` for `text`.
    pub(crate) fn search(&self, text: &str, k: usize, day: NaiveDate) -> Vec<Suggestion> {
        self.index
            .search(text, k + 5)
            .into_iter()
            .filter_map(|hit| {
                let entry = self.entries.get(&hit.id.parse().ok()?)?;
                entry.content.valid_on(day).then(|| Suggestion {
                    id: entry.id,
                    category: entry.content.category.clone(),
                    question: entry.content.question.clone(),
                    answer: entry.content.answer.clone(),
                    confidence: hit.confidence,
                })
            })
            .take(k)
            .collect()
    }

    /// Below this confidence the virtual agent hands over.
    pub(crate) fn threshold(&self) -> f32 {
        self.index.handover_threshold()
    }
}

/// Searches the published entries in force (any staff member: suggestions while typing).
pub async fn search(app: &App, text: &str, k: usize) -> Vec<Suggestion> {
    let text = text.trim();
    if text.chars().count() < 2 {
        return Vec::new();
    }
    let snapshot = app.knowledge().snapshot();
    let day = local_date(app.now());
    snapshot.search(text, k.clamp(1, 20), day)
}
