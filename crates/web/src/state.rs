//! What every request handler can reach.

use std::sync::Arc;

use tongban_app::{App, TestClock};

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// Present only when the server was started with `--test-clock`.
    pub test_clock: Option<Arc<TestClock>>,
}
