//! 组织机构 the organisation: courts in two levels, their departments, and staff.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::codes::{CourtLevel, Role};
use crate::ids::{CourtId, DepartmentId, UserId};

crate::vocabulary!(
    /// 部门类别 what a department does, which routing and scope rely on
    DepartmentKind {
        Filing = "filing" / "立案庭",
        Civil = "civil" / "民事审判庭",
        Criminal = "criminal" / "刑事审判庭",
        Administrative = "administrative" / "行政审判庭",
        Enforcement = "enforcement" / "执行局",
        LitigationService = "litigation_service" / "诉讼服务中心",
        ServiceOffice = "service_office" / "群众诉求服务处",
        Inspection = "inspection" / "督察处",
        Leadership = "leadership" / "院领导",
        Administration = "administration" / "办公室",
    }
);

/// 法院 a court of the city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Court {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: CourtId,
    /// 法院代字 as in case numbers, e.g. `粤0304`.
    pub code: String,
    pub name: String,
    pub level: CourtLevel,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub parent_id: Option<CourtId>,
}

/// 部门 a department of a court.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Department {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: DepartmentId,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub court_id: CourtId,
    pub name: String,
    pub kind: DepartmentKind,
    pub active: bool,
}

/// 工作人员 a staff member (without their password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Staff {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub court_id: CourtId,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub department_id: Option<DepartmentId>,
    /// 职务, e.g. 审判员
    pub title: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}
