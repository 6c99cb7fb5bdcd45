//! 系统管理 administration pages: 人员管理 staff (create, edit, disable, reset password) and
//! 组织机构 the organisation (courts, departments). Only administrators enter; the use cases
//! check every change again.

mod choices;
mod organisation;
mod organisation_forms;
mod refusal;
mod staff_form;
mod user;
mod users;

use axum::Router;
use axum::routing::{get, post};
use tongban_domain::DomainError;
use tongban_domain::codes::Role;

use super::error::PageError;
use super::session::StaffSession;
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users::page).post(users::create))
        .route("/admin/users/{id}", get(user::page).post(user::save))
        .route("/admin/users/{id}/active", post(user::set_active))
        .route("/admin/users/{id}/password", post(user::reset_password))
        .route("/admin/organisation", get(organisation::page))
        .route(
            "/admin/organisation/courts",
            post(organisation_forms::add_court),
        )
        .route(
            "/admin/organisation/departments",
            post(organisation_forms::add_department),
        )
        .route(
            "/admin/organisation/departments/{id}",
            post(organisation_forms::change_department),
        )
}

/// 仅限管理员 the door of every administration page. Reads of the organisation are open to all
/// staff in the use cases, so the pages themselves turn other roles away.
fn admin_only(session: &StaffSession) -> Result<(), PageError> {
    if session.ctx.actor.has(Role::Admin) {
        Ok(())
    } else {
        let refusal = DomainError::forbidden("admin_only", "只有管理员可以管理组织机构和用户");
        Err(PageError(ApiError::from(refusal)))
    }
}
