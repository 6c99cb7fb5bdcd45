//! 12368 热线 use cases: call records from the switch and the callbacks they cause, the
//! caller's history (screen pop), the case directory, the knowledge base, the virtual agent and
//! the daily figures.

pub mod assistant;
pub mod callbacks;
pub mod calls;
pub mod case_files;
pub mod cases;
pub mod history;
pub mod knowledge;
mod knowledge_index;
pub mod stats;

pub(crate) use calls::CallIngester;
pub(crate) use knowledge_index::KnowledgeCache;

use tongban_domain::DomainError;
use tongban_domain::codes::Role;

use crate::Ctx;

/// Staff who work the hotline: agents, the service office, administrators (and the system).
const HOTLINE_ROLES: &[Role] = &[Role::Agent, Role::ServiceOffice, Role::Admin];

/// Refuses unless the actor is the system or has one of `roles`.
fn require(ctx: &Ctx, roles: &[Role], message: &'static str) -> Result<(), DomainError> {
    if ctx.actor.system || ctx.actor.has_any(roles) {
        Ok(())
    } else {
        Err(DomainError::forbidden("role_not_allowed", message))
    }
}

/// The page bounds every list here uses: page from 1, 1–200 per page.
fn page_bounds(page: u32, per_page: u32) -> Result<(i64, i64), DomainError> {
    if page == 0 {
        return Err(DomainError::invalid("page", "invalid_page", "页码从1开始"));
    }
    if per_page == 0 || per_page > 200 {
        return Err(DomainError::invalid(
            "per_page",
            "invalid_per_page",
            "每页条数应为1至200",
        ));
    }
    Ok((
        i64::from(page - 1) * i64::from(per_page),
        i64::from(per_page),
    ))
}
