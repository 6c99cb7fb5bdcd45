//! Who is acting, and what part of the city's orders they may see (scope).

use serde::Serialize;

use crate::codes::{CourtLevel, Role};
use crate::ids::{CourtId, DepartmentId, UserId};

/// A signed-in staff member, or the system itself (timers, imports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub user_id: UserId,
    pub username: String,
    pub roles: Vec<Role>,
    pub court_id: CourtId,
    pub court_level: CourtLevel,
    pub department_id: Option<DepartmentId>,
    /// True only for `Actor::system()`.
    pub system: bool,
}

impl Actor {
    /// The product itself: deadline sweeps, imports, the demo seeder. Sees everything.
    pub fn system() -> Actor {
        Actor {
            user_id: UserId(0),
            username: "system".into(),
            roles: Vec::new(),
            court_id: CourtId(0),
            court_level: CourtLevel::Intermediate,
            department_id: None,
            system: true,
        }
    }

    /// A citizen acting through the public portal. The portal's use cases let it do only
    /// two things: register its own appeal and rate the reply to it.
    pub fn citizen() -> Actor {
        Actor {
            username: "网上群众".into(),
            ..Actor::system()
        }
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|role| self.has(*role))
    }

    /// At the intermediate court, the service office, inspection office, hotline agents,
    /// leaders and administrators oversee every court of the city.
    pub fn oversees_city(&self) -> bool {
        self.system || self.court_level == CourtLevel::Intermediate && self.has_any(COURT_WIDE)
    }

    /// The orders this actor may see: the union of what each of their roles allows.
    pub fn scope(&self) -> Scope {
        let mut scope = Scope::default();
        if self.oversees_city() {
            scope.all_courts = true;
            return scope;
        }
        if self.has_any(COURT_WIDE) {
            scope.courts.push(self.court_id);
        }
        if self.has(Role::DepartmentHead)
            && let Some(department) = self.department_id
        {
            scope.departments.push(department);
        }
        if self.has(Role::Handler) {
            scope.handler = Some(self.user_id);
        }
        scope
    }
}

/// Roles whose scope is a whole court (or the whole city at the intermediate court).
const COURT_WIDE: &[Role] = &[
    Role::Agent,
    Role::ServiceOffice,
    Role::Inspector,
    Role::Leader,
    Role::Admin,
];

/// The part of the city's orders an actor may see. An order is in scope when any part matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub all_courts: bool,
    pub courts: Vec<CourtId>,
    pub departments: Vec<DepartmentId>,
    pub handler: Option<UserId>,
}

impl Scope {
    /// Whether an order held by this court / department / handler is in scope.
    pub fn covers(
        &self,
        court: Option<CourtId>,
        department: Option<DepartmentId>,
        handler: Option<UserId>,
    ) -> bool {
        self.all_courts
            || court.is_some_and(|c| self.courts.contains(&c))
            || department.is_some_and(|d| self.departments.contains(&d))
            || handler.is_some() && handler == self.handler
    }

    pub fn is_empty(&self) -> bool {
        !self.all_courts
            && self.courts.is_empty()
            && self.departments.is_empty()
            && self.handler.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role], level: CourtLevel) -> Actor {
        Actor {
            user_id: UserId(7),
            username: "u".into(),
            roles: roles.to_vec(),
            court_id: CourtId(2),
            court_level: level,
            department_id: Some(DepartmentId(20)),
            system: false,
        }
    }

    #[test]
    fn intermediate_service_office_sees_every_court() {
        let scope = actor(&[Role::ServiceOffice], CourtLevel::Intermediate).scope();
        assert!(scope.covers(Some(CourtId(99)), None, None));
        assert!(scope.covers(None, None, None));
    }

    #[test]
    fn basic_court_staff_see_their_court_only() {
        let scope = actor(&[Role::Agent], CourtLevel::Basic).scope();
        assert!(scope.covers(Some(CourtId(2)), None, None));
        assert!(!scope.covers(Some(CourtId(3)), None, None));
        assert!(!scope.covers(None, None, None));
    }

    #[test]
    fn handler_and_head_scopes_combine() {
        let handler = actor(&[Role::Handler], CourtLevel::Intermediate).scope();
        assert!(handler.covers(Some(CourtId(2)), Some(DepartmentId(20)), Some(UserId(7))));
        assert!(!handler.covers(Some(CourtId(2)), Some(DepartmentId(20)), Some(UserId(8))));
        let both = actor(&[Role::Handler, Role::DepartmentHead], CourtLevel::Basic).scope();
        assert!(both.covers(Some(CourtId(2)), Some(DepartmentId(20)), Some(UserId(8))));
        assert!(!both.covers(Some(CourtId(2)), Some(DepartmentId(21)), Some(UserId(8))));
    }
}
