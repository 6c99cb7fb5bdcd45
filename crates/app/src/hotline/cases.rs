//! 案件目录 importing the court's cases (read from CSV, Excel or JSON), all or nothing, with a
//! report that names every fault by row; and reading a case for the hotline.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use serde_json::json;
use tongban_domain::DomainError;
use tongban_domain::codes::Role;
use tongban_domain::hotline::{CaseRecord, Party, RawCase};
use tongban_domain::values::{CaseNo, Phone};
use tongban_store::hotline::cases::{self, CaseRow, PartyRow, StoredCase};
use tongban_store::org::StaffFilter;

use super::{HOTLINE_ROLES, require};
use crate::{App, AppError, Ctx, audit};

/// The most rows one import takes.
pub const MAX_ROWS: usize = 50_000;

/// One fault of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowFault {
    /// The row: 1 is the first data row (the header row not counted; in a spreadsheet, row 2).
    pub row: usize,
    pub case_number: String,
    pub field: Option<String>,
    pub code: String,
    pub message: String,
}

/// What an import did: everything, or (with faults) nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub rows: usize,
    /// Cases stored; 0 whenever there is a fault.
    pub imported: usize,
    pub faults: Vec<RowFault>,
}

fn fault(row: usize, case_number: &str, e: &DomainError) -> RowFault {
    RowFault {
        row,
        case_number: case_number.to_string(),
        field: e.field.as_ref().map(|f| f.to_string()),
        code: e.code.to_string(),
        message: e.message.to_string(),
    }
}

/// Imports cases: every row is checked (fields, court, department, judge, duplicates); with any
/// fault nothing is stored, otherwise every case is stored (replacing one with the same number)
/// in one transaction.
pub async fn import(app: &App, ctx: &Ctx, raw: Vec<RawCase>) -> Result<ImportReport, AppError> {
    require(
        ctx,
        &[Role::Admin, Role::ServiceOffice],
        "只有管理员或群众诉求服务处可以导入案件目录",
    )?;
    if raw.len() > MAX_ROWS {
        return Err(DomainError::invalid(
            "file",
            "too_many_rows",
            format!("一次最多导入{MAX_ROWS}行"),
        )
        .into());
    }
    let courts: HashMap<String, i64> = crate::org::courts(app)
        .await?
        .into_iter()
        .map(|c| (c.code, c.id.0))
        .collect();
    let departments: HashMap<(i64, String), i64> = crate::org::departments(app, None)
        .await?
        .into_iter()
        .map(|d| ((d.court_id.0, d.name), d.id.0))
        .collect();
    let staff: HashMap<String, i64> = crate::org::staff(app, &StaffFilter::default())
        .await?
        .into_iter()
        .map(|s| (s.username, s.id.0))
        .collect();
    let now = app.now().timestamp_millis();
    let mut faults = Vec::new();
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for (i, raw_case) in raw.iter().enumerate() {
        let row = i + 1;
        let record = match raw_case.check() {
            Ok(record) => record,
            Err(found) => {
                faults.extend(found.iter().map(|e| fault(row, &raw_case.case_number, e)));
                continue;
            }
        };
        let mut refuse = |field: &'static str, code: &'static str, message: String| {
            faults.push(fault(
                row,
                &raw_case.case_number,
                &DomainError::invalid(field, code, message),
            ));
        };
        let number = record.case_number.to_string();
        if !seen.insert(number.clone()) {
            refuse(
                "case_number",
                "duplicate_case",
                format!("案号 {number} 在文件中重复"),
            );
            continue;
        }
        let Some(&court_id) = courts.get(&record.court_code) else {
            refuse(
                "court_code",
                "unknown_court",
                format!("法院代字“{}”不存在", record.court_code),
            );
            continue;
        };
        let department_id = match &record.department {
            None => None,
            Some(name) => match departments.get(&(court_id, name.clone())) {
                Some(&id) => Some(id),
                None => {
                    refuse(
                        "department",
                        "unknown_department",
                        format!("该法院没有部门“{name}”"),
                    );
                    continue;
                }
            },
        };
        let judge_id = match &record.judge_username {
            None => None,
            Some(username) => match staff.get(username) {
                Some(&id) => Some(id),
                None => {
                    refuse(
                        "judge_username",
                        "unknown_user",
                        format!("没有账号为“{username}”的工作人员"),
                    );
                    continue;
                }
            },
        };
        rows.push(case_row(&record, court_id, department_id, judge_id, now));
    }
    let report = ImportReport {
        rows: raw.len(),
        imported: if faults.is_empty() { rows.len() } else { 0 },
        faults,
    };
    if !report.faults.is_empty() || rows.is_empty() {
        return Ok(report);
    }
    let (ctx, at) = (ctx.clone(), app.now());
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                let mut numbers = Vec::with_capacity(rows.len());
                for (case, parties) in &rows {
                    cases::upsert(tx, case, parties).await?;
                    numbers.push(case.case_number.clone());
                }
                let fact = audit::fact(
                    &ctx,
                    at,
                    "cases.import",
                    "case",
                    None,
                    json!({"imported": numbers.len(), "case_numbers": numbers}),
                );
                audit::record(tx, fact).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    Ok(report)
}

