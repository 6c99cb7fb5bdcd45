//! Where "now" comes from. Production reads the system clock; tests move a test clock.

use chrono::{DateTime, Utc};

/// A source of the current time, shared by every part of the product.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}
