//! 组织机构管理 the organisation: courts, departments, staff. Staff read it; administrators
//! change it.

mod courts;
mod staff;

pub use courts::{
    DepartmentPatch, NewCourt, NewDepartment, create_court, create_department, update_department,
};
pub use staff::{NewStaffInput, StaffPatch, create_staff, reset_password, update_staff};

use tongban_domain::codes::Role;
use tongban_domain::org::{Court, Department, Staff};
use tongban_domain::{CourtId, DomainError, UserId};
use tongban_store::org::{self as store, StaffFilter};

use crate::{App, AppError, Ctx};

pub(crate) fn require_admin(ctx: &Ctx) -> Result<(), DomainError> {
    if ctx.actor.has(Role::Admin) || ctx.actor.system {
        Ok(())
    } else {
        Err(DomainError::forbidden(
            "admin_only",
            "只有管理员可以管理组织机构和用户",
        ))
    }
}

pub async fn courts(app: &App) -> Result<Vec<Court>, AppError> {
    let mut read = app.db().read().await?;
    Ok(store::courts(&mut read.conn()).await?)
}

pub async fn departments(app: &App, court: Option<CourtId>) -> Result<Vec<Department>, AppError> {
    let mut read = app.db().read().await?;
    Ok(store::departments(&mut read.conn(), court).await?)
}

pub async fn staff(app: &App, filter: &StaffFilter) -> Result<Vec<Staff>, AppError> {
    let mut read = app.db().read().await?;
    Ok(store::staff(&mut read.conn(), filter).await?)
}

pub async fn staff_member(app: &App, id: UserId) -> Result<Staff, AppError> {
    let mut read = app.db().read().await?;
    store::staff_member(&mut read.conn(), id)
        .await?
        .ok_or_else(|| DomainError::not_found("user_not_found", "用户不存在").into())
}
