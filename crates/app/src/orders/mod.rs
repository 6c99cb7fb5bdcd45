//! 工单 use cases: register, act on, read and list work orders.

mod act;
mod input;
mod read;
mod register;

pub use act::act;
pub use input::{ActionInput, AppellantInput, RegisterInput, bodies};
pub use read::{OrderDetail, OrderPage, get, list, reveal_personal_data};
pub use register::register;

use serde_json::json;
use tongban_domain::order::{EventDraft, WorkOrder};
use tongban_store::Tx;
use tongban_store::events::{self, EventActor};

use crate::{AppError, Ctx, audit};

/// Stores an order's change: its timeline event and its audit record, in `tx`.
async fn record_change(
    tx: &mut Tx,
    ctx: &Ctx,
    order: &WorkOrder,
    event: &EventDraft,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let actor = EventActor {
        id: (!ctx.actor.system).then_some(ctx.actor.user_id),
        name: &ctx.actor.username,
    };
    events::append(tx, order.id, at, actor, order.status, event).await?;
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
    audit::record(
        tx,
        audit::fact(ctx, at, &action, "order", Some(order.id.0), detail),
    )
    .await
}
