//! The case directory from Excel: a real .xlsx made here goes through the same checks and
//! report as the CSV, over the API and through the import page's upload.

use reqwest::StatusCode;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

use crate::on_both_databases;
use crate::pages::browser;
use crate::support::{Backend, TestApp};

on_both_databases!(
    an_excel_workbook_is_imported_all_or_nothing,
    the_import_page_takes_an_excel_upload
);

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// One row of the sheet: text cells, or a party phone typed as a number (as Excel users do).
enum Cell {
    Text(&'static str),
    Number(f64),
    Hearing(u16, u8, u8, u16, u8),
}

/// A workbook whose first sheet has the Chinese header row and these rows.
fn workbook(rows: &[Vec<Cell>]) -> Vec<u8> {
    let header = [
        "案号",
        "法院代字",
        "承办部门",
        "承办法官",
        "法官账号",
        "当事人",
        "审理阶段",
        "下次开庭",
        "关键日期",
        "书记员电话",
    ];
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (col, name) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text("") => {}
                Cell::Text(text) => {
                    sheet.write_string(r, c, *text).unwrap();
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Cell::Hearing(y, m, d, h, min) => {
                    let at = ExcelDateTime::from_ymd(*y, *m, *d)
                        .unwrap()
                        .and_hms(*h, *min, 0)
                        .unwrap();
                    sheet.write_datetime_with_format(r, c, &at, &when).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn good_rows() -> Vec<Vec<Cell>> {
    use Cell::*;
    vec![
        vec![
            Text("(2026)粤03民初1号"),
            Text("粤03"),
            Text("民事审判第一庭"),
            Text("李法官"),
            Text("civil_handler"),
            Text("张三:13812345678;李四"),
            Text("审理中"),
            Hearing(2026, 12, 10, 9, 30),
            Text("立案:2026-03-02"),
            Text(""),
        ],
        vec![
            Text("(2026)粤0304民初2号"),
            Text("粤0304"),
            Text("民事审判庭"),
            Text("赵法官"),
            Text(""),
            Text("王五"),
            Text("已立案"),
            Text(""),
            Text(""),
            Text(""),
        ],
    ]
}

/// The second data row with a bad court, a bad hearing date and a party phone too short.
fn bad_row() -> Vec<Cell> {
    use Cell::*;
    vec![
        Text("(2026)粤03执3号"),
        Text("粤99"),
        Text(""),
        Text(""),
        Text(""),
        Text("钱六"),
        Text("执行中"),
        Text("明天"),
        Text(""),
        Text(""),
    ]
}

async fn import_bytes(app: &TestApp, kind: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/cases/import"))
        .bearer_auth(app.token("admin").await)
        .header("content-type", kind)
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn an_excel_workbook_is_imported_all_or_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut rows = good_rows();
    rows.insert(1, bad_row());
    let (status, refused) = import_bytes(&app, XLSX, workbook(&rows)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["code"], "import_refused");
    assert_eq!(refused["report"]["rows"], 3);
    assert_eq!(refused["report"]["imported"], 0);
    let faults = refused["report"]["faults"].as_array().unwrap();
    assert!(!faults.is_empty());
    assert!(
        faults
            .iter()
            .all(|f| f["row"] == 2 && f["case_number"] == "(2026)粤03执3号"),
        "{faults:?}"
    );
    assert!(
        faults.iter().any(|f| f["field"] == "next_hearing"),
        "{faults:?}"
    );
    let (_, listed) = app.get("agent", "/api/v1/cases").await;
    assert_eq!(listed["total"], 0, "nothing half-imported");

    // Not a workbook at all, though sent as one: refused, nothing stored.
    let (status, e) = import_bytes(&app, XLSX, b"case_number,court_code\n".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["code"], "invalid_excel");

    let (status, report) = import_bytes(&app, XLSX, workbook(&good_rows())).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["imported"], 2);
    let (status, case) = app
        .get(
            "agent",
            "/api/v1/cases/%282026%29%E7%B2%A403%E6%B0%91%E5%88%9D1%E5%8F%B7",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["judge_id"], app.org.user("civil_handler"));
    assert_eq!(case["next_hearing"], "2026-12-10T01:30:00Z", "a date cell");
    assert_eq!(case["parties"][0]["phone"], "13812345678");
    assert_eq!(case["key_dates"]["立案"], "2026-03-02");
    app.stop().await;
}

async fn the_import_page_takes_an_excel_upload(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (office, csrf) = browser(&app, "office").await;
    let page = office.get(app.url("/hotline/cases")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("导入案件"));
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
        office
            .post(app.url("/hotline/cases/import"))
            .multipart(form)
            .send()
    };

    // A phone typed as a number reads as the digits a person sees.
    let mut rows = good_rows();
    rows[1][9] = Cell::Number(13900001111.0);
    let mut bad = good_rows();
    bad.insert(1, bad_row());
    let refused = upload("案件.xlsx", workbook(&bad)).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("未导入任何案件") && html.contains("第 2 行") && html.contains("粤03执3号"),
        "{html}"
    );
    let refused = upload("案件.txt", b"hello".to_vec()).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = upload("案件.xlsx", b"PK\x03\x04 not a workbook".to_vec())
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, listed) = app.get("agent", "/api/v1/cases").await;
    assert_eq!(listed["total"], 0, "nothing imported by refused uploads");

    let done = upload("案件.xlsx", workbook(&rows)).await.unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let html = done.text().await.unwrap();
    assert!(
        html.contains("已导入 2 件案件") && html.contains("(2026)粤0304民初2号"),
        "{html}"
    );
    let (_, case) = app
        .get(
            "agent",
            "/api/v1/cases/%282026%29%E7%B2%A40304%E6%B0%91%E5%88%9D2%E5%8F%B7",
        )
        .await;
    assert_eq!(case["parties"][0]["name"], "王五");
    assert_eq!(case["clerk_phone"], "13900001111");
    app.stop().await;
}
