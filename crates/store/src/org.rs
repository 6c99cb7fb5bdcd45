//! Courts, departments and staff.

use chrono::{DateTime, Utc};
use tongban_domain::codes::{CourtLevel, Role};
use tongban_domain::org::{Court, Department, DepartmentKind, Staff};
use tongban_domain::{Actor, CourtId, DepartmentId, UserId};

use crate::args::{Arg, Statement};
use crate::orders::corrupt;
use crate::{Conn, Result, Tx, instant, millis};

#[derive(sqlx::FromRow)]
struct CourtRow {
    id: i64,
    code: String,
    name: String,
    level: String,
    parent_id: Option<i64>,
}

impl CourtRow {
    fn into_court(self) -> Result<Court> {
        Ok(Court {
            id: CourtId(self.id),
            level: CourtLevel::from_code(&self.level)
                .ok_or_else(|| corrupt("court level", &self.level))?,
            code: self.code,
            name: self.name,
            parent_id: self.parent_id.map(CourtId),
        })
    }
}

pub async fn insert_court(
    tx: &mut Tx,
    code: &str,
    name: &str,
    level: CourtLevel,
    parent: Option<CourtId>,
) -> Result<CourtId> {
    let conn = &mut tx.conn();
    let id = on!(conn, c => sqlx::query_scalar(
        "INSERT INTO courts (code, name, level, parent_id) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(code).bind(name).bind(level.code()).bind(parent.map(|p| p.0)).fetch_one(c).await)?;
    Ok(CourtId(id))
}

pub async fn courts(conn: &mut Conn<'_>) -> Result<Vec<Court>> {
    let rows = on!(conn, c => sqlx::query_as::<_, CourtRow>(
        "SELECT id, code, name, level, parent_id FROM courts ORDER BY id").fetch_all(c).await)?;
    rows.into_iter().map(CourtRow::into_court).collect()
}

pub async fn court(conn: &mut Conn<'_>, id: CourtId) -> Result<Option<Court>> {
    let row = on!(conn, c => sqlx::query_as::<_, CourtRow>(
        "SELECT id, code, name, level, parent_id FROM courts WHERE id = $1")
        .bind(id.0).fetch_optional(c).await)?;
    row.map(CourtRow::into_court).transpose()
}

#[derive(sqlx::FromRow)]
struct DepartmentRow {
    id: i64,
    court_id: i64,
    name: String,
    kind: String,
    active: bool,
}

impl DepartmentRow {
    fn into_department(self) -> Result<Department> {
        Ok(Department {
            id: DepartmentId(self.id),
            court_id: CourtId(self.court_id),
            kind: DepartmentKind::from_code(&self.kind)
                .ok_or_else(|| corrupt("department kind", &self.kind))?,
            name: self.name,
            active: self.active,
        })
    }
}

pub async fn insert_department(
    tx: &mut Tx,
    court: CourtId,
    name: &str,
    kind: DepartmentKind,
) -> Result<DepartmentId> {
    let conn = &mut tx.conn();
    let id = on!(conn, c => sqlx::query_scalar(
        "INSERT INTO departments (court_id, name, kind) VALUES ($1, $2, $3) RETURNING id")
        .bind(court.0).bind(name).bind(kind.code()).fetch_one(c).await)?;
    Ok(DepartmentId(id))
}

/// Departments, of one court or of all.
pub async fn departments(conn: &mut Conn<'_>, court: Option<CourtId>) -> Result<Vec<Department>> {
    let rows = on!(conn, c => sqlx::query_as::<_, DepartmentRow>(
        "SELECT id, court_id, name, kind, active FROM departments \
         WHERE ($1 IS NULL OR court_id = $1) ORDER BY court_id, id")
        .bind(court.map(|c| c.0)).fetch_all(c).await)?;
    rows.into_iter()
        .map(DepartmentRow::into_department)
        .collect()
}

pub async fn department(conn: &mut Conn<'_>, id: DepartmentId) -> Result<Option<Department>> {
    let row = on!(conn, c => sqlx::query_as::<_, DepartmentRow>(
        "SELECT id, court_id, name, kind, active FROM departments WHERE id = $1")
        .bind(id.0).fetch_optional(c).await)?;
    row.map(DepartmentRow::into_department).transpose()
}

const STAFF_COLUMNS: &str = "u.id, u.username, u.display_name, u.roles, u.court_id, u.department_id, u.title, u.phone, u.active, u.created_at";

#[derive(sqlx::FromRow)]
struct StaffRow {
    id: i64,
    username: String,
    display_name: String,
    roles: String,
    court_id: i64,
    department_id: Option<i64>,
    title: Option<String>,
    phone: Option<String>,
    active: bool,
    created_at: i64,
}

fn parse_roles(roles: &str) -> Result<Vec<Role>> {
    roles
        .split(',')
        .filter(|r| !r.is_empty())
        .map(|r| Role::from_code(r).ok_or_else(|| corrupt("role", r)))
        .collect()
}

/// Roles as stored: comma-separated codes.
fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

impl StaffRow {
    fn into_staff(self) -> Result<Staff> {
        Ok(Staff {
            id: UserId(self.id),
            roles: parse_roles(&self.roles)?,
            username: self.username,
            display_name: self.display_name,
            court_id: CourtId(self.court_id),
            department_id: self.department_id.map(DepartmentId),
            title: self.title,
            phone: self.phone,
            active: self.active,
            created_at: instant(self.created_at)?,
        })
    }
}

/// A new staff member.
pub struct NewStaff<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub roles: &'a [Role],
    pub court_id: CourtId,
    pub department_id: Option<DepartmentId>,
    pub title: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_staff(tx: &mut Tx, s: &NewStaff<'_>) -> Result<UserId> {
    let conn = &mut tx.conn();
    let id = on!(conn, c => sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, roles, court_id, department_id, title, phone, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(s.username).bind(s.display_name).bind(s.password_hash).bind(roles_text(s.roles))
        .bind(s.court_id.0).bind(s.department_id.map(|d| d.0)).bind(s.title).bind(s.phone)
        .bind(millis(s.created_at)).fetch_one(c).await)?;
    Ok(UserId(id))
}

/// Changes what an administrator may change of a staff member.
pub async fn update_staff(tx: &mut Tx, staff: &Staff) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "UPDATE users SET display_name = $1, roles = $2, court_id = $3, department_id = $4, \
         title = $5, phone = $6, active = $7 WHERE id = $8")
        .bind(&staff.display_name).bind(roles_text(&staff.roles)).bind(staff.court_id.0)
        .bind(staff.department_id.map(|d| d.0)).bind(&staff.title).bind(&staff.phone)
        .bind(staff.active).bind(staff.id.0).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_password_hash(tx: &mut Tx, user: UserId, hash: &str) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash).bind(user.0).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Which staff to list.
