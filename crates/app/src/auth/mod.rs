//! 登录 logging in, sessions and personal API tokens. Passwords are hashed with Argon2id;
//! tokens are random and only their SHA-256 is stored.
//!
//! Logins, sessions and tokens follow the wall clock, not the product's (movable) clock: a
//! test that moves the clock by days keeps its sessions, and nobody can age or extend a
//! session through the test clock.

mod cache;
mod password;
mod throttle;
mod tokens;

pub use cache::SessionCache;
pub use password::hash_password;
pub use throttle::LoginThrottle;
pub use tokens::{api_tokens, create_api_token, revoke_api_token};

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};
use tongban_domain::DomainError;
use tongban_domain::org::Staff;
use tongban_store::tokens::{self as store, NewToken, TokenInfo, TokenKind};

use crate::{App, AppError, Ctx, audit};

/// How long a login session lasts.
pub const SESSION_HOURS: i64 = 12;

/// A new login: the bearer token (also set as a cookie) and the CSRF token for browsers.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub csrf: String,
    pub staff: Staff,
    pub expires_at: DateTime<Utc>,
}

fn wall_clock() -> DateTime<Utc> {
    Utc::now()
}

/// A random token with a recognisable prefix.
fn new_secret(prefix: &str) -> String {
    let bytes: [u8; 32] = rand::random();
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    format!("{prefix}{encoded}")
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Checks the password and opens a session.
pub async fn login(
    app: &App,
    username: &str,
    password: &str,
    request_id: Option<String>,
) -> Result<Session, AppError> {
    let now = wall_clock();
    app.login_throttle().check(username, now)?;
    let found = {
        let mut read = app.db().read().await?;
        tongban_store::org::credentials(&mut read.conn(), username).await?
    };
    let password = password.to_string();
    let (ok, found) = tokio::task::spawn_blocking(move || {
        let matches = password::verify(&password, found.as_ref().map(|(_, hash)| hash.as_str()));
        (matches, found)
    })
    .await
    .map_err(|_| AppError::Unavailable)?;
    let Some((staff, _)) = found.filter(|_| ok) else {
        app.login_throttle().failed(username, now);
        return Err(DomainError::unauthenticated("invalid_credentials", "用户名或密码错误").into());
    };
    if !staff.active {
        return Err(
            DomainError::unauthenticated("account_disabled", "该账号已停用，请联系管理员").into(),
        );
    }
    app.login_throttle().succeeded(username);
    let token = new_secret("tb_");
    let csrf = new_secret("");
    let expires_at = now + Duration::hours(SESSION_HOURS);
    let actor = {
        let mut read = app.db().read().await?;
        tongban_store::org::actor(&mut read.conn(), &staff).await?
    };
    let ctx = Ctx::new(actor, request_id);
    let (hash, csrf_stored, user_id) = (digest(&token), csrf.clone(), staff.id);
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                let new = NewToken {
                    user_id,
                    kind: TokenKind::Session,
                    name: None,
                    token_hash: &hash,
                    csrf: Some(&csrf_stored),
                    created_at: now,
                    expires_at: Some(expires_at),
                };
                let id = store::insert(tx, &new).await?;
                audit::record(
                    tx,
                    audit::fact(&ctx, now, "auth.login", "token", Some(id), json!({})),
                )
                .await
            })
        })
        .await?;
    Ok(Session {
        token,
        csrf,
        staff,
        expires_at,
    })
}

/// The context of a bearer or cookie token: 401 when unknown, expired, revoked or disabled.
pub async fn authenticate(
    app: &App,
    token: &str,
    request_id: Option<String>,
) -> Result<(Ctx, TokenInfo), AppError> {
    let digest = digest(token);
    let now = wall_clock();
    let live =
        |info: &TokenInfo| info.revoked_at.is_none() && info.expires_at.is_none_or(|e| e > now);
    if let Some((actor, info)) = app.sessions().get(&digest).filter(|(_, info)| live(info)) {
        return Ok((Ctx::new(actor, request_id), info));
    }
    let unauthenticated =
        || DomainError::unauthenticated("unauthenticated", "未登录或登录已过期，请重新登录");
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let (info, staff) = store::find(conn, &digest)
        .await?
        .ok_or_else(unauthenticated)?;
    if !live(&info) || !staff.active {
        return Err(unauthenticated().into());
    }
    let actor = tongban_store::org::actor(conn, &staff).await?;
    app.sessions().put(digest, actor.clone(), info.clone());
    Ok((Ctx::new(actor, request_id), info))
}

/// Ends the session (or revokes the token) the request came with.
pub async fn logout(app: &App, ctx: &Ctx, token: &TokenInfo) -> Result<(), AppError> {
    revoke(app, ctx, token.id, "auth.logout").await
}

async fn revoke(app: &App, ctx: &Ctx, id: i64, action: &'static str) -> Result<(), AppError> {
    let now = wall_clock();
    let ctx = ctx.clone();
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                if !store::revoke(tx, ctx.actor.user_id, id, now).await? {
                    return Err(
                        DomainError::not_found("token_not_found", "令牌不存在或已注销").into(),
                    );
                }
                audit::record(
                    tx,
                    audit::fact(&ctx, now, action, "token", Some(id), json!({})),
                )
                .await
            })
        })
        .await?;
    app.sessions().forget_token(id);
    Ok(())
}
