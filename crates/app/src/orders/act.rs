//! The life-cycle actions: resolve what the caller sent against the organisation and the
//! other orders, let the domain decide, store the result with its event and audit record.

use tongban_domain::codes::Role;
use tongban_domain::order::{
    self, Action, DispatchTarget, MergeTarget, Screening, WorkOrder, may_see, permit,
};
use tongban_domain::{CourtId, DepartmentId, DomainError, OrderId, UserId};
use tongban_store::{Tx, orders, org, supervisions};

use super::{ActionInput, record_change};
use crate::{App, AppError, Ctx, notifications, supervision};

/// Takes one action on an order; returns the order afterwards.
pub async fn act(
    app: &App,
    ctx: &Ctx,
    id: OrderId,
    input: ActionInput,
) -> Result<WorkOrder, AppError> {
    let (app, ctx) = (app.clone(), ctx.clone());
    let writer = app.writer().clone();
    writer
        .write(move |tx| {
            Box::pin(async move {
                let current = orders::get_for_update(tx, id)
                    .await?
                    .ok_or_else(DomainError::order_not_found)?;
                permit(&ctx.actor, &current, action_name(&input))?;
                let action = resolve(tx, &ctx, &current, input).await?;
                let now = app.now();
                let rules = app.rules();
                let decision = order::decide(
                    &current,
                    action,
                    &ctx.actor,
                    now,
                    &rules.settings_for(current.policy_version),
                )?;
                if !orders::update(tx, &decision.order, current.version).await? {
                    return Err(DomainError::conflict(
                        "order_changed",
                        "工单已被他人修改，请刷新后重试",
                    )
                    .into());
                }
                record_change(tx, &ctx, &decision.order, &decision.event, now).await?;
                notifications::deliver(tx, &decision.order, &decision.event, now).await?;
                let after = &decision.order;
                if after.assignment != current.assignment {
                    let a = after.assignment;
                    supervisions::follow_assignment(
                        tx,
                        after.id,
                        a.court_id,
                        a.department_id,
                        a.handler_id,
                    )
                    .await?;
                }
                if after.repeat_of.is_some() && after.repeat_of != current.repeat_of {
                    supervision::on_repeat(tx, &ctx, &rules, after, now).await?;
                }
                Ok(decision.order)
            })
        })
        .await
        .map_err(AppError::from)
}

fn action_name(input: &ActionInput) -> order::ActionName {
    use order::ActionName as N;
    match input {
        ActionInput::Screen(_) => N::Screen,
        ActionInput::Answer(_) => N::Answer,
        ActionInput::Dispatch(_) => N::Dispatch,
        ActionInput::Accept(_) => N::Accept,
        ActionInput::Reply(_) => N::Reply,
        ActionInput::RequestExtension(_) => N::RequestExtension,
        ActionInput::DecideExtension(_) => N::DecideExtension,
        ActionInput::Suspend(_) => N::Suspend,
        ActionInput::Resume(_) => N::Resume,
        ActionInput::Return(_) => N::Return,
        ActionInput::Reassign(_) => N::Reassign,
        ActionInput::Callback(_) => N::Callback,
        ActionInput::DisputeRating(_) => N::DisputeRating,
        ActionInput::RuleRating(_) => N::RuleRating,
        ActionInput::Reopen(_) => N::Reopen,
        ActionInput::Merge(_) => N::Merge,
        ActionInput::Link(_) => N::Link,
        ActionInput::Close(_) => N::Close,
    }
}

