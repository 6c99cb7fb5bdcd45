//! Recently checked tokens, so that a request does not cost three queries. An entry lives
//! ten seconds; this process forgets it at once on logout, revocation, a disabled account or
//! a new password, other instances within those ten seconds.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tongban_domain::{Actor, UserId};
use tongban_store::tokens::TokenInfo;

const TTL: Duration = Duration::from_secs(10);
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Default)]
pub struct SessionCache {
    entries: Mutex<HashMap<String, (Actor, TokenInfo, Instant)>>,
}

impl SessionCache {
    pub(super) fn get(&self, digest: &str) -> Option<(Actor, TokenInfo)> {
        let entries = self.entries.lock().expect("session cache lock");
        let (actor, info, checked) = entries.get(digest)?;
        (checked.elapsed() < TTL).then(|| (actor.clone(), info.clone()))
    }

    pub(super) fn put(&self, digest: String, actor: Actor, info: TokenInfo) {
        let mut entries = self.entries.lock().expect("session cache lock");
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (_, _, checked)| checked.elapsed() < TTL);
        }
        entries.insert(digest, (actor, info, Instant::now()));
    }

    pub(super) fn forget_token(&self, id: i64) {
        let mut entries = self.entries.lock().expect("session cache lock");
        entries.retain(|_, (_, info, _)| info.id != id);
    }

    pub(crate) fn forget_user(&self, user: UserId) {
        let mut entries = self.entries.lock().expect("session cache lock");
        entries.retain(|_, (actor, _, _)| actor.user_id != user);
    }
}
