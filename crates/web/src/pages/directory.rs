//! Names of courts, departments and staff for the pages (the API gives ids).

use std::collections::HashMap;

use tongban_app::{App, AppError, org};
use tongban_domain::org::{Court, Department, Staff};
use tongban_domain::{CourtId, DepartmentId, UserId};
use tongban_store::org::StaffFilter;

/// The organisation, read once per page.
pub struct Directory {
    pub courts: Vec<Court>,
    pub departments: Vec<Department>,
    pub staff: Vec<Staff>,
    court_names: HashMap<CourtId, String>,
    department_names: HashMap<DepartmentId, String>,
    staff_names: HashMap<UserId, String>,
}

impl Directory {
    pub async fn load(app: &App) -> Result<Directory, AppError> {
        let courts = org::courts(app).await?;
        let departments = org::departments(app, None).await?;
        let staff = org::staff(app, &StaffFilter::default()).await?;
        Ok(Directory {
            court_names: courts.iter().map(|c| (c.id, c.name.clone())).collect(),
            department_names: departments.iter().map(|d| (d.id, d.name.clone())).collect(),
            staff_names: staff
                .iter()
                .map(|s| (s.id, s.display_name.clone()))
                .collect(),
            courts,
            departments,
            staff,
        })
    }

    pub fn court(&self, id: Option<CourtId>) -> String {
        id.and_then(|id| self.court_names.get(&id).cloned())
            .unwrap_or_else(|| "—".into())
    }

    pub fn department(&self, id: Option<DepartmentId>) -> String {
        id.and_then(|id| self.department_names.get(&id).cloned())
            .unwrap_or_else(|| "—".into())
    }

    pub fn person(&self, id: Option<UserId>) -> String {
        id.and_then(|id| self.staff_names.get(&id).cloned())
            .unwrap_or_else(|| "—".into())
    }
}