/// Turns what was sent into a domain action, checking references to other things.
async fn resolve(
    tx: &mut Tx,
    ctx: &Ctx,
    current: &WorkOrder,
    input: ActionInput,
) -> Result<Action, AppError> {
    Ok(match input {
        ActionInput::Screen(b) => Action::Screen(Screening {
            valid: b.valid,
            invalid_reason: b.invalid_reason,
            appeal_type: b.appeal_type,
            area: b.area,
            complexity: b.complexity,
            urgency: b.urgency,
            note: b.note,
        }),
        ActionInput::Answer(b) => Action::Answer {
            text: b.text,
            close: b.close,
        },
        ActionInput::Dispatch(b) => Action::Dispatch(
            route(
                tx,
                CourtId(b.court_id),
                DepartmentId(b.department_id),
                UserId(b.handler_id),
            )
            .await?,
        ),
        ActionInput::Accept(_) => Action::Accept,
        ActionInput::Reply(b) => Action::Reply { text: b.text },
        ActionInput::RequestExtension(b) => Action::RequestExtension {
            days: b.days,
            reason: b.reason,
        },
        ActionInput::DecideExtension(b) => Action::DecideExtension {
            approve: b.approve,
            days: b.days,
            note: b.note,
        },
        ActionInput::Suspend(b) => Action::Suspend { reason: b.reason },
        ActionInput::Resume(b) => Action::Resume { note: b.note },
        ActionInput::Return(b) => Action::Return { reason: b.reason },
        ActionInput::Reassign(b) => {
            let handler = UserId(b.handler_id);
            let staff = org::staff_member(&mut tx.conn(), handler).await?;
            let department = b
                .department_id
                .map(DepartmentId)
                .or(staff.and_then(|s| s.department_id))
                .ok_or_else(handler_error)?;
            let court = match b.court_id {
                Some(court) => CourtId(court),
                None => org::department(&mut tx.conn(), department)
                    .await?
                    .map(|d| d.court_id)
                    .ok_or_else(|| {
                        DomainError::invalid("department_id", "unknown_department", "部门不存在")
                    })?,
            };
            Action::Reassign(route(tx, court, department, handler).await?)
        }
        ActionInput::Callback(b) => Action::Callback {
            outcome: b.outcome,
            note: b.note,
        },
        ActionInput::DisputeRating(b) => Action::DisputeRating { reason: b.reason },
        ActionInput::RuleRating(b) => Action::RuleRating {
            reasonable: b.reasonable,
            note: b.note,
        },
        ActionInput::Reopen(b) => Action::Reopen { reason: b.reason },
        ActionInput::Merge(b) => Action::Merge {
            into: target(tx, ctx, current, OrderId(b.target_id)).await?,
            note: b.note,
        },
        ActionInput::Link(b) => Action::Link {
            repeat_of: target(tx, ctx, current, OrderId(b.target_id)).await?,
        },
        ActionInput::Close(b) => Action::Close { note: b.note },
    })
}

fn handler_error() -> DomainError {
    DomainError::invalid(
        "handler_id",
        "handler_not_in_department",
        "承办人不存在、已停用或不属于所选部门",
    )
}

/// Checks a court → department → handler route against the organisation.
async fn route(
    tx: &mut Tx,
    court: CourtId,
    department: DepartmentId,
    handler: UserId,
) -> Result<DispatchTarget, AppError> {
    let conn = &mut tx.conn();
    if org::court(conn, court).await?.is_none() {
        return Err(DomainError::invalid("court_id", "unknown_court", "法院不存在").into());
    }
    match org::department(conn, department).await? {
        Some(d) if d.court_id == court && d.active => {}
        _ => {
            return Err(DomainError::invalid(
                "department_id",
                "department_not_in_court",
                "部门不存在、已撤销或不属于所选法院",
            )
            .into());
        }
    }
    match org::staff_member(conn, handler).await? {
        Some(s)
            if s.active
                && s.roles.contains(&Role::Handler)
                && s.department_id == Some(department) =>
        {
            Ok(DispatchTarget {
                court_id: court,
                department_id: department,
                handler_id: handler,
            })
        }
        _ => Err(handler_error().into()),
    }
}

/// The order to merge into or link to, as far as the actor may see it.
async fn target(
    tx: &mut Tx,
    ctx: &Ctx,
    current: &WorkOrder,
    id: OrderId,
) -> Result<MergeTarget, AppError> {
    let unknown =
        || DomainError::invalid("target_id", "unknown_target", "目标工单不存在或无权查看");
    if id == current.id {
        return Err(DomainError::invalid(
            "target_id",
            "invalid_merge_target",
            "不能合并或关联到本工单",
        )
        .into());
    }
    let found = orders::get(&mut tx.conn(), id).await?.ok_or_else(unknown)?;
    if !ctx.actor.system && !may_see(&ctx.actor, &found) {
        return Err(unknown().into());
    }
    Ok(MergeTarget {
        id: found.id,
        status: found.status,
        close_reason: found.close_reason,
    })
}
