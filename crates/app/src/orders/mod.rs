//! 工单 use cases: register, act on, read and list work orders.

mod act;
mod input;
mod read;
mod register;
mod registrar;

pub use act::act;
pub use input::{ActionInput, AppellantInput, RegisterInput, bodies};
pub use read::{
    MAX_PER_PAGE, OrderDetail, OrderPage, counts, get, id_of, list, reveal_personal_data,
};
pub use register::register;
pub(crate) use registrar::Registrar;

use serde_json::json;
use tongban_domain::OrderId;
use tongban_domain::audit::AuditFact;
use tongban_domain::order::{EventDraft, Status, WorkOrder};
use tongban_store::Tx;
use tongban_store::events::{self, EventActor, NewEvent};

use crate::{AppError, Ctx, audit};

/// What the timeline and the audit log record of an order as it is after a change.
pub(crate) struct ChangedOrder<'a> {
    pub id: OrderId,
    pub number: &'a str,
    pub status: Status,
    pub version: i64,
}

impl<'a> From<&'a WorkOrder> for ChangedOrder<'a> {
    fn from(order: &'a WorkOrder) -> ChangedOrder<'a> {
        ChangedOrder {
            id: order.id,
            number: &order.number,
            status: order.status,
            version: order.version,
        }
    }
}

/// The timeline event and audit fact of an order's change.
fn change_records<'a>(
    ctx: &'a Ctx,
    order: &ChangedOrder,
    event: &'a EventDraft,
    at: chrono::DateTime<chrono::Utc>,
) -> (NewEvent<'a>, AuditFact) {
    let actor = EventActor {
        id: (!ctx.actor.system).then_some(ctx.actor.user_id),
        name: &ctx.actor.username,
    };
    let mut detail = json!({
        "number": order.number,
        "event": event.kind.code(),
        "status": order.status.code(),
        "version": order.version,
    });
    if !event.data.is_empty() {
        detail["data"] = serde_json::Value::Object(event.data.clone());
    }
    let action = format!("order.{}", event.kind.code());
    let fact = audit::fact(ctx, at, &action, "order", Some(order.id.0), detail);
    let new_event = NewEvent {
        order_id: order.id,
        at,
        actor,
        status_after: order.status,
        draft: event,
    };
    (new_event, fact)
}

/// Stores an order's change: its timeline event and its audit record, in `tx`.
pub(crate) async fn record_change(
    tx: &mut Tx,
    ctx: &Ctx,
    order: &WorkOrder,
    event: &EventDraft,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    record_changes(tx, ctx, &[(&order.into(), event)], at).await
}

/// Stores several orders' changes by one actor, many rows per statement.
pub(crate) async fn record_changes(
    tx: &mut Tx,
    ctx: &Ctx,
    changes: &[(&ChangedOrder<'_>, &EventDraft)],
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let (new_events, facts): (Vec<_>, Vec<_>) = changes
        .iter()
        .map(|(order, event)| change_records(ctx, order, event, at))
        .unzip();
    events::append_many(tx, &new_events).await?;
    tongban_store::audit::append_many(tx, facts).await?;
    Ok(())
}
