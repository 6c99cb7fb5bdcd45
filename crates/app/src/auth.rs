//! 登录 logging in, sessions and personal API tokens. Passwords are hashed with Argon2id;
//! tokens are random and only their SHA-256 is stored.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};
use tongban_domain::DomainError;
use tongban_domain::org::Staff;
use tongban_store::tokens::{self, NewToken, TokenInfo, TokenKind};

use crate::{App, AppError, Ctx, audit};

/// How long a login session lasts.
pub const SESSION_HOURS: i64 = 12;
/// Failed logins of one username within the window before it is locked for a while.
const MAX_FAILURES: u32 = 5;
const FAILURE_WINDOW_MINUTES: i64 = 15;

/// A new login: the bearer token (also set as a cookie) and the CSRF token for browsers.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub csrf: String,
    pub staff: Staff,
    pub expires_at: DateTime<Utc>,
}

/// Counts recent failed logins per username (per process) to slow down guessing.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, DateTime<Utc>)>>,
}

impl LoginThrottle {
    fn check(&self, username: &str, now: DateTime<Utc>) -> Result<(), DomainError> {
        let failures = self.failures.lock().expect("throttle lock");
        match failures.get(username) {
            Some((count, since))
                if *count >= MAX_FAILURES
                    && now - *since < Duration::minutes(FAILURE_WINDOW_MINUTES) =>
            {
                Err(DomainError::forbidden(
                    "too_many_attempts",
                    "登录失败次数过多，请15分钟后再试",
                ))
            }
            _ => Ok(()),
        }
    }

    fn failed(&self, username: &str, now: DateTime<Utc>) {
        let mut failures = self.failures.lock().expect("throttle lock");
        let entry = failures.entry(username.to_string()).or_insert((0, now));
        if now - entry.1 >= Duration::minutes(FAILURE_WINDOW_MINUTES) {
            *entry = (0, now);
        }
        entry.0 += 1;
    }

    fn succeeded(&self, username: &str) {
        self.failures
            .lock()
            .expect("throttle lock")
            .remove(username);
    }
}

fn bad_credentials() -> AppError {
    DomainError::unauthenticated("invalid_credentials", "用户名或密码错误").into()
}

/// Logins, sessions and tokens follow the wall clock, not the product's (movable) clock:
/// a test that moves the clock by days keeps its sessions, and nobody can age or extend a
/// session through the test clock.
fn wall_clock() -> DateTime<Utc> {
    Utc::now()
}

/// Hashes a password with Argon2id and a random salt.
pub fn hash_password(password: &str) -> String {
    let salt: [u8; 16] = rand::random();
    Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .expect("argon2 accepts any password with a 16-byte salt")
        .to_string()
}

fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// A random token with a recognisable prefix.
fn new_secret(prefix: &str) -> String {
    let bytes: [u8; 32] = rand::random();
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
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
    let (password, found) = (password.to_string(), found);
    let (ok, found) = tokio::task::spawn_blocking(move || {
        // Hash even for unknown users, so response time does not reveal which exist.
        let hash = found
            .as_ref()
            .map_or(DUMMY_HASH.as_str(), |(_, hash)| hash.as_str());
        (verify_password(&password, hash), found)
    })
    .await
    .map_err(|_| AppError::Unavailable)?;
    let Some((staff, _)) = found.filter(|_| ok) else {
        app.login_throttle().failed(username, now);
        return Err(bad_credentials());
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
    let ctx = Ctx::new(actor_of(app, &staff).await?, request_id);
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
                let id = tokens::insert(tx, &new).await?;
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

/// A real hash to check against when the user is unknown, so both cases cost the same.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_password("no such user"));

async fn actor_of(app: &App, staff: &Staff) -> Result<tongban_domain::Actor, AppError> {
    let mut read = app.db().read().await?;
    Ok(tongban_store::org::actor(&mut read.conn(), staff).await?)
}

/// The context of a bearer or cookie token: 401 when unknown, expired, revoked or disabled.
pub async fn authenticate(
    app: &App,
    token: &str,
    request_id: Option<String>,
) -> Result<(Ctx, TokenInfo), AppError> {
    let unauthenticated =
        || DomainError::unauthenticated("unauthenticated", "未登录或登录已过期，请重新登录");
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let (info, staff) = tokens::find(conn, &digest(token))
        .await?
        .ok_or_else(unauthenticated)?;
    let now = wall_clock();
    if info.revoked_at.is_some() || info.expires_at.is_some_and(|e| e <= now) || !staff.active {
        return Err(unauthenticated().into());
    }
    let actor = tongban_store::org::actor(conn, &staff).await?;
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
                if !tokens::revoke(tx, ctx.actor.user_id, id, now).await? {
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
    Ok(())
}

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
