//! 反复提出: when an appeal is linked to (or merged into) an earlier one and the matter has
//! now been raised the configured number of times within the window, the order still not
//! effectively handled goes to the inspection office (level 2) at once.

use chrono::{DateTime, Duration, Utc};
use tongban_domain::order::{Status, WorkOrder};
use tongban_domain::supervision::{SupervisionReason, Watched};
use tongban_store::{Tx, orders, sweep};

use super::open::{Opening, People, open};
use crate::{AppError, Ctx, Rules};

/// The level 反复提出 calls for.
const REPEAT_LEVEL: u8 = 2;

/// Not effectively handled: not yet replied, or rated unsatisfied.
fn unhandled(order: &WorkOrder) -> bool {
    !matches!(
        order.status,
        Status::Replied | Status::Rated | Status::Closed
    )
}

/// Called after `order` was linked or merged to its `repeat_of`, in the same transaction.
pub(crate) async fn on_repeat(
    tx: &mut Tx,
    ctx: &Ctx,
    rules: &Rules,
    order: &WorkOrder,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(root) = order.repeat_of else {
        return Ok(());
    };
    let since = now - Duration::days(i64::from(rules.supervision.repeat_window_days));
    let appeals = sweep::appeals_on_matter(&mut tx.conn(), root, since).await?;
    if !rules
        .supervision
        .is_repeated(u32::try_from(appeals).unwrap_or(u32::MAX))
    {
        return Ok(());
    }
    let root = orders::get_for_update(tx, root).await?;
    let target = match root {
        Some(root) if unhandled(&root) => root,
        _ if unhandled(order) => order.clone(),
        _ => return Ok(()),
    };
    let mut people = People::default();
    let opening = Opening {
        order: &Watched::of(&target),
        level: REPEAT_LEVEL,
        reason: SupervisionReason::Repeated,
        note: Some(format!(
            "{}天内就同一事项第{appeals}次提出",
            rules.supervision.repeat_window_days
        )),
        parent_id: None,
    };
    open(tx, ctx, rules, opening, &mut people, now).await?;
    Ok(())
}
