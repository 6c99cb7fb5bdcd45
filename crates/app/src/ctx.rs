//! The context of every use case: who acts, through which request.

use tongban_domain::Actor;

/// Who is acting. Use cases take it first, so authorisation and audit cannot be skipped.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    /// The request that caused the call, for the logs and the audit trail.
    pub request_id: Option<String>,
}

impl Ctx {
    pub fn new(actor: Actor, request_id: Option<String>) -> Ctx {
        Ctx { actor, request_id }
    }

    /// The product itself: timers, imports, the demo seeder.
    pub fn system() -> Ctx {
        Ctx::new(Actor::system(), None)
    }
}
