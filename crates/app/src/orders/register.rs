//! 登记 registering an appeal.

use tongban_domain::order::{self, WorkOrder};
use tongban_domain::{CourtId, DomainError};

use super::RegisterInput;
use crate::{App, AppError, Ctx};

/// Registers an appeal from any channel; returns the stored order with its id and number.
pub async fn register(app: &App, ctx: &Ctx, input: RegisterInput) -> Result<WorkOrder, AppError> {
    let registration = input.parse()?;
    if let Some(court) = registration.court_id {
        check_court(app, court).await?;
    }
    let rules = app.rules();
    let (order, event) = order::register(registration, &ctx.actor, app.now(), &rules.settings())?;
    app.registrar()
        .submit(ctx.clone(), order, event, None)
        .await
}

async fn check_court(app: &App, court: CourtId) -> Result<(), AppError> {
    let mut read = app.db().read().await?;
    match tongban_store::org::court(&mut read.conn(), court).await? {
        Some(_) => Ok(()),
        None => Err(DomainError::invalid("court_id", "unknown_court", "法院不存在").into()),
    }
}