#[derive(Debug, Clone, Default)]
pub struct StaffFilter {
    pub role: Option<Role>,
    pub court_id: Option<CourtId>,
    pub department_id: Option<DepartmentId>,
    pub active: Option<bool>,
}

pub async fn staff(conn: &mut Conn<'_>, filter: &StaffFilter) -> Result<Vec<Staff>> {
    let mut s = Statement::new(&format!("SELECT {STAFF_COLUMNS} FROM users u WHERE 1 = 1"));
    if let Some(role) = filter.role {
        // Roles are stored comma-separated; match one whole code.
        s.push(" AND (',' || u.roles || ',') LIKE ")
            .bind(Arg::Text(format!("%,{},%", role.code())));
    }
    if let Some(court) = filter.court_id {
        s.push(" AND u.court_id = ").bind(Arg::Int(court.0));
    }
    if let Some(department) = filter.department_id {
        s.push(" AND u.department_id = ")
            .bind(Arg::Int(department.0));
    }
    if let Some(active) = filter.active {
        s.push(" AND u.active = ").bind(Arg::Bool(active));
    }
    s.push(" ORDER BY u.id");
    let rows = on!(conn, c => {
        let q = sqlx::query_as::<_, StaffRow>(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_all(c).await
    })?;
    rows.into_iter().map(StaffRow::into_staff).collect()
}

pub async fn staff_member(conn: &mut Conn<'_>, id: UserId) -> Result<Option<Staff>> {
    let row = on!(conn, c => sqlx::query_as::<_, StaffRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {STAFF_COLUMNS} FROM users u WHERE u.id = $1")))
        .bind(id.0).fetch_optional(c).await)?;
    row.map(StaffRow::into_staff).transpose()
}

/// The staff member with this username and their password hash, for logging in.
pub async fn credentials(conn: &mut Conn<'_>, username: &str) -> Result<Option<(Staff, String)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        staff: StaffRow,
        password_hash: String,
    }
    let row = on!(conn, c => sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(format!(
        "SELECT {STAFF_COLUMNS}, u.password_hash FROM users u WHERE u.username = $1")))
        .bind(username).fetch_optional(c).await)?;
    row.map(|r| Ok((r.staff.into_staff()?, r.password_hash)))
        .transpose()
}

/// The acting identity of a staff member: roles, court and its level, department.
pub async fn actor(conn: &mut Conn<'_>, staff: &Staff) -> Result<Actor> {
    let court = court(conn, staff.court_id)
        .await?
        .ok_or_else(|| corrupt("court of user", &staff.username))?;
    Ok(Actor {
        user_id: staff.id,
        username: staff.username.clone(),
        roles: staff.roles.clone(),
        court_id: court.id,
        court_level: court.level,
        department_id: staff.department_id,
        system: false,
    })
}

/// Renames a court.
pub async fn rename_court(tx: &mut Tx, id: CourtId, name: &str) -> Result<bool> {
    let conn = &mut tx.conn();
    let done = on!(conn, c => sqlx::query("UPDATE courts SET name = $1 WHERE id = $2")
        .bind(name).bind(id.0).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Renames a department or withdraws it (no new orders are dispatched to it).
pub async fn update_department(tx: &mut Tx, department: &Department) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query("UPDATE departments SET name = $1, active = $2 WHERE id = $3")
        .bind(&department.name).bind(department.active).bind(department.id.0)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
