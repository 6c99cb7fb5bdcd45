//! Reading supervisions and acting on them: 催办, 反馈, 办结 or 继续督办, and 提级 by hand.
//! Each action locks the order first and then the supervision (the one order of locks used
//! everywhere), and writes its note, audit record and notices in one transaction.

use serde_json::json;
use tongban_domain::order::{Recipient, may_see};
use tongban_domain::supervision::{
    self as rules, Conclusion, Decided, NoteKind, Supervision, SupervisionNote, SupervisionReason,
    Watched, may_view,
};
use tongban_domain::{DomainError, OrderId, UserId};
use tongban_store::notifications::{self as inbox, NewNotification};
use tongban_store::supervisions::{self as store, NewNote, SupervisionFilter};
use tongban_store::{Tx, orders};

use super::open::{Opening, People, open};
use crate::notifications::recipients;
use crate::{App, AppError, Ctx, audit};

fn not_found() -> DomainError {
    DomainError::not_found("supervision_not_found", "督办单不存在或无权查看")
}

/// A supervision with its notes.
#[derive(Debug, Clone)]
pub struct SupervisionDetail {
    pub supervision: Supervision,
    pub notes: Vec<SupervisionNote>,
}

/// A page of the supervisions the reader may see, newest first, and how many match.
pub async fn list(
    app: &App,
    ctx: &Ctx,
    filter: &SupervisionFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Supervision>, i64), AppError> {
    let mut read = app.db().read().await?;
    let scope = ctx.actor.scope();
    Ok(store::list(
        &mut read.conn(),
        &scope,
        filter,
        offset,
        limit.clamp(1, 200),
    )
    .await?)
}

/// The numbers of the orders of some supervisions.
pub async fn order_numbers(
    app: &App,
    items: &[Supervision],
) -> Result<std::collections::HashMap<OrderId, String>, AppError> {
    let ids: Vec<OrderId> = items.iter().map(|s| s.order_id).collect();
    let mut read = app.db().read().await?;
    Ok(store::order_numbers(&mut read.conn(), &ids).await?)
}

pub async fn get(app: &App, ctx: &Ctx, id: i64) -> Result<SupervisionDetail, AppError> {
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let supervision = store::get(conn, id)
        .await?
        .filter(|s| may_view(&ctx.actor, s))
        .ok_or_else(not_found)?;
    let notes = store::notes(conn, id).await?;
    Ok(SupervisionDetail { supervision, notes })
}

/// 催办: an urging note to the supervised side.
pub async fn urge(app: &App, ctx: &Ctx, id: i64, text: String) -> Result<Supervision, AppError> {
    act(app, ctx, id, move |s, ctx, _| {
        rules::urge(s, &ctx.actor, &text)
    })
    .await
}

/// 反馈: the supervised side's response.
pub async fn respond(app: &App, ctx: &Ctx, id: i64, text: String) -> Result<Supervision, AppError> {
    act(app, ctx, id, move |s, ctx, _| {
        rules::respond(s, &ctx.actor, &text)
    })
    .await
}

/// 办结, or 继续督办 with a fresh deadline of the level.
pub async fn conclude(
    app: &App,
    ctx: &Ctx,
    id: i64,
    conclusion: Conclusion,
    text: String,
) -> Result<Supervision, AppError> {
    act(app, ctx, id, move |s, ctx, app| {
        let (now, rules) = (app.now(), app.rules());
        let new_due = rules.supervision.due(s.level, now, &rules.calendar);
        rules::conclude(s, &ctx.actor, conclusion, &text, now, new_due)
    })
    .await
}

async fn act<F>(app: &App, ctx: &Ctx, id: i64, decide: F) -> Result<Supervision, AppError>
where
    F: FnOnce(&Supervision, &Ctx, &App) -> Result<Decided, DomainError> + Send + 'static,
{
    let order_id = {
        let mut read = app.db().read().await?;
        store::get(&mut read.conn(), id)
            .await?
            .filter(|s| may_view(&ctx.actor, s))
            .ok_or_else(not_found)?
            .order_id
    };
    let (app, ctx) = (app.clone(), ctx.clone());
    let writer = app.writer().clone();
    Ok(writer
        .write(move |tx| {
            Box::pin(async move {
                orders::get_for_update(tx, order_id).await?;
                let current = store::get_for_update(tx, id).await?.ok_or_else(not_found)?;
                let decided = decide(&current, &ctx, &app)?;
                let now = app.now();
                store::update(tx, &decided.supervision).await?;
                let note = NewNote {
                    supervision_id: id,
                    at: now,
                    kind: decided.kind,
                    actor_id: Some(ctx.actor.user_id),
                    actor_name: &ctx.actor.username,
                    text: &decided.text,
                };
                store::add_note(tx, &note).await?;
                let action = format!("supervision.{}", decided.kind.code());
                let detail =
                    json!({"number": current.number, "status": decided.supervision.status.code()});
                audit::record(
                    tx,
                    audit::fact(&ctx, now, &action, "supervision", Some(id), detail),
                )
                .await?;
                tell(tx, &decided, &ctx, now).await?;
                Ok::<_, AppError>(decided.supervision)
            })
        })
        .await?)
}

/// A response goes to the supervisors told of the supervision; urging and conclusions go
/// to the supervised side.
async fn tell(
    tx: &mut Tx,
    decided: &Decided,
    ctx: &Ctx,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let s = &decided.supervision;
    let to: Vec<UserId> = match decided.kind {
        NoteKind::Response => s
            .notified
            .iter()
            .copied()
            .filter(|u| Some(*u) != s.handler_id && *u != ctx.actor.user_id)
            .collect(),
        _ => match (s.handler_id, s.department_id) {
            (Some(handler), _) => vec![handler],
            (None, Some(department)) => recipients(tx, Recipient::HeadsOf(department)).await?,
            (None, None) => Vec::new(),
        },
    };
    let message = format!(
        "督办单 {} {}：{}",
        s.number,
        decided.kind.label(),
        decided.text
    );
    let rows: Vec<NewNotification> = to
        .iter()
        .map(|user| NewNotification {
            user_id: *user,
            order_id: Some(s.order_id),
            kind: "supervision",
            message: &message,
            at: now,
        })
        .collect();
    inbox::insert_many(tx, &rows).await?;
    Ok(())
}

/// 提级督办 by hand, with a reason.
pub async fn raise(
    app: &App,
    ctx: &Ctx,
    order_id: OrderId,
    level: u8,
    reason: String,
) -> Result<Supervision, AppError> {
    let (app, ctx) = (app.clone(), ctx.clone());
    let writer = app.writer().clone();
    Ok(writer
        .write(move |tx| {
            Box::pin(async move {
                let order = orders::get_for_update(tx, order_id)
                    .await?
                    .filter(|o| ctx.actor.system || may_see(&ctx.actor, o))
                    .ok_or_else(DomainError::order_not_found)?;
                let reason = rules::raise_by_hand(&order, &ctx.actor, level, &reason)?;
                let (now, rules) = (app.now(), app.rules());
                let mut people = People::default();
                let opening = Opening {
                    order: &Watched::of(&order),
                    level,
                    reason: SupervisionReason::Manual,
                    note: Some(reason),
                    parent_id: None,
                };
                open(tx, &ctx, &rules, opening, &mut people, now)
                    .await?
                    .ok_or_else(|| {
                        AppError::from(DomainError::conflict(
                            "already_supervised",
                            "该工单已在此级别或更高级别督办",
                        ))
                    })
            })
        })
        .await?)
}
