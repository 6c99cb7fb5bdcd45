//! 个人令牌 personal API tokens, e.g. for another organ's system that transfers appeals.

use chrono::Duration;
use serde_json::json;
use tongban_domain::DomainError;
use tongban_store::tokens::{self, NewToken, TokenInfo, TokenKind};

use super::{digest, new_secret, revoke, wall_clock};
use crate::{App, AppError, Ctx, audit};

/// Creates a personal API token for the caller; the secret is shown only this once.
pub async fn create_api_token(
    app: &App,
    ctx: &Ctx,
    name: &str,
    days: Option<u32>,
) -> Result<(String, TokenInfo), AppError> {
    let name = tongban_domain::values::required_text("name", name, 100)?;
    if days.is_some_and(|d| d == 0 || d > 3650) {
        return Err(
            DomainError::invalid("expires_in_days", "invalid_days", "有效期应为1至3650天").into(),
        );
    }
    let now = wall_clock();
    let token = new_secret("tbk_");
    let hash = digest(&token);
    let expires_at = days.map(|d| now + Duration::days(i64::from(d)));
    let info = TokenInfo {
        id: 0,
        user_id: ctx.actor.user_id,
        kind: TokenKind::Api,
        name: Some(name),
        csrf: None,
        created_at: now,
        expires_at,
        revoked_at: None,
    };
    let (ctx, stored) = (ctx.clone(), info.clone());
    let id = app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let new = NewToken {
                    user_id: stored.user_id,
                    kind: TokenKind::Api,
                    name: stored.name.as_deref(),
                    token_hash: &hash,
                    csrf: None,
                    created_at: now,
                    expires_at: stored.expires_at,
                };
                let id = tokens::insert(tx, &new).await?;
                let detail = json!({"name": stored.name});
                audit::record(
                    tx,
                    audit::fact(&ctx, now, "token.create", "token", Some(id), detail),
                )
                .await?;
                Ok::<_, AppError>(id)
            })
        })
        .await?;
    Ok((token, TokenInfo { id, ..info }))
}

/// The caller's personal API tokens (without secrets).
pub async fn api_tokens(app: &App, ctx: &Ctx) -> Result<Vec<TokenInfo>, AppError> {
    let mut read = app.db().read().await?;
    Ok(tokens::of_user(&mut read.conn(), ctx.actor.user_id, TokenKind::Api).await?)
}

/// Revokes one of the caller's API tokens.
pub async fn revoke_api_token(app: &App, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    revoke(app, ctx, id, "token.revoke").await
}
