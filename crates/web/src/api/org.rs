//! 组织机构 courts, departments and staff: read by staff, managed by administrators.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tongban_app::org::{self, DepartmentPatch, NewCourt, NewDepartment, NewStaffInput, StaffPatch};
use tongban_domain::codes::Role;
use tongban_domain::org::{Court, Department, Staff};
use tongban_domain::{CourtId, DepartmentId, UserId};
use tongban_store::org::StaffFilter;
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiResult, ErrorBody};

/// The courts of the city.
#[utoipa::path(get, path = "/api/v1/courts", tag = "organisation", security(("bearer" = [])),
    responses((status = 200, body = Vec<Court>), (status = 401, body = ErrorBody)))]
pub async fn courts(State(state): State<AppState>, _: Authed) -> ApiResult<Json<Vec<Court>>> {
    Ok(Json(org::courts(&state.app).await?))
}

/// Add a court (administrators).
#[utoipa::path(post, path = "/api/v1/courts", tag = "organisation", security(("bearer" = [])), request_body = NewCourt,
    responses((status = 201, body = Court), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_court(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<NewCourt>,
) -> ApiResult<(StatusCode, Json<Court>)> {
    Ok((
        StatusCode::CREATED,
        Json(org::create_court(&state.app, &authed.ctx, body).await?),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DepartmentQuery {
    /// Only this court's departments.
    pub court_id: Option<i64>,
}

/// Departments, of one court or of all.
#[utoipa::path(get, path = "/api/v1/departments", tag = "organisation", security(("bearer" = [])), params(DepartmentQuery),
    responses((status = 200, body = Vec<Department>), (status = 401, body = ErrorBody)))]
pub async fn departments(
    State(state): State<AppState>,
    _: Authed,
    ApiQuery(q): ApiQuery<DepartmentQuery>,
) -> ApiResult<Json<Vec<Department>>> {
    Ok(Json(
        org::departments(&state.app, q.court_id.map(CourtId)).await?,
    ))
}

/// Add a department (administrators).
#[utoipa::path(post, path = "/api/v1/departments", tag = "organisation", security(("bearer" = [])), request_body = NewDepartment,
    responses((status = 201, body = Department), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_department(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<NewDepartment>,
) -> ApiResult<(StatusCode, Json<Department>)> {
    Ok((
        StatusCode::CREATED,
        Json(org::create_department(&state.app, &authed.ctx, body).await?),
    ))
}

/// Rename a department, withdraw it (`active: false`: no more orders are dispatched to it) or
/// restore it (administrators).
#[utoipa::path(patch, path = "/api/v1/departments/{id}", tag = "organisation", security(("bearer" = [])), params(("id" = i64, Path)), request_body = DepartmentPatch,
    responses((status = 200, body = Department), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_department(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<DepartmentPatch>,
) -> ApiResult<Json<Department>> {
    Ok(Json(
        org::update_department(&state.app, &authed.ctx, DepartmentId(id), body).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct UserQuery {
    /// Staff holding this role.
    #[param(value_type = Option<String>)]
    pub role: Option<Role>,
    pub court_id: Option<i64>,
    pub department_id: Option<i64>,
    pub active: Option<bool>,
}

/// Staff, filtered by role, court, department.
#[utoipa::path(get, path = "/api/v1/users", tag = "organisation", security(("bearer" = [])), params(UserQuery),
    responses((status = 200, body = Vec<Staff>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn users(
    State(state): State<AppState>,
    _: Authed,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> ApiResult<Json<Vec<Staff>>> {
    let filter = StaffFilter {
        role: q.role,
        court_id: q.court_id.map(CourtId),
        department_id: q.department_id.map(DepartmentId),
        active: q.active,
    };
    Ok(Json(org::staff(&state.app, &filter).await?))
}

/// One staff member.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "organisation", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Staff), (status = 404, body = ErrorBody)))]
pub async fn user(
    State(state): State<AppState>,
    _: Authed,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Staff>> {
    Ok(Json(org::staff_member(&state.app, UserId(id)).await?))
}

/// Add a staff member (administrators).
#[utoipa::path(post, path = "/api/v1/users", tag = "organisation", security(("bearer" = [])), request_body = NewStaffInput,
    responses((status = 201, body = Staff), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(body): ApiJson<NewStaffInput>,
) -> ApiResult<(StatusCode, Json<Staff>)> {
    Ok((
        StatusCode::CREATED,
        Json(org::create_staff(&state.app, &authed.ctx, body).await?),
    ))
}

/// Change roles, department, or disable a staff member (administrators).
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "organisation", security(("bearer" = [])), params(("id" = i64, Path)), request_body = StaffPatch,
    responses((status = 200, body = Staff), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<StaffPatch>,
) -> ApiResult<Json<Staff>> {
    Ok(Json(
        org::update_staff(&state.app, &authed.ctx, UserId(id), body).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewPassword {
    /// At least 8 characters with letters and digits.
    pub password: String,
}

/// Set a new password for a staff member and end their sessions (administrators).
#[utoipa::path(post, path = "/api/v1/users/{id}/reset-password", tag = "organisation", security(("bearer" = [])), params(("id" = i64, Path)), request_body = NewPassword,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewPassword>,
) -> ApiResult<StatusCode> {
    org::reset_password(&state.app, &authed.ctx, UserId(id), &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
