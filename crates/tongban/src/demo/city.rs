//! The demo city's courts, departments and staff.

use tongban_app::org::{self, NewCourt, NewDepartment, NewStaffInput};
use tongban_app::{App, Ctx};
use tongban_domain::codes::{CourtLevel, Role};
use tongban_domain::org::{Court, Department, DepartmentKind, Staff};
use tongban_domain::{CourtId, DepartmentId};

use super::PASSWORD;

/// The courts: code, name, level.
const COURTS: &[(&str, &str, CourtLevel)] = &[
    ("粤03", "深圳市中级人民法院", CourtLevel::Intermediate),
    ("粤0304", "深圳市福田区人民法院", CourtLevel::Basic),
    ("粤0305", "深圳市南山区人民法院", CourtLevel::Basic),
    ("粤0306", "深圳市宝安区人民法院", CourtLevel::Basic),
];

const INTERMEDIATE_DEPARTMENTS: &[(&str, DepartmentKind)] = &[
    ("立案庭", DepartmentKind::Filing),
    ("民事审判第一庭", DepartmentKind::Civil),
    ("刑事审判庭", DepartmentKind::Criminal),
    ("行政审判庭", DepartmentKind::Administrative),
    ("执行局", DepartmentKind::Enforcement),
    ("诉讼服务中心", DepartmentKind::LitigationService),
    ("群众诉求服务处", DepartmentKind::ServiceOffice),
    ("督察处", DepartmentKind::Inspection),
    ("院领导", DepartmentKind::Leadership),
    ("办公室", DepartmentKind::Administration),
];

const BASIC_DEPARTMENTS: &[(&str, DepartmentKind)] = &[
    ("立案庭", DepartmentKind::Filing),
    ("民事审判庭", DepartmentKind::Civil),
    ("刑事审判庭", DepartmentKind::Criminal),
    ("执行局", DepartmentKind::Enforcement),
    ("诉讼服务中心", DepartmentKind::LitigationService),
];

/// (username, name, court index, department, roles, title)
type StaffLine = (
    &'static str,
    &'static str,
    usize,
    &'static str,
    &'static [Role],
    &'static str,
);

const STAFF: &[StaffLine] = &[
    (
        "admin",
        "系统管理员",
        0,
        "办公室",
        &[Role::Admin],
        "系统管理员",
    ),
    (
        "agent1",
        "林晓雯",
        0,
        "群众诉求服务处",
        &[Role::Agent],
        "12368话务员",
    ),
    (
        "agent2",
        "陈嘉怡",
        0,
        "群众诉求服务处",
        &[Role::Agent],
        "12368话务员",
    ),
    (
        "agent3",
        "吴俊杰",
        0,
        "群众诉求服务处",
        &[Role::Agent],
        "12368话务员",
    ),
    (
        "office1",
        "郑雅琴",
        0,
        "群众诉求服务处",
        &[Role::ServiceOffice],
        "群众诉求服务处副处长",
    ),
    (
        "office2",
        "黄志强",
        0,
        "群众诉求服务处",
        &[Role::ServiceOffice],
        "群众诉求服务处干警",
    ),
    (
        "inspector1",
        "邓国华",
        0,
        "督察处",
        &[Role::Inspector],
        "督察处处长",
    ),
    ("president", "李正明", 0, "院领导", &[Role::Leader], "院长"),
    ("vp1", "周建平", 0, "院领导", &[Role::Leader], "副院长"),
    (
        "zj_lian_head",
        "何丽娟",
        0,
        "立案庭",
        &[Role::DepartmentHead, Role::Handler],
        "立案庭庭长",
    ),
    (
        "zj_lian1",
        "许文博",
        0,
        "立案庭",
        &[Role::Handler],
        "法官助理",
    ),
    (
        "zj_min_head",
        "谢永红",
        0,
        "民事审判第一庭",
        &[Role::DepartmentHead, Role::Handler],
        "民一庭庭长",
    ),
    (
        "zj_min1",
        "梁思远",
        0,
        "民事审判第一庭",
        &[Role::Handler],
        "审判员",
    ),
    (
        "zj_min2",
        "罗佳琪",
        0,
        "民事审判第一庭",
        &[Role::Handler],
        "审判员",
    ),
    (
        "zj_xing1",
        "宋立新",
        0,
        "刑事审判庭",
        &[Role::DepartmentHead, Role::Handler],
        "刑庭庭长",
    ),
    (
        "zj_xingzheng1",
        "韩明哲",
        0,
        "行政审判庭",
        &[Role::DepartmentHead, Role::Handler],
        "行政庭庭长",
    ),
    (
        "zj_zhi_head",
        "冯振东",
        0,
        "执行局",
        &[Role::DepartmentHead, Role::Handler],
        "执行局局长",
    ),
    ("zj_zhi1", "曾志伟", 0, "执行局", &[Role::Handler], "执行员"),
    ("zj_zhi2", "彭晓燕", 0, "执行局", &[Role::Handler], "执行员"),
    (
        "zj_su1",
        "唐婉清",
        0,
        "诉讼服务中心",
        &[Role::DepartmentHead, Role::Handler],
        "诉讼服务中心主任",
    ),
    (
        "ft_office",
        "蔡丽华",
        1,
        "诉讼服务中心",
        &[Role::ServiceOffice, Role::Agent],
        "诉讼服务中心主任",
    ),
    (
        "ft_lian1",
        "潘宇航",
        1,
        "立案庭",
        &[Role::DepartmentHead, Role::Handler],
        "立案庭庭长",
    ),
    (
        "ft_min_head",
        "董海燕",
        1,
        "民事审判庭",
        &[Role::DepartmentHead, Role::Handler],
        "民事审判庭庭长",
    ),
    (
        "ft_min1",
        "袁子轩",
        1,
        "民事审判庭",
        &[Role::Handler],
        "审判员",
    ),
    (
        "ft_zhi_head",
        "杜建国",
        1,
        "执行局",
        &[Role::DepartmentHead, Role::Handler],
        "执行局局长",
    ),
    ("ft_zhi1", "叶欣然", 1, "执行局", &[Role::Handler], "执行员"),
    (
        "ns_office",
        "程美玲",
        2,
        "诉讼服务中心",
        &[Role::ServiceOffice, Role::Agent],
        "诉讼服务中心主任",
    ),
    (
        "ns_lian1",
        "魏嘉豪",
        2,
        "立案庭",
        &[Role::DepartmentHead, Role::Handler],
        "立案庭庭长",
    ),
    (
        "ns_min_head",
        "苏晓峰",
        2,
        "民事审判庭",
        &[Role::DepartmentHead, Role::Handler],
        "民事审判庭庭长",
    ),
    (
        "ns_min1",
        "卢静怡",
        2,
        "民事审判庭",
        &[Role::Handler],
        "审判员",
    ),
    (
        "ns_zhi_head",
        "蒋伟民",
        2,
        "执行局",
        &[Role::DepartmentHead, Role::Handler],
        "执行局局长",
    ),
    ("ns_zhi1", "沈梦瑶", 2, "执行局", &[Role::Handler], "执行员"),
    (
        "ba_office",
        "余秀英",
        3,
        "诉讼服务中心",
        &[Role::ServiceOffice, Role::Agent],
        "诉讼服务中心主任",
    ),
    (
        "ba_lian1",
        "钟浩然",
        3,
        "立案庭",
        &[Role::DepartmentHead, Role::Handler],
        "立案庭庭长",
    ),
    (
        "ba_min_head",
        "姚春梅",
        3,
        "民事审判庭",
        &[Role::DepartmentHead, Role::Handler],
        "民事审判庭庭长",
    ),
    (
        "ba_min1",
        "方俊辉",
        3,
        "民事审判庭",
        &[Role::Handler],
        "审判员",
    ),
    (
        "ba_zhi_head",
        "石振华",
        3,
        "执行局",
        &[Role::DepartmentHead, Role::Handler],
        "执行局局长",
    ),
    ("ba_zhi1", "龙雨桐", 3, "执行局", &[Role::Handler], "执行员"),
];

