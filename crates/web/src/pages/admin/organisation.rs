//! 组织机构 the courts with their departments, and the forms to add a court, add a department,
//! rename, withdraw (撤销) or restore (恢复) a department.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use serde::Deserialize;
use tongban_domain::codes::CourtLevel;
use tongban_domain::org::DepartmentKind;

use super::admin_only;
use super::choices::{self, Choice};
use super::refusal::Refusal;
use crate::AppState;
use crate::pages::directory::Directory;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::StaffSession;

/// 新增法院 the add-a-court form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CourtTyped {
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_id: String,
}

/// 新增部门 the add-a-department form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DepartmentTyped {
    pub court_id: String,
    pub name: String,
    pub kind: String,
}

/// What was typed in the form that was refused.
pub enum Typed {
    Nothing,
    Court(CourtTyped),
    Department(DepartmentTyped),
    /// A department's new name.
    Rename(i64, String),
}

pub struct DepartmentView {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub active: bool,
    /// The rename field: the name, or what was typed when the rename was refused.
    pub rename: String,
    pub rename_refused: bool,
}

pub struct CourtView {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub level: &'static str,
    pub parent: String,
    pub departments: Vec<DepartmentView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/organisation.html")]
struct OrganisationPage {
    layout: Layout,
    courts: Vec<CourtView>,
    court: CourtTyped,
    levels: Vec<Choice>,
    parents: Vec<Choice>,
    department: DepartmentTyped,
    department_courts: Vec<Choice>,
    kinds: Vec<Choice>,
    /// The refused field of the court form, and of the department form.
    court_bad: String,
    department_bad: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Done {
    done: String,
}

fn notice(done: &str) -> Option<&'static str> {
    match done {
        "court" => Some("法院已添加"),
        "department" => Some("部门已添加"),
        "renamed" => Some("部门名称已修改"),
        "withdrawn" => Some("部门已撤销，今后不再向其转办工单"),
        "restored" => Some("部门已恢复"),
        _ => None,
    }
}

/// The page, with a notice or a refusal and what was typed.
pub async fn render(
    state: &AppState,
    session: &StaffSession,
    message: Result<Option<&str>, Refusal>,
    typed: Typed,
) -> PageResult {
    let names = Directory::load(&state.app).await?;
    let layout = Layout::new(state, session, "组织机构", "/admin/organisation").await;
    let (layout, status, bad) = Refusal::shown(layout, message);
    let (mut court, mut department, mut rename) =
        (CourtTyped::default(), DepartmentTyped::default(), None);
    let (mut court_bad, mut department_bad) = (String::new(), String::new());
    match typed {
        Typed::Nothing => {}
        Typed::Court(typed) => (court, court_bad) = (typed, bad),
        Typed::Department(typed) => (department, department_bad) = (typed, bad),
        Typed::Rename(id, name) => rename = Some((id, name)),
    }
    let courts = names
        .courts
        .iter()
        .map(|c| CourtView {
            id: c.id.0,
            code: c.code.clone(),
            name: c.name.clone(),
            level: c.level.label(),
            parent: c
                .parent_id
                .map_or_else(String::new, |p| names.court(Some(p))),
            departments: names
                .departments
                .iter()
                .filter(|d| d.court_id == c.id)
                .map(|d| {
                    let refused = rename.as_ref().filter(|(id, _)| *id == d.id.0);
                    DepartmentView {
                        id: d.id.0,
                        name: d.name.clone(),
                        kind: d.kind.label(),
                        active: d.active,
                        rename: refused.map_or_else(|| d.name.clone(), |(_, typed)| typed.clone()),
                        rename_refused: refused.is_some(),
                    }
                })
                .collect(),
        })
        .collect();
    let page = OrganisationPage {
        layout,
        courts,
        levels: choices::vocabulary(CourtLevel::ALL, CourtLevel::code, CourtLevel::label, |c| {
            c == court.level
        }),
        parents: choices::courts(&names, &court.parent_id),
        department_courts: choices::courts(&names, &department.court_id),
        kinds: choices::vocabulary(
            DepartmentKind::ALL,
            DepartmentKind::code,
            DepartmentKind::label,
            |c| c == department.kind,
        ),
        court,
        department,
        court_bad,
        department_bad,
    };
    Ok((status, page).into_response())
}

pub async fn page(
    State(state): State<AppState>,
    session: StaffSession,
    Query(query): Query<Done>,
) -> PageResult {
    admin_only(&session)?;
    render(&state, &session, Ok(notice(&query.done)), Typed::Nothing).await
}
