//! tongban's use cases. Every call takes a [`Ctx`] (who acts, and why they may), checks the
//! domain rules, and writes the change, its timeline event and its audit record in one
//! transaction through the group-committing writer.

pub mod attachments;
pub mod audit;
pub mod auth;
pub mod calendar;
mod clock;
mod ctx;
mod error;
pub mod hotline;
pub mod intel;
mod json;
pub mod notifications;
pub mod orders;
pub mod org;
pub mod outbox;
pub mod portal;
mod rules;
pub mod saved_views;
pub mod settings;
pub mod supervision;

pub use clock::{SystemClock, TestClock};
pub use ctx::Ctx;
pub use error::AppError;
pub use json::parse_json;
pub use orders::bodies;
pub use rules::Rules;

use std::sync::{Arc, RwLock};

use tokio::sync::{Mutex, Notify};

use tokio::task::JoinHandle;
use tongban_domain::time::Clock;
use tongban_store::{Db, Writer};

/// The application: database, writer, clock and the rules in force.
#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    db: Db,
    writer: Writer,
    clock: Arc<dyn Clock>,
    rules: Arc<RwLock<Arc<Rules>>>,
    login_throttle: auth::LoginThrottle,
    sessions: auth::SessionCache,
    registrar: orders::Registrar,
    intel: intel::Intel,
    calls: hotline::CallIngester,
    knowledge: hotline::KnowledgeCache,
    /// One sweep at a time in this process (other instances are kept apart by the database).
    sweep_lock: Mutex<()>,
    /// Wakes the background sweep (the test clock moved).
    wake: Arc<Notify>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // The background sweep holds the app weakly: let it notice at once.
        self.wake.notify_one();
    }
}

impl App {
    /// Migrates the database, loads the rules and starts the writer. The returned task ends
    /// once every clone of the `App` is dropped and the queued writes are committed.
    pub async fn start(db: Db, clock: Arc<dyn Clock>) -> Result<(App, JoinHandle<()>), AppError> {
        Self::start_with(db, clock, true).await
    }

    /// As `start`, without the background timers — the deadline sweep and the scheduled
    /// text-intelligence jobs (retraining, rising topics) — when `timers` is false: a
    /// command-line tool leaves them to the servers, a benchmark runs each sweep itself with
    /// [`App::sweep_now`].
    pub async fn start_with(
        db: Db,
        clock: Arc<dyn Clock>,
        timers: bool,
    ) -> Result<(App, JoinHandle<()>), AppError> {
        db.migrate().await?;
        let (writer, writer_task) = Writer::start(db.clone());
        let rules = Arc::new(RwLock::new(Arc::new(Rules::default())));
        let app = App {
            inner: Arc::new_cyclic(|weak| {
                let intel = intel::Intel::start(weak.clone(), clock.now(), timers);
                let registrar = orders::Registrar::start(
                    writer.clone(),
                    {
                        let rules = rules.clone();
                        move || rules.read().expect("rules lock").number_prefix.clone()
                    },
                    intel.indexer().waker(),
                );
                let calls = hotline::CallIngester::start(writer.clone(), clock.clone(), {
                    let rules = rules.clone();
                    move || rules.read().expect("rules lock").clone()
                });
                Inner {
                    intel,
                    calls,
                    knowledge: hotline::KnowledgeCache::empty(),
                    db,
                    registrar,
                    writer,
                    clock,
                    rules,
                    login_throttle: auth::LoginThrottle::default(),
                    sessions: auth::SessionCache::default(),
                    sweep_lock: Mutex::new(()),
                    wake: Arc::new(Notify::new()),
                }
            }),
        };
        calendar::install_shipped_years(&app).await?;
        app.reload_rules().await?;
        app.knowledge().rebuild(app.db()).await?;
        intel::load_model(&app).await?;
        app.intel().indexer().wake();
        // The sweep's first run catches up with whatever fell due while the server was down.
        if timers {
            supervision::spawn(Arc::downgrade(&app.inner), app.inner.wake.clone());
        }
        Ok((app, writer_task))
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    pub(crate) fn writer(&self) -> &Writer {
        &self.inner.writer
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    pub(crate) fn sweep_lock(&self) -> &Mutex<()> {
        &self.inner.sweep_lock
    }

    /// Runs the deadline sweep now (after the test clock moved) and waits for it to finish.
    pub async fn sweep_now(&self) -> Result<supervision::SweepReport, AppError> {
        supervision::sweep(self).await
    }

    pub(crate) fn registrar(&self) -> &orders::Registrar {
        &self.inner.registrar
    }

    pub(crate) fn intel(&self) -> &intel::Intel {
        &self.inner.intel
    }

    pub(crate) fn calls(&self) -> &hotline::CallIngester {
        &self.inner.calls
    }

    pub(crate) fn knowledge(&self) -> &hotline::KnowledgeCache {
        &self.inner.knowledge
    }

    pub(crate) fn sessions(&self) -> &auth::SessionCache {
        &self.inner.sessions
    }

    pub(crate) fn login_throttle(&self) -> &auth::LoginThrottle {
        &self.inner.login_throttle
    }

    /// The calendar, policy and thresholds in force.
    pub fn rules(&self) -> Arc<Rules> {
        self.inner.rules.read().expect("rules lock").clone()
    }

    /// Reads the calendar and policy again (after an administrator changed them).
    pub async fn reload_rules(&self) -> Result<(), AppError> {
        let rules = Rules::load(self.db()).await?;
        *self.inner.rules.write().expect("rules lock") = Arc::new(rules);
        Ok(())
    }
}