/// The logins printed at start: one of each kind.
pub const LOGINS: &[(&str, &str)] = &[
    ("admin", "管理员（组织机构、用户）"),
    ("agent1", "中院 12368 话务员：登记、甄别、当场答复"),
    (
        "office1",
        "中院群众诉求服务处：甄别复核、转办、回访、不满意甄别",
    ),
    ("inspector1", "中院督察处（二级督办）"),
    ("president", "院长（三级督办、院长督导会）"),
    ("zj_zhi_head", "中院执行局局长：部门负责人、审批延期、改派"),
    ("zj_zhi1", "中院执行局执行员：承办人"),
    ("ft_office", "福田法院诉讼服务中心：本院诉求登记与转办"),
    ("ft_min1", "福田法院民事审判庭审判员：承办人"),
];

/// What the demo city consists of.
pub struct City {
    pub courts: Vec<Court>,
    pub departments: Vec<Department>,
    pub staff: Vec<Staff>,
}

impl City {
    pub fn staff_named(&self, username: &str) -> &Staff {
        self.staff
            .iter()
            .find(|s| s.username == username)
            .expect("demo staff exists")
    }

    pub fn department(&self, court: CourtId, kind: DepartmentKind) -> Option<&Department> {
        self.departments
            .iter()
            .find(|d| d.court_id == court && d.kind == kind)
    }

    pub fn handlers_of(&self, department: DepartmentId) -> Vec<&Staff> {
        self.staff
            .iter()
            .filter(|s| s.department_id == Some(department) && s.roles.contains(&Role::Handler))
            .collect()
    }

    pub fn head_of(&self, department: DepartmentId) -> Option<&Staff> {
        self.staff.iter().find(|s| {
            s.department_id == Some(department) && s.roles.contains(&Role::DepartmentHead)
        })
    }
}

pub async fn build(app: &App) -> anyhow::Result<City> {
    let ctx = Ctx::system();
    let mut courts = Vec::new();
    for (code, name, level) in COURTS {
        let parent = courts.first().map(|c: &Court| c.id.0);
        let court = NewCourt {
            code: code.to_string(),
            name: name.to_string(),
            level: *level,
            parent_id: parent,
        };
        courts.push(org::create_court(app, &ctx, court).await?);
    }
    let mut departments = Vec::new();
    for court in &courts {
        let list = match court.level {
            CourtLevel::Intermediate => INTERMEDIATE_DEPARTMENTS,
            CourtLevel::Basic => BASIC_DEPARTMENTS,
        };
        for (name, kind) in list {
            let department = NewDepartment {
                court_id: court.id.0,
                name: name.to_string(),
                kind: *kind,
            };
            departments.push(org::create_department(app, &ctx, department).await?);
        }
    }
    let mut staff = Vec::new();
    for (username, name, court, department, roles, title) in STAFF {
        let court = &courts[*court];
        let department = departments
            .iter()
            .find(|d| d.court_id == court.id && d.name == *department)
            .expect("demo department exists");
        let input = NewStaffInput {
            username: username.to_string(),
            display_name: name.to_string(),
            password: PASSWORD.to_string(),
            roles: roles.to_vec(),
            court_id: court.id.0,
            department_id: Some(department.id.0),
            title: Some(title.to_string()),
            phone: None,
        };
        staff.push(org::create_staff(app, &ctx, input).await?);
    }
    Ok(City {
        courts,
        departments,
        staff,
    })
}
