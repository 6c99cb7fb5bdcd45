//! Slows down password guessing: after several failed logins a username is locked for a while.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use tongban_domain::DomainError;

/// Failed logins of one username within the window before it is locked for a while.
const MAX_FAILURES: u32 = 5;
const FAILURE_WINDOW_MINUTES: i64 = 15;

/// Counts recent failed logins per username (per process) to slow down guessing.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, DateTime<Utc>)>>,
}

impl LoginThrottle {
    pub(super) fn check(&self, username: &str, now: DateTime<Utc>) -> Result<(), DomainError> {
        let failures = self.failures.lock().expect("throttle lock");
        match failures.get(username) {
            Some((count, since))
                if *count >= MAX_FAILURES
                    && now - *since < Duration::minutes(FAILURE_WINDOW_MINUTES) =>
            {
                Err(DomainError::forbidden(
                    "too_many_attempts",
                    "登录失败次数过多，请15分钟后再试",
                ))
            }
            _ => Ok(()),
        }
    }

    pub(super) fn failed(&self, username: &str, now: DateTime<Utc>) {
        let mut failures = self.failures.lock().expect("throttle lock");
        let entry = failures.entry(username.to_string()).or_insert((0, now));
        if now - entry.1 >= Duration::minutes(FAILURE_WINDOW_MINUTES) {
            *entry = (0, now);
        }
        entry.0 += 1;
    }

    pub(super) fn succeeded(&self, username: &str) {
        self.failures
            .lock()
            .expect("throttle lock")
            .remove(username);
    }
}
