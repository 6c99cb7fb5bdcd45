//! Reading the court's case list from a file: CSV (UTF-8) or an Excel workbook (.xlsx, .xls;
//! the first sheet). Both become the same raw cases, which the import then checks row by row.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{Data, Reader};
use tongban_domain::DomainError;
use tongban_domain::hotline::{RawCase, parse_parties};

use super::cases::MAX_ROWS;

/// Header names accepted for each field: the English code or the Chinese label.
const COLUMNS: &[(&str, &str)] = &[
    ("case_number", "案号"),
    ("court_code", "法院代字"),
    ("department", "承办部门"),
    ("judge_name", "承办法官"),
    ("judge_phone", "法官电话"),
    ("judge_username", "法官账号"),
    ("clerk_name", "书记员"),
    ("clerk_phone", "书记员电话"),
    ("parties", "当事人"),
    ("stage", "审理阶段"),
    ("next_hearing", "下次开庭"),
    ("key_dates", "关键日期"),
];

/// Parses CSV text (UTF-8, header row, English or Chinese column names) into raw cases.
pub fn parse_csv(text: &str) -> Result<Vec<RawCase>, DomainError> {
    let bad = |m: String| DomainError::invalid("file", "invalid_csv", m);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| bad(format!("无法读取表头：{e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader.records().enumerate().map(|(i, record)| {
        record
            .map(|r| r.iter().map(str::to_string).collect())
            .map_err(|e| bad(format!("第{}行无法读取：{e}", i + 1)))
    });
    read_table(&headers, rows, "invalid_csv")
}

/// Parses an Excel workbook's first sheet (header row first, as in the CSV) into raw cases.
/// Numbers typed as numbers (phones) and cells formatted as dates are read as the text a
/// person sees, so that they pass the same checks as the CSV's.
pub fn parse_excel(bytes: &[u8]) -> Result<Vec<RawCase>, DomainError> {
    let bad = |m: String| DomainError::invalid("file", "invalid_excel", m);
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|_| bad("文件不是有效的 Excel 工作簿（.xlsx 或 .xls）".into()))?;
    let sheet = book
        .worksheet_range_at(0)
        .ok_or_else(|| bad("工作簿中没有工作表".into()))?
        .map_err(|e| bad(format!("无法读取第一张工作表：{e}")))?;
    let mut rows = sheet.rows().map(|row| row.iter().map(cell_text).collect());
    let headers: Vec<String> = rows
        .next()
        .ok_or_else(|| bad("第一张工作表是空的".into()))?;
    // Formatted but empty rows at the end of a sheet are not data rows.
    let mut data: Vec<Vec<String>> = rows.collect();
    while data
        .last()
        .is_some_and(|row| row.iter().all(|c| c.trim().is_empty()))
    {
        data.pop();
    }
    read_table(&headers, data.into_iter().map(Ok), "invalid_excel")
}

/// A cell as text: whole numbers without a decimal point, dates as `YYYY-MM-DD` (with
/// ` HH:MM` when the cell has a time of day).
fn cell_text(cell: &Data) -> String {
    let when = |t: chrono::NaiveDateTime| {
        if t.time() == chrono::NaiveTime::MIN {
            t.format("%Y-%m-%d").to_string()
        } else {
            t.format("%Y-%m-%d %H:%M").to_string()
        }
    };
    match cell {
        Data::DateTime(d) => d.as_datetime().map_or_else(|| cell.to_string(), when),
        Data::DateTimeIso(s) => s
            .parse::<chrono::NaiveDateTime>()
            .map_or_else(|_| s.clone(), when),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Turns a table (header row + data rows) into raw cases; `code` names the file kind in errors.
fn read_table(
    headers: &[String],
    rows: impl Iterator<Item = Result<Vec<String>, DomainError>>,
    code: &'static str,
) -> Result<Vec<RawCase>, DomainError> {
    let bad = |m: String| DomainError::invalid("file", code, m);
    let position: HashMap<&str, usize> = COLUMNS
        .iter()
        .filter_map(|(name, label)| {
            headers
                .iter()
                .position(|h| h.trim() == *name || h.trim() == *label)
                .map(|i| (*name, i))
        })
        .collect();
    for required in ["case_number", "court_code", "parties", "stage"] {
        if !position.contains_key(required) {
            let label = COLUMNS.iter().find(|c| c.0 == required).map_or("", |c| c.1);
            return Err(bad(format!("缺少列 {required}（{label}）")));
        }
    }
    let mut out = Vec::new();
    for record in rows {
        let record = record?;
        let cell = |name: &str| {
            position
                .get(name)
                .and_then(|&p| record.get(p))
                .map(|v| v.trim().to_string())
        };
        let some = |name: &str| cell(name).filter(|v| !v.is_empty());
        let key_dates: BTreeMap<String, String> = cell("key_dates")
            .unwrap_or_default()
            .split([';', '；'])
            .filter_map(|pair| pair.split_once([':', '：']))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        out.push(RawCase {
            case_number: cell("case_number").unwrap_or_default(),
            court_code: cell("court_code").unwrap_or_default(),
            department: some("department"),
            judge_name: some("judge_name"),
            judge_phone: some("judge_phone"),
            judge_username: some("judge_username"),
            clerk_name: some("clerk_name"),
            clerk_phone: some("clerk_phone"),
            parties: parse_parties(&cell("parties").unwrap_or_default()),
            stage: cell("stage").unwrap_or_default(),
            next_hearing: some("next_hearing"),
            key_dates,
        });
        if out.len() > MAX_ROWS {
            return Err(bad(format!("一次最多导入{MAX_ROWS}行")));
        }
    }
    Ok(out)
}
