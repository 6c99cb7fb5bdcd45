//! Courts and departments, added by administrators.

use serde::Deserialize;
use serde_json::json;
use tongban_domain::codes::CourtLevel;
use tongban_domain::org::{Court, Department, DepartmentKind};
use tongban_domain::values::required_text;
use tongban_domain::{CourtId, DomainError};
use tongban_store::org as store;

use super::require_admin;
use crate::{App, AppError, Ctx, audit};

/// A new court.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCourt {
    /// 法院代字, e.g. `粤0304`
    pub code: String,
    pub name: String,
    pub level: CourtLevel,
    pub parent_id: Option<i64>,
}

pub async fn create_court(app: &App, ctx: &Ctx, input: NewCourt) -> Result<Court, AppError> {
    require_admin(ctx)?;
    let code = required_text("code", &input.code, 20)?;
    let name = required_text("name", &input.name, 100)?;
    let (ctx, now) = (ctx.clone(), app.now());
    let id = app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let parent = input.parent_id.map(CourtId);
                if let Some(parent) = parent
                    && store::court(&mut tx.conn(), parent).await?.is_none()
                {
                    return Err(DomainError::invalid(
                        "parent_id",
                        "unknown_court",
                        "上级法院不存在",
                    )
                    .into());
                }
                if store::courts(&mut tx.conn())
                    .await?
                    .iter()
                    .any(|c| c.code == code)
                {
                    return Err(DomainError::conflict("court_code_taken", "法院代字已存在").into());
                }
                let id = store::insert_court(tx, &code, &name, input.level, parent).await?;
                let detail = json!({"code": code, "name": name});
                audit::record(
                    tx,
                    audit::fact(&ctx, now, "court.create", "court", Some(id.0), detail),
                )
                .await?;
                Ok::<_, AppError>(id)
            })
        })
        .await?;
    let mut read = app.db().read().await?;
    store::court(&mut read.conn(), id)
        .await?
        .ok_or(AppError::Unavailable)
}

/// A new department.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDepartment {
    pub court_id: i64,
    pub name: String,
    pub kind: DepartmentKind,
}

pub async fn create_department(
    app: &App,
    ctx: &Ctx,
    input: NewDepartment,
) -> Result<Department, AppError> {
    require_admin(ctx)?;
    let name = required_text("name", &input.name, 100)?;
    let (ctx, now) = (ctx.clone(), app.now());
    let id = app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let court = CourtId(input.court_id);
                if store::court(&mut tx.conn(), court).await?.is_none() {
                    return Err(
                        DomainError::invalid("court_id", "unknown_court", "法院不存在").into(),
                    );
                }
                if store::departments(&mut tx.conn(), Some(court))
                    .await?
                    .iter()
                    .any(|d| d.name == name)
                {
                    return Err(DomainError::conflict(
                        "department_name_taken",
                        "该法院已有同名部门",
                    )
                    .into());
                }
                let id = store::insert_department(tx, court, &name, input.kind).await?;
                let detail = json!({"court_id": court.0, "name": name});
                audit::record(
                    tx,
                    audit::fact(
                        &ctx,
                        now,
                        "department.create",
                        "department",
                        Some(id.0),
                        detail,
                    ),
                )
                .await?;
                Ok::<_, AppError>(id)
            })
        })
        .await?;
    let mut read = app.db().read().await?;
    store::department(&mut read.conn(), id)
        .await?
        .ok_or(AppError::Unavailable)
}

/// Changes to a department; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentPatch {
    pub name: Option<String>,
    /// false withdraws it: no more orders are dispatched to it.
    pub active: Option<bool>,
}

pub async fn update_department(
    app: &App,
    ctx: &Ctx,
    id: tongban_domain::DepartmentId,
    patch: DepartmentPatch,
) -> Result<Department, AppError> {
    require_admin(ctx)?;
    let name = patch
        .name
        .as_deref()
        .map(|n| required_text("name", n, 100))
        .transpose()?;
    let (ctx, now) = (ctx.clone(), app.now());
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                let mut department = store::department(&mut tx.conn(), id)
                    .await?
                    .ok_or_else(|| DomainError::not_found("department_not_found", "部门不存在"))?;
                department.name = name.unwrap_or(department.name);
                department.active = patch.active.unwrap_or(department.active);
                store::update_department(tx, &department).await?;
                let detail = json!({"name": department.name, "active": department.active});
                audit::record(
                    tx,
                    audit::fact(
                        &ctx,
                        now,
                        "department.update",
                        "department",
                        Some(id.0),
                        detail,
                    ),
                )
                .await
            })
        })
        .await?;
    let mut read = app.db().read().await?;
    store::department(&mut read.conn(), id)
        .await?
        .ok_or(AppError::Unavailable)
}
