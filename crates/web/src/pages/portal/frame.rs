//! What every portal page shares: its title, the portal link marked as current, the version
//! that asset addresses carry.

use crate::pages::assets::VERSION;

pub struct Frame {
    pub title: &'static str,
    /// The portal link of this page (`/portal` or `/portal/track`).
    pub current: &'static str,
    pub version: &'static str,
}

impl Frame {
    pub fn new(title: &'static str, current: &'static str) -> Frame {
        Frame {
            title,
            current,
            version: VERSION,
        }
    }
}