fn case_row(
    r: &CaseRecord,
    court_id: i64,
    department_id: Option<i64>,
    judge_id: Option<i64>,
    now: i64,
) -> (CaseRow, Vec<PartyRow>) {
    let key_dates: BTreeMap<&String, String> = r
        .key_dates
        .iter()
        .map(|(k, d)| (k, d.format("%Y-%m-%d").to_string()))
        .collect();
    let case = CaseRow {
        id: 0,
        case_number: r.case_number.to_string(),
        court_id,
        department_id,
        judge_name: r.judge_name.clone(),
        judge_phone: r.judge_phone.as_ref().map(Phone::to_string),
        judge_id,
        clerk_name: r.clerk_name.clone(),
        clerk_phone: r.clerk_phone.as_ref().map(Phone::to_string),
        stage: r.stage.clone(),
        next_hearing: r.next_hearing.map(|t| t.timestamp_millis()),
        key_dates: json!(key_dates).to_string(),
        updated_at: now,
    };
    let parties = r
        .parties
        .iter()
        .map(|Party { name, phone }| PartyRow {
            case_id: 0,
            name: name.clone(),
            phone: phone.as_ref().map(Phone::to_string),
        })
        .collect();
    (case, parties)
}

/// One case of the directory, by number (staff of the hotline).
pub async fn get(app: &App, ctx: &Ctx, number: &str) -> Result<StoredCase, AppError> {
    require(
        ctx,
        HOTLINE_ROLES,
        "只有话务员、群众诉求服务处或管理员可以查看案件目录",
    )?;
    let case = CaseNo::parse(number)?;
    let found = find(app, &case)
        .await?
        .ok_or_else(|| DomainError::not_found("case_not_found", "案件目录中没有该案号"))?;
    audit::record_view(
        app,
        ctx,
        "case.view",
        "case",
        Some(found.case.id),
        json!({"case_number": found.case.case_number}),
    )
    .await?;
    Ok(found)
}

/// The case with this number, if the directory has it (no audit: for the virtual agent).
pub(crate) async fn find(app: &App, case: &CaseNo) -> Result<Option<StoredCase>, AppError> {
    let mut read = app.db().read().await?;
    Ok(cases::by_number(&mut read.conn(), &case.to_string()).await?)
}

/// A page of the directory.
pub async fn list(
    app: &App,
    ctx: &Ctx,
    page: u32,
    per_page: u32,
) -> Result<(Vec<StoredCase>, i64), AppError> {
    require(
        ctx,
        HOTLINE_ROLES,
        "只有话务员、群众诉求服务处或管理员可以查看案件目录",
    )?;
    let (offset, limit) = super::page_bounds(page, per_page)?;
    let mut read = app.db().read().await?;
    Ok(cases::list(&mut read.conn(), offset, limit).await?)
}
