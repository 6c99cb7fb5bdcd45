//! The changes of 组织机构: add a court, add a department, rename / withdraw / restore a
//! department. Each goes back to the organisation page: with a notice on success
//! (Post/Redirect/Get), with the refusal and what was typed otherwise.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use tongban_app::org::{self, DepartmentPatch, NewCourt, NewDepartment};
use tongban_domain::codes::CourtLevel;
use tongban_domain::org::DepartmentKind;
use tongban_domain::{DepartmentId, DomainError};

use super::admin_only;
use super::organisation::{CourtTyped, DepartmentTyped, Typed, render};
use super::refusal::Refusal;
use crate::AppState;
use crate::error::ApiError;
use crate::pages::error::PageResult;
use crate::pages::session::{PageForm, StaffSession};

/// A code picked from a list, or the field refused.
fn pick<T>(
    field: &'static str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    ask: &'static str,
) -> Result<T, DomainError> {
    parse(value.trim()).ok_or_else(|| DomainError::invalid(field, "invalid_field", ask))
}

/// An id picked from a list; empty is none.
fn picked_id(field: &'static str, value: &str) -> Result<Option<i64>, DomainError> {
    match value.trim() {
        "" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| DomainError::invalid(field, "invalid_field", "请从列表中选择")),
    }
}

fn new_court(typed: &CourtTyped) -> Result<NewCourt, DomainError> {
    Ok(NewCourt {
        code: typed.code.clone(),
        name: typed.name.clone(),
        level: pick(
            "level",
            &typed.level,
            CourtLevel::from_code,
            "请选择法院层级",
        )?,
        parent_id: picked_id("parent_id", &typed.parent_id)?,
    })
}

fn new_department(typed: &DepartmentTyped) -> Result<NewDepartment, DomainError> {
    Ok(NewDepartment {
        court_id: picked_id("court_id", &typed.court_id)?
            .ok_or_else(|| DomainError::invalid("court_id", "court_required", "请选择法院"))?,
        name: typed.name.clone(),
        kind: pick(
            "kind",
            &typed.kind,
            DepartmentKind::from_code,
            "请选择部门类别",
        )?,
    })
}

/// Back to the page: its notice, or the refusal with what was typed.
async fn after(
    state: &AppState,
    session: &StaffSession,
    result: Result<&str, ApiError>,
    typed: Typed,
) -> PageResult {
    match result {
        Ok(done) => Ok(Redirect::to(&format!("/admin/organisation?done={done}")).into_response()),
        Err(error) => render(state, session, Err(Refusal::of(error)?), typed).await,
    }
}

/// 新增法院
pub async fn add_court(
    State(state): State<AppState>,
    PageForm { session, form }: PageForm<CourtTyped>,
) -> PageResult {
    admin_only(&session)?;
    let added = match new_court(&form) {
        Ok(input) => org::create_court(&state.app, &session.ctx, input)
            .await
            .map(|_| "court")
            .map_err(ApiError::from),
        Err(e) => Err(ApiError::from(e)),
    };
    after(&state, &session, added, Typed::Court(form)).await
}

/// 新增部门
pub async fn add_department(
    State(state): State<AppState>,
    PageForm { session, form }: PageForm<DepartmentTyped>,
) -> PageResult {
    admin_only(&session)?;
    let added = match new_department(&form) {
        Ok(input) => org::create_department(&state.app, &session.ctx, input)
            .await
            .map(|_| "department")
            .map_err(ApiError::from),
        Err(e) => Err(ApiError::from(e)),
    };
    after(&state, &session, added, Typed::Department(form)).await
}

/// 改名 / 撤销 / 恢复 a department: `name` renames it, `active=false` withdraws it,
/// `active=true` restores it.
pub async fn change_department(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm { session, form }: PageForm<DepartmentPatch>,
) -> PageResult {
    admin_only(&session)?;
    let done = match form.active {
        Some(false) => "withdrawn",
        Some(true) => "restored",
        None => "renamed",
    };
    let typed = match &form.name {
        Some(name) => Typed::Rename(id, name.clone()),
        None => Typed::Nothing,
    };
    let changed = org::update_department(&state.app, &session.ctx, DepartmentId(id), form)
        .await
        .map(|_| done)
        .map_err(ApiError::from);
    after(&state, &session, changed, typed).await
}
