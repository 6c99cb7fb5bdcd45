//! The background task that runs the sweep: at start (catching up after downtime), every
//! second, and at once when woken (the test clock moved). It holds the app weakly, so it
//! ends when the app is dropped.

use std::sync::Weak;
use std::time::Duration;

use tokio::sync::Notify;

use crate::App;

/// How often the sweep runs without being woken.
const PERIOD: Duration = Duration::from_secs(1);
/// Every this many runs, the rules are read again: another instance (or `tongban calendar
/// import`) may have changed the calendar or the settings.
const RELOAD_EVERY: u32 = 60;

pub(crate) fn spawn(app: Weak<crate::Inner>, wake: std::sync::Arc<Notify>) {
    tokio::spawn(async move {
        let mut runs: u32 = 0;
        loop {
            let Some(inner) = app.upgrade() else { break };
            let app = App { inner };
            runs = runs.wrapping_add(1);
            if runs.is_multiple_of(RELOAD_EVERY)
                && let Err(error) = app.reload_rules().await
            {
                tracing::error!(%error, "cannot read the rules again");
            }
            if let Err(error) = super::sweep(&app).await {
                tracing::error!(%error, "deadline sweep failed; it runs again shortly");
            }
            drop(app);
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(PERIOD) => {}
            }
        }
    });
}
