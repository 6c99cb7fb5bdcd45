//! 案件目录 the case directory: import (CSV, Excel or JSON, all or nothing) and look-up.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tongban_app::hotline::case_files;
use tongban_app::hotline::cases::{self, ImportReport};
use tongban_app::parse_json;
use tongban_domain::hotline::RawCase;
use utoipa::{IntoParams, ToSchema};

use super::views::CaseView;
use crate::AppState;
use crate::api::extract::{ApiPath, ApiQuery};
use crate::api::views::Page;
use crate::auth::Authed;
use crate::error::{ApiError, ApiResult, ErrorBody, ErrorDetail};

/// Cases sent as JSON.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CaseImport {
    pub cases: Vec<RawCase>,
}

/// A refused import: the error and the report naming every fault.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefusedImport {
    pub error: ErrorDetail,
    pub report: ImportReport,
}

/// Import cases from the court's case system: `text/csv` (UTF-8, a header row with the English
/// field names or their Chinese labels; parties as `张三:13812345678;李四`, key dates as
/// `立案:2026-01-05;开庭:2026-03-01`), an Excel workbook with the same columns on its first
/// sheet (`application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` for .xlsx,
/// `application/vnd.ms-excel` for .xls), or JSON `{"cases": [...]}`. Every row is checked; with
/// any fault nothing is imported and the report names each one (422).
#[utoipa::path(post, path = "/api/v1/cases/import", tag = "hotline", security(("bearer" = [])),
    request_body(content = CaseImport, description = "JSON, the CSV file as text/csv, or the Excel workbook"),
    responses((status = 200, body = ImportReport), (status = 422, body = RefusedImport), (status = 403, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    authed: Authed,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let raw = match FileKind::of(content_type) {
        FileKind::Csv => {
            let text = std::str::from_utf8(&body).map_err(|_| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_csv",
                    "CSV 文件须为 UTF-8 编码",
                )
            })?;
            case_files::parse_csv(text)?
        }
        FileKind::Excel => case_files::parse_excel(&body)?,
        FileKind::Json => {
            let value: serde_json::Value = serde_json::from_slice(&body).map_err(|_| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_json",
                    "请求体不是有效的 JSON",
                )
            })?;
            parse_json::<CaseImport>(value)?.cases
        }
    };
    let report = cases::import(&state.app, &authed.ctx, raw).await?;
    Ok(refused_or_done(report))
}

/// What an import was sent as, by its content type (JSON when nothing else is said).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Csv,
    Excel,
    Json,
}

impl FileKind {
    fn of(content_type: &str) -> Self {
        let essence = content_type.split(';').next().unwrap_or("").trim();
        match essence {
            "text/csv" | "text/plain" => Self::Csv,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            | "application/vnd.ms-excel" => Self::Excel,
            _ => Self::Json,
        }
    }
}

/// 200 with the report, or 422 naming the faults.
pub(crate) fn refused_or_done(report: ImportReport) -> Response {
    if report.faults.is_empty() {
        return (StatusCode::OK, Json(report)).into_response();
    }
    let error = ErrorDetail {
        code: "import_refused".into(),
        message: format!(
            "共{}行，发现{}处错误，未导入任何案件",
            report.rows,
            report.faults.len()
        ),
        field: None,
    };
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(RefusedImport { error, report }),
    )
        .into_response()
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PageQuery {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The case directory, newest first.
#[utoipa::path(get, path = "/api/v1/cases", tag = "hotline", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<CaseView>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    authed: Authed,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<Page<CaseView>>> {
    let (page, per_page) = (q.page.unwrap_or(1), q.per_page.unwrap_or(50));
    let (items, total) = cases::list(&state.app, &authed.ctx, page, per_page).await?;
    Ok(Json(Page {
        items: items.into_iter().map(CaseView::of).collect(),
        total,
        page,
        per_page,
    }))
}

/// One case by its number (URL-encoded, e.g. `%282026%29粤0304民初1234号`).
#[utoipa::path(get, path = "/api/v1/cases/{case_number}", tag = "hotline", security(("bearer" = [])),
    params(("case_number" = String, Path)),
    responses((status = 200, body = CaseView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<Json<CaseView>> {
    let case = cases::get(&state.app, &authed.ctx, &number).await?;
    Ok(Json(CaseView::of(case)))
}
