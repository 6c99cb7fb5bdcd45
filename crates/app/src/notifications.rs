//! 站内提醒 in-app notices: written with the change that causes them, read in the inbox.

use serde_json::json;
use tongban_domain::codes::Role;
use tongban_domain::order::{EventDraft, Recipient, WorkOrder, notices};
use tongban_domain::{CourtId, UserId};
use tongban_store::Tx;
use tongban_store::notifications::{self as store, NewNotification, Notification};
use tongban_store::org::{self as org, StaffFilter};

use crate::{App, AppError, Ctx, audit};

/// Stores the notices an action causes, in its transaction.
pub(crate) async fn deliver(
    tx: &mut Tx,
    order: &WorkOrder,
    event: &EventDraft,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let mut rows: Vec<(UserId, String, &'static str)> = Vec::new();
    for notice in notices(order, event) {
        for user in recipients(tx, notice.to).await? {
            rows.push((user, notice.message.clone(), notice.kind));
        }
    }
    let new: Vec<NewNotification> = rows
        .iter()
        .map(|(user, message, kind)| NewNotification {
            user_id: *user,
            order_id: Some(order.id),
            kind,
            message,
            at,
        })
        .collect();
    store::insert_many(tx, &new).await?;
    Ok(())
}

pub(crate) async fn recipients(tx: &mut Tx, to: Recipient) -> Result<Vec<UserId>, AppError> {
    let filter = match to {
        Recipient::User(user) => return Ok(vec![user]),
        Recipient::HeadsOf(department) => StaffFilter {
            role: Some(Role::DepartmentHead),
            department_id: Some(department),
            active: Some(true),
            ..StaffFilter::default()
        },
        Recipient::ServiceOffice(court) => StaffFilter {
            role: Some(Role::ServiceOffice),
            court_id: Some(match court {
                Some(court) => court,
                None => city_court(tx).await?,
            }),
            active: Some(true),
            ..StaffFilter::default()
        },
    };
    Ok(org::staff(&mut tx.conn(), &filter)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect())
}

/// The intermediate court, whose service office takes what no court holds yet.
pub(crate) async fn city_court(tx: &mut Tx) -> Result<CourtId, AppError> {
    let courts = org::courts(&mut tx.conn()).await?;
    Ok(courts
        .iter()
        .find(|c| c.level == tongban_domain::codes::CourtLevel::Intermediate)
        .or(courts.first())
        .map_or(CourtId(0), |c| c.id))
}

/// The reader's newest notices, unread first, and how many are unread.
pub async fn inbox(app: &App, ctx: &Ctx, limit: i64) -> Result<(Vec<Notification>, i64), AppError> {
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let list = store::of_user(conn, ctx.actor.user_id, limit).await?;
    let unread = store::unread_count(conn, ctx.actor.user_id).await?;
    Ok((list, unread))
}

/// Marks one notice (or all) read.
pub async fn mark_read(app: &App, ctx: &Ctx, id: Option<i64>) -> Result<u64, AppError> {
    let (ctx, now) = (ctx.clone(), app.now());
    Ok(app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let changed = store::mark_read(tx, ctx.actor.user_id, id, now).await?;
                audit::record(
                    tx,
                    audit::fact(
                        &ctx,
                        now,
                        "notification.read",
                        "notification",
                        id,
                        json!({"changed": changed}),
                    ),
                )
                .await?;
                Ok::<_, AppError>(changed)
            })
        })
        .await?)
}
