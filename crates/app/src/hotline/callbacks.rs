//! 回拨 the agents' queue of callers to call back, and what calling back gave.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use tongban_domain::DomainError;
use tongban_domain::hotline::{CallbackResult, CallbackStatus};
use tongban_store::hotline::callbacks::{self, CallbackFilter, CallbackRow};

use super::{HOTLINE_ROLES, page_bounds, require};
use crate::{App, AppError, Ctx, audit};

/// What calling back gave.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeInput {
    pub outcome: CallbackResult,
    pub note: Option<String>,
    /// The order registered during the callback (`registered`).
    pub order_id: Option<i64>,
}

/// A callback task as shown.
#[derive(Debug, Clone)]
pub struct Callback {
    pub row: CallbackRow,
    pub status: CallbackStatus,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl Callback {
    fn of(row: CallbackRow) -> Result<Callback, AppError> {
        let corrupt = |what: &str| {
            AppError::Store(tongban_store::StoreError::Corrupt(format!(
                "callback {what}"
            )))
        };
        Ok(Callback {
            status: CallbackStatus::from_code(&row.status).ok_or_else(|| corrupt("status"))?,
            created_at: tongban_store::instant(row.created_at)?,
            due_at: tongban_store::instant(row.due_at)?,
            closed_at: tongban_store::opt_instant(row.closed_at)?,
            row,
        })
    }
}

/// Courts whose tasks the actor sees: all at the intermediate court, else their own.
fn courts_of(ctx: &Ctx) -> Option<Vec<i64>> {
    (!ctx.actor.oversees_city()).then(|| vec![ctx.actor.court_id.0])
}

/// A page of callback tasks (nearest deadline first) and how many match.
pub async fn list(
    app: &App,
    ctx: &Ctx,
    status: Option<CallbackStatus>,
    page: u32,
    per_page: u32,
) -> Result<(Vec<Callback>, i64), AppError> {
    require(
        ctx,
        HOTLINE_ROLES,
        "只有话务员、群众诉求服务处或管理员可以查看回拨任务",
    )?;
    let (offset, limit) = page_bounds(page, per_page)?;
    let filter = CallbackFilter {
        status: status.map(|s| s.code().to_string()),
        caller: None,
        courts: courts_of(ctx),
    };
    let (rows, total) = {
        let mut read = app.db().read().await?;
        callbacks::list(&mut read.conn(), &filter, offset, limit).await?
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    audit::record_view(
        app,
        ctx,
        "callbacks.list",
        "callback",
        None,
        json!({"ids": ids}),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(Callback::of)
        .collect::<Result<_, _>>()?;
    Ok((items, total))
}

/// The open tasks of one number.
pub(crate) async fn open_of_caller(app: &App, caller: &str) -> Result<Vec<Callback>, AppError> {
    let filter = CallbackFilter {
        status: Some(CallbackStatus::Open.code().to_string()),
        caller: Some(caller.to_string()),
        courts: None,
    };
    let mut read = app.db().read().await?;
    let (rows, _) = callbacks::list(&mut read.conn(), &filter, 0, 20).await?;
    rows.into_iter().map(Callback::of).collect()
}

/// Records what calling back gave: reached or registered closes the task; unreachable counts
/// an attempt and closes it as unreachable after the configured number of attempts.
pub async fn record_outcome(
    app: &App,
    ctx: &Ctx,
    id: i64,
    input: OutcomeInput,
) -> Result<Callback, AppError> {
    require(
        ctx,
        HOTLINE_ROLES,
        "只有话务员、群众诉求服务处或管理员可以回拨",
    )?;
    let note = input
        .note
        .map(|n| n.trim().chars().take(2_000).collect::<String>())
        .filter(|n| !n.is_empty());
    if input.outcome == CallbackResult::Registered && input.order_id.is_none() {
        return Err(DomainError::missing("order_id").into());
    }
    let max_attempts = i64::from(app.rules().max_callback_attempts);
    let (now, ctx) = (app.now(), ctx.clone());
    let order_exists = match input.order_id {
        Some(order) => {
            let mut read = app.db().read().await?;
            tongban_store::orders::get(&mut read.conn(), tongban_domain::OrderId(order))
                .await?
                .is_some()
        }
        None => true,
    };
    if !order_exists {
        return Err(DomainError::invalid("order_id", "unknown_order", "工单不存在").into());
    }
    let row = app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let found = {
                    let conn = &mut tx.conn();
                    callbacks::get(conn, id).await?
                };
                let mut task = found
                    .filter(|t| courts_of(&ctx).is_none_or(|c| t.court_id.is_none_or(|t| c.contains(&t))))
                    .ok_or_else(|| DomainError::not_found("callback_not_found", "回拨任务不存在"))?;
                if task.status != CallbackStatus::Open.code() {
                    return Err(DomainError::conflict(
                        "callback_closed",
                        "该回拨任务已结束，不能再登记结果",
                    )
                    .into());
                }
                let at = now.timestamp_millis();
                task.attempts += 1;
                task.first_attempt_at = task.first_attempt_at.or(Some(at));
                task.outcome = Some(input.outcome.code().to_string());
                task.note = note;
                task.order_id = input.order_id;
                let status = match input.outcome {
                    CallbackResult::Unreachable if task.attempts < max_attempts => CallbackStatus::Open,
                    CallbackResult::Unreachable => CallbackStatus::Unreachable,
                    CallbackResult::Reached | CallbackResult::Registered => CallbackStatus::Done,
                };
                task.status = status.code().to_string();
                if status != CallbackStatus::Open {
                    task.closed_at = Some(at);
                }
                let by = (!ctx.actor.system).then_some(ctx.actor.user_id.0);
                if !callbacks::update(tx, &task, by).await? {
                    return Err(DomainError::conflict(
                        "callback_closed",
                        "该回拨任务已结束，不能再登记结果",
                    )
                    .into());
                }
                let fact = audit::fact(
                    &ctx,
                    now,
                    "callback.outcome",
                    "callback",
                    Some(task.id),
                    json!({"outcome": input.outcome.code(), "status": task.status, "attempts": task.attempts}),
                );
                audit::record(tx, fact).await?;
                Ok::<_, AppError>(task)
            })
        })
        .await?;
    Callback::of(row)
}
