//! 案件目录 the case directory page: the cases imported so far, and (for administrators and the
//! service office) uploading the court's case list as CSV or Excel, answered with the import's
//! report row by row.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use tongban_app::hotline::case_files;
use tongban_app::hotline::cases::{self, ImportReport, RowFault};
use tongban_domain::codes::Role;
use tongban_domain::hotline::RawCase;

use crate::AppState;
use crate::error::ApiError;
use crate::pages::error::PageResult;
use crate::pages::layout::Layout;
use crate::pages::session::StaffSession;

/// The largest case list a page upload takes: a 50,000-row workbook is a few megabytes.
pub(crate) const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

struct Row {
    case_number: String,
    stage: String,
    judge: String,
    parties: String,
    next_hearing: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "hotline/cases.html")]
struct CasesPage {
    layout: Layout,
    rows: Vec<Row>,
    total: i64,
    may_import: bool,
    faults: Vec<RowFault>,
}

async fn build(state: &AppState, session: &StaffSession) -> PageResult<CasesPage> {
    let (items, total) = cases::list(&state.app, &session.ctx, 1, 100).await?;
    let rows = items
        .into_iter()
        .map(|c| Row {
            case_number: c.case.case_number,
            stage: c.case.stage,
            judge: c.case.judge_name.unwrap_or_default(),
            parties: c
                .parties
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            next_hearing: c
                .case
                .next_hearing
                .and_then(chrono::DateTime::from_timestamp_millis)
                .map(super::local)
                .unwrap_or_default(),
        })
        .collect();
    let actor = &session.ctx.actor;
    Ok(CasesPage {
        layout: Layout::new(state, session, "案件目录", "/hotline/cases").await,
        rows,
        total,
        may_import: actor.has_any(&[Role::Admin, Role::ServiceOffice]),
        faults: Vec::new(),
    })
}

pub async fn page(State(state): State<AppState>, session: StaffSession) -> PageResult {
    Ok(build(&state, &session).await?.into_response())
}

/// The uploaded file is read by its name's extension (.csv, .xlsx, .xls).
pub async fn import(
    State(state): State<AppState>,
    session: StaffSession,
    mut multipart: Multipart,
) -> PageResult {
    let (mut csrf, mut file) = (None, None);
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("_csrf") => csrf = field.text().await.ok(),
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_lowercase();
                let bytes = field.bytes().await.map_err(|_| {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "too_large",
                        "文件超过 20 MB 或上传中断",
                    )
                })?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    if csrf.as_deref() != Some(session.csrf.as_str()) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf_failed",
            "请求缺少有效的防伪令牌，请刷新页面后重试",
        )
        .into());
    }
    let outcome = match file {
        Some((name, bytes)) if !bytes.is_empty() => read(&name, &bytes),
        _ => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_field",
            "请选择要导入的 CSV 或 Excel 文件",
        )),
    };
    let outcome = match outcome {
        Ok(raw) => cases::import(&state.app, &session.ctx, raw)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(ImportReport {
            imported, faults, ..
        }) if faults.is_empty() => {
            let mut page = build(&state, &session).await?;
            page.layout = page.layout.with_notice(format!("已导入 {imported} 件案件"));
            Ok(page.into_response())
        }
        Ok(report) => {
            let mut page = build(&state, &session).await?;
            page.layout = page.layout.with_error(format!(
                "共{}行，发现{}处错误，未导入任何案件",
                report.rows,
                report.faults.len()
            ));
            page.faults = report.faults;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(error) => {
            let mut page = build(&state, &session).await?;
            page.layout = page
                .layout
                .with_error(format!("未导入：{}", error.message()));
            Ok((error.status(), page).into_response())
        }
    }
}

fn read(name: &str, bytes: &[u8]) -> Result<Vec<RawCase>, ApiError> {
    if name.ends_with(".xlsx") || name.ends_with(".xls") {
        return Ok(case_files::parse_excel(bytes)?);
    }
    if name.ends_with(".csv") {
        let text = std::str::from_utf8(bytes).map_err(|_| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_csv",
                "CSV 文件须为 UTF-8 编码",
            )
        })?;
        return Ok(case_files::parse_csv(text)?);
    }
    Err(ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "unsupported_file",
        "只能导入 .csv、.xlsx 或 .xls 文件",
    ))
}
