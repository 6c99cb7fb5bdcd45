//! Recording in the audit log, and verifying its chain.

use serde_json::Value;
use tongban_domain::audit::{AuditFact, ChainBreak};
use tongban_store::Tx;

use crate::{App, AppError, Ctx};

/// Builds the fact of `ctx.actor` doing `action` to `entity` `id`.
pub(crate) fn fact(
    ctx: &Ctx,
    at: chrono::DateTime<chrono::Utc>,
    action: &str,
    entity: &str,
    id: Option<i64>,
    mut detail: Value,
) -> AuditFact {
    if let (Some(request), Value::Object(map)) = (&ctx.request_id, &mut detail) {
        map.insert("request_id".into(), Value::String(request.clone()));
    }
    AuditFact {
        at,
        actor_id: ctx.actor.user_id.0,
        actor: ctx.actor.username.clone(),
        action: action.to_string(),
        entity: entity.to_string(),
        entity_id: id,
        detail: detail.to_string(),
    }
}

/// Records a fact inside the caller's transaction.
pub(crate) async fn record(tx: &mut Tx, fact: AuditFact) -> Result<(), AppError> {
    tongban_store::audit::append_many(tx, vec![fact]).await?;
    Ok(())
}

/// Records that `ctx` viewed something (an order, a list, personal data). The view is
/// answered only after its record is committed.
pub(crate) async fn record_view(
    app: &App,
    ctx: &Ctx,
    action: &str,
    entity: &str,
    id: Option<i64>,
    detail: Value,
) -> Result<(), AppError> {
    let fact = fact(ctx, app.now(), action, entity, id, detail);
    app.writer()
        .write(move |tx| Box::pin(async move { record(tx, fact).await }))
        .await?;
    Ok(())
}

/// Walks the whole chain: `Ok(n)` when intact, `Err(break)` naming the first broken record.
pub async fn verify(app: &App) -> Result<Result<u64, ChainBreak>, AppError> {
    let mut read = app.db().read().await?;
    Ok(tongban_store::audit::verify(&mut read.conn()).await?)
}

/// The audit trail of one thing (e.g. an order), for administrators and the inspection office.
pub async fn trail(
    app: &App,
    ctx: &Ctx,
    entity: &str,
    id: i64,
) -> Result<Vec<tongban_domain::audit::AuditRecord>, AppError> {
    use tongban_domain::codes::Role;
    if !ctx.actor.has_any(&[Role::Admin, Role::Inspector]) {
        return Err(tongban_domain::DomainError::forbidden(
            "audit_forbidden",
            "只有管理员和督察处可以查看审计日志",
        )
        .into());
    }
    let records = {
        let mut read = app.db().read().await?;
        tongban_store::audit::records_of(&mut read.conn(), entity, id).await?
    };
    record_view(
        app,
        ctx,
        "audit.view",
        entity,
        Some(id),
        serde_json::json!({}),
    )
    .await?;
    Ok(records)
}
