//! Clocks: the system clock, and a test clock that tests (and `--test-clock`) move.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::watch;
use tongban_domain::time::Clock;

/// The real time.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Real time plus an offset that tests move forward (or set). Timers subscribe to changes
/// so that the work that became due runs at once.
#[derive(Debug)]
pub struct TestClock {
    offset: Mutex<Duration>,
    moved: watch::Sender<()>,
}

impl Default for TestClock {
    fn default() -> Self {
        TestClock {
            offset: Mutex::new(Duration::zero()),
            moved: watch::channel(()).0,
        }
    }
}

impl TestClock {
    pub fn advance(&self, by: Duration) {
        *self.offset.lock().expect("clock lock") += by;
        self.moved.send_replace(());
    }

    pub fn set(&self, now: DateTime<Utc>) {
        *self.offset.lock().expect("clock lock") = now - Utc::now();
        self.moved.send_replace(());
    }

    /// Notified each time the clock is moved.
    pub fn subscribe(&self) -> watch::Receiver<()> {
        self.moved.subscribe()
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + *self.offset.lock().expect("clock lock")
    }
}
