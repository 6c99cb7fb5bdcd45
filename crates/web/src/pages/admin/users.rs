//! 人员管理 the staff list with its filters (court, role), and the form to create a user.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use tongban_app::org;
use tongban_domain::codes::Role;
use tongban_domain::org::Staff;

use super::admin_only;
use super::choices::{self, Choice};
use super::refusal::Refusal;
use super::staff_form::{StaffFields, StaffForm};
use crate::AppState;
use crate::error::ApiError;
use crate::pages::directory::Directory;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::{PageForm, StaffSession};

/// One staff member in the table.
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub roles: String,
    pub court: String,
    pub department: String,
    pub title: String,
    pub active: bool,
}

impl UserRow {
    fn of(s: &Staff, names: &Directory) -> UserRow {
        UserRow {
            id: s.id.0,
            username: s.username.clone(),
            name: s.display_name.clone(),
            roles: s
                .roles
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("、"),
            court: names.court(Some(s.court_id)),
            department: names.department(s.department_id),
            title: s
                .title
                .clone()
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "—".into()),
            active: s.active,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
struct UsersPage {
    layout: Layout,
    court_filter: Vec<Choice>,
    role_filter: Vec<Choice>,
    rows: Vec<UserRow>,
    /// The create form as typed.
    form: StaffForm,
    fields: StaffFields,
    /// The field refused, to mark it.
    bad: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UsersQuery {
    court_id: String,
    role: String,
    done: String,
}

fn notice(done: &str) -> Option<&'static str> {
    match done {
        "created" => Some("用户已创建，可使用初始密码登录"),
        _ => None,
    }
}

async fn render(
    state: &AppState,
    session: &StaffSession,
    query: &UsersQuery,
    form: StaffForm,
    refusal: Option<Refusal>,
) -> PageResult {
    let names = Directory::load(&state.app).await?;
    let role = Role::from_code(&query.role);
    let court = query.court_id.as_str();
    let rows = names
        .staff
        .iter()
        .filter(|s| role.is_none_or(|r| s.roles.contains(&r)))
        .filter(|s| court.is_empty() || s.court_id.to_string() == court)
        .map(|s| UserRow::of(s, &names))
        .collect();
    let mut layout = Layout::new(state, session, "人员管理", "/admin/users").await;
    if let Some(text) = notice(&query.done) {
        layout = layout.with_notice(text);
    }
    let (status, bad) = match refusal {
        Some(refusal) => {
            layout = layout.with_error(refusal.message);
            (refusal.status, refusal.field)
        }
        None => (axum::http::StatusCode::OK, String::new()),
    };
    let page = UsersPage {
        layout,
        court_filter: choices::courts(&names, court),
        role_filter: choices::vocabulary(Role::ALL, Role::code, Role::label, |code| {
            code == query.role
        }),
        rows,
        fields: form.fields(&names, true),
        form: StaffForm {
            password: String::new(),
            ..form
        },
        bad,
    };
    Ok((status, page).into_response())
}

pub async fn page(
    State(state): State<AppState>,
    session: StaffSession,
    Query(query): Query<UsersQuery>,
) -> PageResult {
    admin_only(&session)?;
    render(&state, &session, &query, StaffForm::default(), None).await
}

/// 新建用户 create a user; on refusal the page comes back with what was typed.
pub async fn create(
    State(state): State<AppState>,
    PageForm { session, form }: PageForm<Vec<(String, String)>>,
) -> PageResult {
    admin_only(&session)?;
    let form = StaffForm::parse(form);
    let created = match form.new_staff() {
        Ok(input) => org::create_staff(&state.app, &session.ctx, input)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(ApiError::from(e)),
    };
    match created {
        Ok(_) => Ok(Redirect::to("/admin/users?done=created").into_response()),
        Err(error) => {
            let refusal = Refusal::of(error)?;
            render(
                &state,
                &session,
                &UsersQuery::default(),
                form,
                Some(refusal),
            )
            .await
        }
    }
}
