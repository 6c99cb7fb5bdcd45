//! Login sessions and personal API tokens. Only a SHA-256 of each token is stored.

use chrono::{DateTime, Utc};
use tongban_domain::UserId;
use tongban_domain::org::Staff;

use crate::{Conn, Result, Tx, millis, opt_instant};

/// What kind of token: a browser/API login session, or a long-lived personal API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Session,
    Api,
}

impl TokenKind {
    fn code(self) -> &'static str {
        match self {
            TokenKind::Session => "session",
            TokenKind::Api => "api",
        }
    }
}

pub struct NewToken<'a> {
    pub user_id: UserId,
    pub kind: TokenKind,
    pub name: Option<&'a str>,
    pub token_hash: &'a str,
    pub csrf: Option<&'a str>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

pub async fn insert(tx: &mut Tx, t: &NewToken<'_>) -> Result<i64> {
    let conn = &mut tx.conn();
    Ok(on!(conn, c => sqlx::query_scalar(
        "INSERT INTO tokens (user_id, kind, name, token_hash, csrf, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(t.user_id.0).bind(t.kind.code()).bind(t.name).bind(t.token_hash).bind(t.csrf)
        .bind(millis(t.created_at)).bind(t.expires_at.map(millis)).fetch_one(c).await)?)
}

/// A stored token, without its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: i64,
    pub user_id: UserId,
    pub kind: TokenKind,
    pub name: Option<String>,
    pub csrf: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    user_id: i64,
    kind: String,
    name: Option<String>,
    csrf: Option<String>,
    created_at: i64,
    expires_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl TokenRow {
    fn into_info(self) -> Result<TokenInfo> {
        Ok(TokenInfo {
            id: self.id,
            user_id: UserId(self.user_id),
            kind: if self.kind == "api" {
                TokenKind::Api
            } else {
                TokenKind::Session
            },
            name: self.name,
            csrf: self.csrf,
            created_at: crate::instant(self.created_at)?,
            expires_at: opt_instant(self.expires_at)?,
            revoked_at: opt_instant(self.revoked_at)?,
        })
    }
}

const TOKEN_COLUMNS: &str = "id, user_id, kind, name, csrf, created_at, expires_at, revoked_at";

/// The token with this hash and its owner.
pub async fn find(conn: &mut Conn<'_>, token_hash: &str) -> Result<Option<(TokenInfo, Staff)>> {
    let row = on!(conn, c => sqlx::query_as::<_, TokenRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {TOKEN_COLUMNS} FROM tokens WHERE token_hash = $1")))
        .bind(token_hash).fetch_optional(c).await)?;
    let Some(info) = row.map(TokenRow::into_info).transpose()? else {
        return Ok(None);
    };
    let staff = crate::org::staff_member(conn, info.user_id).await?;
    Ok(staff.map(|s| (info, s)))
}

/// A user's tokens of one kind, newest first.
pub async fn of_user(conn: &mut Conn<'_>, user: UserId, kind: TokenKind) -> Result<Vec<TokenInfo>> {
    let rows = on!(conn, c => sqlx::query_as::<_, TokenRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {TOKEN_COLUMNS} FROM tokens WHERE user_id = $1 AND kind = $2 ORDER BY id DESC")))
        .bind(user.0).bind(kind.code()).fetch_all(c).await)?;
    rows.into_iter().map(TokenRow::into_info).collect()
}

/// Revokes a token of `user`; false when there is no such live token.
pub async fn revoke(tx: &mut Tx, user: UserId, id: i64, at: DateTime<Utc>) -> Result<bool> {
    let conn = &mut tx.conn();
    let done = on!(conn, c => sqlx::query(
        "UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(millis(at)).bind(id).bind(user.0).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Revokes every live session of a user (password reset, account disabled).
pub async fn revoke_sessions(tx: &mut Tx, user: UserId, at: DateTime<Utc>) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "UPDATE tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(millis(at)).bind(user.0).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
