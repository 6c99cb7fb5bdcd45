//! 常用查询 list filters saved by each user under a name.

use tongban_domain::DomainError;
use tongban_domain::values::required_text;
use tongban_store::saved_views::{self as store, SavedView};

use crate::{App, AppError, Ctx};

pub async fn list(app: &App, ctx: &Ctx) -> Result<Vec<SavedView>, AppError> {
    let mut read = app.db().read().await?;
    Ok(store::of_user(&mut read.conn(), ctx.actor.user_id).await?)
}

/// Saves the list's query string under a name (replacing a view of the same name).
pub async fn save(app: &App, ctx: &Ctx, name: &str, query: &str) -> Result<(), AppError> {
    let name = required_text("name", name, 30)?;
    if query.len() > 1_000 {
        return Err(DomainError::invalid("query", "too_long", "查询条件过长").into());
    }
    let (user, query, now) = (ctx.actor.user_id, query.to_string(), app.now());
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                store::save(tx, user, &name, &query, now)
                    .await
                    .map_err(AppError::from)
            })
        })
        .await?;
    Ok(())
}

pub async fn delete(app: &App, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let user = ctx.actor.user_id;
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                if store::delete(tx, user, id).await? {
                    Ok(())
                } else {
                    Err(DomainError::not_found("view_not_found", "该常用查询不存在").into())
                }
            })
        })
        .await?;
    Ok(())
}
