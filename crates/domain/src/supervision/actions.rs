//! What people do with a supervision: the supervisor urges (催办) and concludes (办结 or
//! 继续督办), the supervised side responds (反馈), and authorised roles raise a level by hand.

use chrono::{DateTime, Utc};

use super::{NoteKind, Supervision, SupervisionStatus, TOP_LEVEL, level_label, supervisor_role};
use crate::codes::Role;
use crate::order::{WorkOrder, may_see};
use crate::values::required_text;
use crate::{Actor, DomainError};

const MAX_NOTE_CHARS: usize = 2_000;

crate::vocabulary!(
    /// 督办结论 the supervisor's conclusion
    Conclusion {
        Close = "close" / "办结",
        Continue = "continue" / "继续督办",
    }
);

/// A supervision after an action, and the note the action writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub supervision: Supervision,
    pub kind: NoteKind,
    pub text: String,
}

/// Whether the actor may see a supervision: it is in their scope of orders.
pub fn may_view(actor: &Actor, s: &Supervision) -> bool {
    actor.system
        || actor
            .scope()
            .covers(s.court_id, s.department_id, s.handler_id)
}

/// Whether the actor supervises at `level`: its office, or a higher one.
fn supervises(actor: &Actor, level: u8) -> bool {
    (level..=TOP_LEVEL).any(|l| actor.has(supervisor_role(l)))
}

fn visible(actor: &Actor, s: &Supervision) -> Result<(), DomainError> {
    if may_view(actor, s) {
        Ok(())
    } else {
        Err(DomainError::not_found(
            "supervision_not_found",
            "督办单不存在或无权查看",
        ))
    }
}

fn active(s: &Supervision) -> Result<(), DomainError> {
    if s.status.is_active() {
        Ok(())
    } else {
        Err(DomainError::conflict(
            "supervision_finished",
            "督办单已办结或已升级，不能再操作",
        ))
    }
}

fn as_supervisor(actor: &Actor, s: &Supervision) -> Result<(), DomainError> {
    visible(actor, s)?;
    if !supervises(actor, s.level) {
        return Err(DomainError::forbidden(
            "not_supervisor",
            format!("只有{}的督办部门可以催办或作出结论", level_label(s.level)),
        ));
    }
    active(s)
}

/// 催办 an urging note from the supervisor.
pub fn urge(s: &Supervision, actor: &Actor, text: &str) -> Result<Decided, DomainError> {
    as_supervisor(actor, s)?;
    Ok(Decided {
        supervision: s.clone(),
        kind: NoteKind::Urge,
        text: required_text("text", text, MAX_NOTE_CHARS)?,
    })
}

/// 反馈 the supervised side's response: the handler, or the head of the department; the
/// service office when it is the one supervised (nobody held the order, or its callback).
pub fn respond(s: &Supervision, actor: &Actor, text: &str) -> Result<Decided, DomainError> {
    visible(actor, s)?;
    let handler = s.handler_id.is_some() && s.handler_id == Some(actor.user_id);
    let head = actor.has(Role::DepartmentHead)
        && s.department_id.is_some()
        && s.department_id == actor.department_id;
    let office = actor.has(Role::ServiceOffice) && s.handler_id.is_none();
    if !handler && !head && !office {
        return Err(DomainError::forbidden(
            "not_supervised",
            "只有被督办的承办人或部门负责人可以反馈",
        ));
    }
    active(s)?;
    let mut next = s.clone();
    next.status = SupervisionStatus::Responded;
    Ok(Decided {
        supervision: next,
        kind: NoteKind::Response,
        text: required_text("text", text, MAX_NOTE_CHARS)?,
    })
}

/// The supervisor's conclusion: 办结 closes it; 继续督办 opens it again until `new_due`.
pub fn conclude(
    s: &Supervision,
    actor: &Actor,
    conclusion: Conclusion,
    text: &str,
    now: DateTime<Utc>,
    new_due: DateTime<Utc>,
) -> Result<Decided, DomainError> {
    as_supervisor(actor, s)?;
    let text = required_text("text", text, MAX_NOTE_CHARS)?;
    let mut next = s.clone();
    let kind = match conclusion {
        Conclusion::Close => {
            next.status = SupervisionStatus::Closed;
            next.closed_at = Some(now);
            NoteKind::Closed
        }
        Conclusion::Continue => {
            next.status = SupervisionStatus::Open;
            next.due_at = new_due;
            NoteKind::Continued
        }
    };
    Ok(Decided {
        supervision: next,
        kind,
        text,
    })
}

