//! 人员表单 what an administrator types about a staff member: read from the form (roles are
//! repeated checkboxes), turned into the use cases' inputs, and shown again as typed.

use tongban_app::org::{NewStaffInput, StaffPatch};
use tongban_domain::DomainError;
use tongban_domain::codes::Role;
use tongban_domain::org::Staff;

use super::choices::{self, Choice, DepartmentGroup};
use crate::pages::directory::Directory;

/// The form as typed. The password is never shown again.
#[derive(Default)]
pub struct StaffForm {
    pub username: String,
    pub password: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub court_id: String,
    pub department_id: String,
    pub title: String,
    pub phone: String,
}

/// The shared fields of the create and edit forms, ready for `admin/staff_fields.html`.
pub struct StaffFields {
    pub display_name: String,
    pub roles: Vec<Choice>,
    pub courts: Vec<Choice>,
    pub departments: Vec<DepartmentGroup>,
    /// Whether "no department" is offered: always when creating; when editing only for
    /// staff without one (a department cannot be taken away, only changed).
    pub no_department: bool,
    pub title: String,
    pub phone: String,
}

fn id(field: &'static str, value: &str, missing: &'static str) -> Result<Option<i64>, DomainError> {
    match value.trim() {
        "" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| DomainError::invalid(field, "invalid_field", missing)),
    }
}

fn optional(value: &str) -> Option<String> {
    Some(value.trim().to_string()).filter(|v| !v.is_empty())
}

impl StaffForm {
    /// From the submitted pairs; `roles` may repeat, unknown names are ignored.
    pub fn parse(pairs: Vec<(String, String)>) -> StaffForm {
        let mut form = StaffForm::default();
        for (key, value) in pairs {
            match key.as_str() {
                "username" => form.username = value.trim().to_string(),
                "password" => form.password = value,
                "display_name" => form.display_name = value,
                "roles" => form.roles.push(value),
                "court_id" => form.court_id = value,
                "department_id" => form.department_id = value,
                "title" => form.title = value,
                "phone" => form.phone = value,
                _ => {}
            }
        }
        form
    }

    /// A staff member as stored, to edit.
    pub fn of(staff: &Staff) -> StaffForm {
        StaffForm {
            username: staff.username.clone(),
            password: String::new(),
            display_name: staff.display_name.clone(),
            roles: staff.roles.iter().map(|r| r.code().to_string()).collect(),
            court_id: staff.court_id.to_string(),
            department_id: staff
                .department_id
                .map(|d| d.to_string())
                .unwrap_or_default(),
            title: staff.title.clone().unwrap_or_default(),
            phone: staff.phone.clone().unwrap_or_default(),
        }
    }

    fn roles(&self) -> Result<Vec<Role>, DomainError> {
        self.roles
            .iter()
            .map(|code| {
                Role::from_code(code)
                    .ok_or_else(|| DomainError::invalid("roles", "unknown_role", "角色无效"))
            })
            .collect()
    }

    fn court(&self) -> Result<i64, DomainError> {
        id("court_id", &self.court_id, "请选择法院")?
            .ok_or_else(|| DomainError::invalid("court_id", "court_required", "请选择法院"))
    }

    fn department(&self) -> Result<Option<i64>, DomainError> {
        id("department_id", &self.department_id, "请选择部门")
    }

    /// 新建用户 the input of `create_staff`.
    pub fn new_staff(&self) -> Result<NewStaffInput, DomainError> {
        Ok(NewStaffInput {
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            password: self.password.clone(),
            roles: self.roles()?,
            court_id: self.court()?,
            department_id: self.department()?,
            title: optional(&self.title),
            phone: optional(&self.phone),
        })
    }

    /// 修改用户 the input of `update_staff`: every field as shown; an emptied title or phone is
    /// cleared.
    pub fn patch(&self) -> Result<StaffPatch, DomainError> {
        Ok(StaffPatch {
            display_name: Some(self.display_name.clone()),
            roles: Some(self.roles()?),
            court_id: Some(self.court()?),
            department_id: self.department()?,
            title: Some(self.title.trim().to_string()),
            phone: Some(self.phone.trim().to_string()),
            active: None,
        })
    }

    pub fn fields(&self, names: &Directory, no_department: bool) -> StaffFields {
        StaffFields {
            display_name: self.display_name.clone(),
            roles: choices::vocabulary(Role::ALL, Role::code, Role::label, |code| {
                self.roles.iter().any(|r| r == code)
            }),
            courts: choices::courts(names, self.court_id.trim()),
            departments: choices::departments(names, self.department_id.trim()),
            no_department,
            title: self.title.clone(),
            phone: self.phone.clone(),
        }
    }
}
