//! Who may do what, and in which states (the permission matrix of SPEC §1–§2).

use super::{ActionName, CloseReason, ExtensionState, Status, WorkOrder};
use crate::codes::{Complexity, Role};
use crate::{Actor, DomainError};

/// How the actor must stand to the order, beyond seeing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// Anyone of the role who can see the order.
    InScope,
    /// 承办人 the handler the order is assigned to.
    AssignedHandler,
    /// 部门负责人 the head of the department holding the order.
    HeadOfDepartment,
}

use Relation::*;
use Role::*;
use Status::*;

/// The roles that may take an action, each with the relation it requires.
fn grants(action: ActionName) -> &'static [(Role, Relation)] {
    match action {
        ActionName::Screen
        | ActionName::Answer
        | ActionName::Dispatch
        | ActionName::Callback
        | ActionName::Merge
        | ActionName::Link
        | ActionName::Close => &[(Agent, InScope), (ServiceOffice, InScope)],
        ActionName::Accept
        | ActionName::Reply
        | ActionName::RequestExtension
        | ActionName::Return => &[(Handler, AssignedHandler)],
        ActionName::DecideExtension => &[(DepartmentHead, HeadOfDepartment)],
        ActionName::Suspend | ActionName::Resume => &[
            (Handler, AssignedHandler),
            (DepartmentHead, HeadOfDepartment),
        ],
        ActionName::Reassign => &[(ServiceOffice, InScope), (DepartmentHead, HeadOfDepartment)],
        ActionName::DisputeRating => &[
            (Handler, AssignedHandler),
            (DepartmentHead, HeadOfDepartment),
        ],
        ActionName::RuleRating | ActionName::Reopen => &[(ServiceOffice, InScope)],
    }
}

/// The states in which an action makes sense.
fn states(action: ActionName) -> &'static [Status] {
    match action {
        ActionName::Screen => &[Registered, Screened],
        ActionName::Answer | ActionName::Dispatch => &[Screened],
        ActionName::Accept => &[Dispatched],
        ActionName::Reply
        | ActionName::RequestExtension
        | ActionName::DecideExtension
        | ActionName::Suspend
        | ActionName::Resume => &[Accepted],
        ActionName::Return | ActionName::Reassign => &[Dispatched, Accepted],
        ActionName::Callback => &[Replied],
        ActionName::DisputeRating => &[Unsatisfied],
        ActionName::RuleRating => &[RatingDisputed],
        ActionName::Reopen => &[Unsatisfied, Rated, Closed],
        ActionName::Merge => &[Registered, Screened],
        ActionName::Link => &[Registered, Screened, Dispatched, Accepted, Replied],
        ActionName::Close => &[Rated, Replied],
    }
}

/// Whether the order is within what the actor may see.
pub fn may_see(actor: &Actor, order: &WorkOrder) -> bool {
    let a = &order.assignment;
    actor
        .scope()
        .covers(a.court_id, a.department_id, a.handler_id)
}

/// Whether the actor needs the appellant's phone, ID number and address (SPEC §8).
pub fn may_reveal_personal_data(actor: &Actor, order: &WorkOrder) -> bool {
    if actor.system {
        return true;
    }
    may_see(actor, order)
        && (actor.has_any(&[Agent, ServiceOffice, Inspector, Leader])
            || relation_holds(actor, order, AssignedHandler) && actor.has(Handler)
            || relation_holds(actor, order, HeadOfDepartment) && actor.has(DepartmentHead))
}

fn relation_holds(actor: &Actor, order: &WorkOrder, relation: Relation) -> bool {
    match relation {
        InScope => true,
        AssignedHandler => order.assignment.handler_id == Some(actor.user_id),
        HeadOfDepartment => {
            order.assignment.department_id.is_some()
                && order.assignment.department_id == actor.department_id
        }
    }
}

/// Whether the actor may take this action on this order now: 404 when the order is out of
/// scope, 403 when the role or relation is wrong, 409 when the state is wrong. Fields are
/// checked afterwards, by `decide`.
pub fn permit(actor: &Actor, order: &WorkOrder, action: ActionName) -> Result<(), DomainError> {
    if !actor.system && !may_see(actor, order) {
        return Err(DomainError::order_not_found());
    }
    check(actor, order, action)
}

fn check(actor: &Actor, order: &WorkOrder, action: ActionName) -> Result<(), DomainError> {
    let held: Vec<Relation> = grants(action)
        .iter()
        .filter(|(role, _)| actor.has(*role))
        .map(|(_, relation)| *relation)
        .collect();
    if held.is_empty() && !actor.system {
        return Err(DomainError::forbidden(
            "role_not_allowed",
            format!("您的角色无权执行“{}”操作", action.label()),
        ));
    }
    if !actor.system && !held.iter().any(|r| relation_holds(actor, order, *r)) {
        let message = if held.contains(&AssignedHandler) {
            "只有本工单的承办人可以执行此操作"
        } else {
            "只有承办部门的负责人可以执行此操作"
        };
        return Err(DomainError::forbidden("not_your_order", message));
    }
    if !states(action).contains(&order.status) {
        return Err(wrong_state(order, action));
    }
    preconditions(order, action)
}

/// Conditions beyond the state itself.
fn preconditions(order: &WorkOrder, action: ActionName) -> Result<(), DomainError> {
    let pending = order
        .extension
        .as_ref()
        .is_some_and(|e| e.state == ExtensionState::Pending);
    let refuse =
        |code: &'static str, message: &'static str| Err(DomainError::conflict(code, message));
    match action {
        ActionName::Answer if order.classification.complexity != Some(Complexity::Easy) => refuse(
            "not_easy",
            "只有甄别为“易”的诉求可以当场答复，其他诉求应转办",
        ),
        ActionName::RequestExtension if pending => {
            refuse("extension_pending", "已有延期申请待审批")
        }
        ActionName::DecideExtension if !pending => {
            refuse("no_pending_extension", "没有待审批的延期申请")
        }
        ActionName::Suspend if order.suspension.is_some() => {
            refuse("already_suspended", "工单已挂起")
        }
        ActionName::Resume if order.suspension.is_none() => {
            refuse("not_suspended", "工单未挂起，无需恢复办理")
        }
        ActionName::Close if order.status == Replied && !order.answered_on_spot => {
            refuse("callback_required", "转办的工单须回访后方可办结")
        }
        ActionName::Reopen
            if matches!(
                order.close_reason,
                Some(CloseReason::Invalid | CloseReason::Merged)
            ) =>
        {
            refuse("not_reopenable", "不予受理或已合并的工单不能重办")
        }
        _ => Ok(()),
    }
}

fn wrong_state(order: &WorkOrder, action: ActionName) -> DomainError {
    DomainError::conflict(
        "invalid_state",
        format!(
            "工单当前状态为“{}”，不能执行“{}”操作",
            order.status.label(),
            action.label()
        ),
    )
}

/// The actions this actor can take on this order now (for buttons in the UI).
pub fn available_actions(actor: &Actor, order: &WorkOrder) -> Vec<ActionName> {
    ActionName::ALL
        .iter()
        .copied()
        .filter(|action| !actor.system && check(actor, order, *action).is_ok())
        .collect()
}