/// 提级督办 by hand: the service office, the inspection office or a leader raises an open
/// order they can see to a higher level, with a reason. Returns the reason.
pub fn raise_by_hand(
    order: &WorkOrder,
    actor: &Actor,
    level: u8,
    reason: &str,
) -> Result<String, DomainError> {
    if !actor.system && !may_see(actor, order) {
        return Err(DomainError::order_not_found());
    }
    if !actor.system && !actor.has_any(&[Role::ServiceOffice, Role::Inspector, Role::Leader]) {
        return Err(DomainError::forbidden(
            "role_not_allowed",
            "只有群众诉求服务处、督察处或院领导可以提级督办",
        ));
    }
    if !order.status.is_open() {
        return Err(DomainError::conflict(
            "order_closed",
            "工单已办结，不能督办",
        ));
    }
    if level <= order.supervision_level || level > TOP_LEVEL {
        return Err(DomainError::invalid(
            "level",
            "invalid_level",
            format!(
                "督办级别应高于当前级别（{}）且不超过三级",
                order.supervision_level
            ),
        ));
    }
    required_text("reason", reason, MAX_NOTE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::CourtLevel;
    use crate::ids::{CourtId, DepartmentId, OrderId, UserId};
    use crate::order::tests_support::{at, order};
    use crate::supervision::SupervisionReason;

    fn staff(id: i64, roles: &[Role], department: i64) -> Actor {
        Actor {
            user_id: UserId(id),
            username: format!("u{id}"),
            roles: roles.to_vec(),
            court_id: CourtId(1),
            court_level: CourtLevel::Intermediate,
            department_id: Some(DepartmentId(department)),
            system: false,
        }
    }

    fn supervision(level: u8) -> Supervision {
        Supervision {
            id: 1,
            number: "DB-20261126-0001".into(),
            order_id: OrderId(1),
            level,
            reason: SupervisionReason::LateReply,
            note: None,
            status: SupervisionStatus::Open,
            court_id: Some(CourtId(1)),
            department_id: Some(DepartmentId(5)),
            handler_id: Some(UserId(9)),
            notified: vec![],
            parent_id: None,
            created_by: None,
            created_at: at("2026-11-26T02:00:00Z"),
            due_at: at("2026-11-28T10:00:00Z"),
            closed_at: None,
        }
    }

    #[test]
    fn only_the_office_of_the_level_or_above_urges_and_concludes() {
        let office = staff(2, &[Role::ServiceOffice], 2);
        let inspector = staff(3, &[Role::Inspector], 3);
        let level2 = supervision(2);
        assert_eq!(
            urge(&level2, &office, "请尽快").unwrap_err().code,
            "not_supervisor"
        );
        assert!(urge(&level2, &inspector, "请尽快").is_ok());
        assert!(urge(&supervision(1), &inspector, "请尽快").is_ok());
        let now = at("2026-11-27T02:00:00Z");
        let closed = conclude(&level2, &inspector, Conclusion::Close, "已解决", now, now)
            .unwrap()
            .supervision;
        assert_eq!(closed.status, SupervisionStatus::Closed);
        assert_eq!(
            urge(&closed, &inspector, "x").unwrap_err().code,
            "supervision_finished"
        );
    }

    #[test]
    fn the_handler_or_the_head_responds() {
        let handler = staff(9, &[Role::Handler], 5);
        let other = staff(10, &[Role::Handler], 5);
        let head = staff(11, &[Role::DepartmentHead], 5);
        let s = supervision(1);
        assert_eq!(
            respond(&s, &handler, "已联系当事人")
                .unwrap()
                .supervision
                .status,
            SupervisionStatus::Responded
        );
        assert!(respond(&s, &head, "已安排").is_ok());
        assert_eq!(
            respond(&s, &other, "x").unwrap_err().code,
            "supervision_not_found"
        );
        assert_eq!(
            respond(&s, &handler, " ").unwrap_err().code,
            "missing_field"
        );
    }

    #[test]
    fn raising_by_hand_needs_a_higher_level_and_a_reason() {
        let inspector = staff(3, &[Role::Inspector], 3);
        let handler = staff(9, &[Role::Handler], 5);
        let mut o = order();
        o.supervision_level = 1;
        assert_eq!(
            raise_by_hand(&o, &inspector, 1, "x").unwrap_err().code,
            "invalid_level"
        );
        assert!(raise_by_hand(&o, &inspector, 3, "舆情关注").is_ok());
        assert_eq!(
            raise_by_hand(&o, &inspector, 2, "").unwrap_err().code,
            "missing_field"
        );
        assert_eq!(
            raise_by_hand(&o, &handler, 2, "x").unwrap_err().kind,
            crate::ErrorKind::NotFound
        );
    }
}
