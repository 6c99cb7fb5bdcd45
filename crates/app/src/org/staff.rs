//! Staff accounts: created, changed, disabled and given new passwords by administrators.

use serde::Deserialize;
use serde_json::json;
use tongban_domain::codes::Role;
use tongban_domain::org::Staff;
use tongban_domain::values::required_text;
use tongban_domain::{CourtId, DepartmentId, DomainError, UserId};
use tongban_store::org::{self as store, NewStaff};
use tongban_store::{Conn, Tx};

use super::{require_admin, staff_member};
use crate::{App, AppError, Ctx, audit, auth};

/// A new staff member, with an initial password.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewStaffInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<Role>,
    pub court_id: i64,
    pub department_id: Option<i64>,
    pub title: Option<String>,
    pub phone: Option<String>,
}

/// Changes to a staff member; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffPatch {
    pub display_name: Option<String>,
    pub roles: Option<Vec<Role>>,
    pub court_id: Option<i64>,
    /// Set `null` explicitly is not supported; move staff between departments instead.
    pub department_id: Option<i64>,
    pub title: Option<String>,
    pub phone: Option<String>,
    /// false disables the account and ends its sessions.
    pub active: Option<bool>,
}

fn check_username(username: &str) -> Result<String, DomainError> {
    let ok = (3..=32).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'));
    if ok {
        Ok(username.to_string())
    } else {
        Err(DomainError::invalid(
            "username",
            "invalid_username",
            "用户名应为3至32位小写字母、数字或 _ . -",
        ))
    }
}

/// At least 8 characters with both letters and digits.
fn check_password(password: &str) -> Result<(), DomainError> {
    let ok = password.chars().count() >= 8
        && password.chars().any(|c| c.is_ascii_alphabetic())
        && password.chars().any(|c| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(DomainError::invalid(
            "password",
            "weak_password",
            "密码至少8位，且须同时包含字母和数字",
        ))
    }
}

/// Checks that roles, court and department fit together.
async fn check_placement(
    conn: &mut Conn<'_>,
    roles: &[Role],
    court: CourtId,
    department: Option<DepartmentId>,
) -> Result<(), AppError> {
    if roles.is_empty() {
        return Err(DomainError::invalid("roles", "roles_required", "至少需要一个角色").into());
    }
    if store::court(conn, court).await?.is_none() {
        return Err(DomainError::invalid("court_id", "unknown_court", "法院不存在").into());
    }
    match department {
        Some(id) => match store::department(conn, id).await? {
            Some(d) if d.court_id == court => Ok(()),
            _ => Err(DomainError::invalid(
                "department_id",
                "department_not_in_court",
                "部门不存在或不属于该法院",
            )
            .into()),
        },
        None if roles
            .iter()
            .any(|r| matches!(r, Role::Handler | Role::DepartmentHead)) =>
        {
            Err(DomainError::invalid(
                "department_id",
                "department_required",
                "承办人和部门负责人须属于一个部门",
            )
            .into())
        }
        None => Ok(()),
    }
}

pub async fn create_staff(app: &App, ctx: &Ctx, input: NewStaffInput) -> Result<Staff, AppError> {
    require_admin(ctx)?;
    let username = check_username(&input.username)?;
    let display_name = required_text("display_name", &input.display_name, 50)?;
    check_password(&input.password)?;
    let password = input.password.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|_| AppError::Unavailable)?;
    let (ctx, now) = (ctx.clone(), app.now());
    let id = app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let court = CourtId(input.court_id);
                let department = input.department_id.map(DepartmentId);
                check_placement(&mut tx.conn(), &input.roles, court, department).await?;
                if store::credentials(&mut tx.conn(), &username)
                    .await?
                    .is_some()
                {
                    return Err(DomainError::conflict("username_taken", "用户名已被使用").into());
                }
                let new = NewStaff {
                    username: &username,
                    display_name: &display_name,
                    password_hash: &hash,
                    roles: &input.roles,
                    court_id: court,
                    department_id: department,
                    title: input.title.as_deref(),
                    phone: input.phone.as_deref(),
                    created_at: now,
                };
                let id = store::insert_staff(tx, &new).await?;
                let detail = json!({"username": username, "roles": input.roles});
                audit::record(
                    tx,
                    audit::fact(&ctx, now, "user.create", "user", Some(id.0), detail),
                )
                .await?;
                Ok::<_, AppError>(id)
            })
        })
        .await?;
    staff_member(app, id).await
}

async fn load_staff(tx: &mut Tx, id: UserId) -> Result<Staff, AppError> {
    store::staff_member(&mut tx.conn(), id)
        .await?
        .ok_or_else(|| DomainError::not_found("user_not_found", "用户不存在").into())
}

pub async fn update_staff(
    app: &App,
    ctx: &Ctx,
    id: UserId,
    patch: StaffPatch,
) -> Result<Staff, AppError> {
    require_admin(ctx)?;
    let display_name = patch
        .display_name
        .as_deref()
        .map(|n| required_text("display_name", n, 50))
        .transpose()?;
    let (ctx, now) = (ctx.clone(), app.now());
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                let mut staff = load_staff(tx, id).await?;
                if id == ctx.actor.user_id && patch.active == Some(false) {
                    return Err(DomainError::conflict("cannot_disable_self", "不能停用自己的账号").into());
                }
                if let Some(name) = display_name {
                    staff.display_name = name;
                }
                if let Some(roles) = patch.roles.clone() {
                    staff.roles = roles;
                }
                if let Some(court) = patch.court_id {
                    staff.court_id = CourtId(court);
                }
                if let Some(department) = patch.department_id {
                    staff.department_id = Some(DepartmentId(department));
                }
                staff.title = patch.title.clone().or(staff.title);
                staff.phone = patch.phone.clone().or(staff.phone);
                staff.active = patch.active.unwrap_or(staff.active);
                check_placement(&mut tx.conn(), &staff.roles, staff.court_id, staff.department_id).await?;
                store::update_staff(tx, &staff).await?;
                if !staff.active {
                    tongban_store::tokens::revoke_sessions(tx, id, now).await?;
                }
                let detail = json!({"roles": staff.roles, "active": staff.active,
                    "court_id": staff.court_id.0, "department_id": staff.department_id.map(|d| d.0)});
                audit::record(tx, audit::fact(&ctx, now, "user.update", "user", Some(id.0), detail)).await
            })
        })
        .await?;
    app.sessions().forget_user(id);
    staff_member(app, id).await
}

/// Sets a new password chosen by the administrator and ends the user's sessions.
pub async fn reset_password(
    app: &App,
    ctx: &Ctx,
    id: UserId,
    password: &str,
) -> Result<(), AppError> {
    require_admin(ctx)?;
    check_password(password)?;
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|_| AppError::Unavailable)?;
    let (ctx, now) = (ctx.clone(), app.now());
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                load_staff(tx, id).await?;
                store::set_password_hash(tx, id, &hash).await?;
                tongban_store::tokens::revoke_sessions(tx, id, now).await?;
                audit::record(
                    tx,
                    audit::fact(
                        &ctx,
                        now,
                        "user.reset_password",
                        "user",
                        Some(id.0),
                        json!({}),
                    ),
                )
                .await
            })
        })
        .await?;
    app.sessions().forget_user(id);
    Ok(())
}
