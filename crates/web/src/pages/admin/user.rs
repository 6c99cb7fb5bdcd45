//! 编辑用户 one staff member: name, roles, court and department, title, phone; disabling or
//! enabling the account; a new password.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use tongban_app::org::{self, StaffPatch};
use tongban_domain::org::Staff;
use tongban_domain::{DomainError, UserId};

use super::admin_only;
use super::refusal::Refusal;
use super::staff_form::{StaffFields, StaffForm};
use crate::AppState;
use crate::error::ApiError;
use crate::pages::directory::Directory;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::{PageForm, StaffSession};
use crate::pages::view::cst;

#[derive(Template, WebTemplate)]
#[template(path = "admin/user.html")]
struct UserPage {
    layout: Layout,
    id: i64,
    username: String,
    name: String,
    active: bool,
    created: String,
    /// The administrator looking at their own account, who may not disable it.
    own: bool,
    fields: StaffFields,
    /// The field refused, to mark it.
    bad: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Done {
    done: String,
}

fn notice(done: &str) -> Option<&'static str> {
    match done {
        "saved" => Some("修改已保存"),
        "disabled" => Some("账号已停用，该用户的登录已全部失效"),
        "enabled" => Some("账号已重新启用"),
        "password" => Some("密码已重置，该用户须使用新密码重新登录"),
        _ => None,
    }
}

/// The page of `id`, with the edit form as typed and a message.
async fn render(
    state: &AppState,
    session: &StaffSession,
    staff: &Staff,
    form: &StaffForm,
    message: Result<Option<&str>, Refusal>,
) -> PageResult {
    let names = Directory::load(&state.app).await?;
    let layout = Layout::new(
        state,
        session,
        &format!("编辑用户 {}", staff.username),
        "/admin/users",
    )
    .await;
    let (layout, status, bad) = Refusal::shown(layout, message);
    let page = UserPage {
        layout,
        id: staff.id.0,
        username: staff.username.clone(),
        name: staff.display_name.clone(),
        active: staff.active,
        created: cst(staff.created_at),
        own: staff.id == session.ctx.actor.user_id,
        fields: form.fields(&names, staff.department_id.is_none()),
        bad,
    };
    Ok((status, page).into_response())
}

/// After a change: back to the page with its message, or the page again with the refusal.
async fn after(
    state: &AppState,
    session: &StaffSession,
    id: UserId,
    result: Result<&str, ApiError>,
    typed: Option<StaffForm>,
) -> PageResult {
    match result {
        Ok(done) => Ok(Redirect::to(&format!("/admin/users/{}?done={done}", id.0)).into_response()),
        Err(error) => {
            let refusal = Refusal::of(error)?;
            let staff = org::staff_member(&state.app, id).await?;
            let form = typed.unwrap_or_else(|| StaffForm::of(&staff));
            render(state, session, &staff, &form, Err(refusal)).await
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    session: StaffSession,
    Path(id): Path<i64>,
    Query(query): Query<Done>,
) -> PageResult {
    admin_only(&session)?;
    let staff = org::staff_member(&state.app, UserId(id)).await?;
    render(
        &state,
        &session,
        &staff,
        &StaffForm::of(&staff),
        Ok(notice(&query.done)),
    )
    .await
}

/// 保存 the edit form.
pub async fn save(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm { session, form }: PageForm<Vec<(String, String)>>,
) -> PageResult {
    admin_only(&session)?;
    let (id, form) = (UserId(id), StaffForm::parse(form));
    let saved = match form.patch() {
        Ok(patch) => org::update_staff(&state.app, &session.ctx, id, patch)
            .await
            .map(|_| "saved")
            .map_err(ApiError::from),
        Err(e) => Err(ApiError::from(e)),
    };
    after(&state, &session, id, saved, Some(form)).await
}

#[derive(Deserialize)]
pub struct ActiveForm {
    active: bool,
}

/// 停用 / 启用 disable the account (its sessions end) or enable it again.
pub async fn set_active(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm { session, form }: PageForm<ActiveForm>,
) -> PageResult {
    admin_only(&session)?;
    let id = UserId(id);
    let patch = StaffPatch {
        active: Some(form.active),
        ..StaffPatch::default()
    };
    let done = if form.active { "enabled" } else { "disabled" };
    let changed = org::update_staff(&state.app, &session.ctx, id, patch)
        .await
        .map(|_| done)
        .map_err(ApiError::from);
    after(&state, &session, id, changed, None).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
    confirm: String,
}

/// 重置密码 a new password chosen by the administrator, typed twice; the user's sessions end.
pub async fn reset_password(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm { session, form }: PageForm<PasswordForm>,
) -> PageResult {
    admin_only(&session)?;
    let id = UserId(id);
    let reset = if form.password != form.confirm {
        Err(ApiError::from(DomainError::invalid(
            "confirm",
            "passwords_differ",
            "两次输入的新密码不一致",
        )))
    } else {
        org::reset_password(&state.app, &session.ctx, id, &form.password)
            .await
            .map(|_| "password")
            .map_err(ApiError::from)
    };
    after(&state, &session, id, reset, None).await
}
