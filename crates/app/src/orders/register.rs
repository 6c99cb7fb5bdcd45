//! 登记 registering an appeal.

use tongban_domain::order::{self, WorkOrder};
use tongban_domain::time::local_date;
use tongban_domain::{CourtId, DomainError};
use tongban_store::{counters, orders};

use super::{RegisterInput, record_change};
use crate::{App, AppError, Ctx};

/// Registers an appeal from any channel; returns the stored order with its number.
pub async fn register(app: &App, ctx: &Ctx, input: RegisterInput) -> Result<WorkOrder, AppError> {
    let registration = input.parse()?;
    let (app, ctx) = (app.clone(), ctx.clone());
    let writer = app.writer().clone();
    writer
        .write(move |tx| {
            Box::pin(async move {
                if let Some(court) = registration.court_id {
                    check_court(tx, court).await?;
                }
                let now = app.now();
                let rules = app.rules();
                let day = local_date(now).format("%Y%m%d").to_string();
                let serial = counters::next(tx, &day).await?;
                let number = format!("{}-{day}-{serial:04}", rules.number_prefix);
                let (mut order, event) =
                    order::register(registration, &ctx.actor, number, now, &rules.settings())?;
                order.id = orders::insert(tx, &order).await?;
                record_change(tx, &ctx, &order, &event, now).await?;
                Ok(order)
            })
        })
        .await
        .map_err(AppError::from)
}

async fn check_court(tx: &mut tongban_store::Tx, court: CourtId) -> Result<(), AppError> {
    match tongban_store::org::court(&mut tx.conn(), court).await? {
        Some(_) => Ok(()),
        None => Err(DomainError::invalid("court_id", "unknown_court", "法院不存在").into()),
    }
}
