//! 案件目录 the case directory and the parties of each case.

use crate::args::value_rows;
use crate::{Conn, Result, Tx};

/// A case as stored; names are resolved to ids by the caller.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub case_number: String,
    pub court_id: i64,
    pub department_id: Option<i64>,
    pub judge_name: Option<String>,
    pub judge_phone: Option<String>,
    pub judge_id: Option<i64>,
    pub clerk_name: Option<String>,
    pub clerk_phone: Option<String>,
    pub stage: String,
    pub next_hearing: Option<i64>,
    /// JSON object: date name → `YYYY-MM-DD`.
    pub key_dates: String,
    pub updated_at: i64,
}

/// A party: name and phone.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PartyRow {
    pub case_id: i64,
    pub name: String,
    pub phone: Option<String>,
}

const COLUMNS: &str = "id, case_number, court_id, department_id, judge_name, judge_phone, judge_id, \
    clerk_name, clerk_phone, stage, next_hearing, key_dates, updated_at";

/// Inserts the case or replaces the one with its number, with its parties; returns its id.
pub async fn upsert(tx: &mut Tx, case: &CaseRow, parties: &[PartyRow]) -> Result<i64> {
    let conn = &mut tx.conn();
    let id: i64 = on!(conn, c => sqlx::query_scalar(
        "INSERT INTO cases (case_number, court_id, department_id, judge_name, judge_phone, judge_id, \
         clerk_name, clerk_phone, stage, next_hearing, key_dates, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (case_number) DO UPDATE SET court_id = excluded.court_id, \
         department_id = excluded.department_id, judge_name = excluded.judge_name, \
         judge_phone = excluded.judge_phone, judge_id = excluded.judge_id, clerk_name = excluded.clerk_name, \
         clerk_phone = excluded.clerk_phone, stage = excluded.stage, next_hearing = excluded.next_hearing, \
         key_dates = excluded.key_dates, updated_at = excluded.updated_at RETURNING id")
        .bind(&case.case_number).bind(case.court_id).bind(case.department_id).bind(case.judge_name.as_deref())
        .bind(case.judge_phone.as_deref()).bind(case.judge_id).bind(case.clerk_name.as_deref())
        .bind(case.clerk_phone.as_deref()).bind(&case.stage).bind(case.next_hearing).bind(&case.key_dates)
        .bind(case.updated_at).fetch_one(&mut *c).await)?;
    on!(conn, c => sqlx::query("DELETE FROM case_parties WHERE case_id = $1")
        .bind(id).execute(&mut *c).await.map(|r| r.rows_affected()))?;
    if !parties.is_empty() {
        let sql = format!(
            "INSERT INTO case_parties (case_id, name, phone) VALUES {}",
            value_rows(tx.backend(), parties.len(), 3)
        );
        let conn = &mut tx.conn();
        on!(conn, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for p in parties {
                q = q.bind(id).bind(&p.name).bind(p.phone.as_deref());
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(id)
}

/// A case with its parties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCase {
    pub case: CaseRow,
    pub parties: Vec<PartyRow>,
}

async fn with_parties(conn: &mut Conn<'_>, cases: Vec<CaseRow>) -> Result<Vec<StoredCase>> {
    let mut out = Vec::with_capacity(cases.len());
    for case in cases {
        let parties: Vec<PartyRow> = on!(conn, c => sqlx::query_as(
            "SELECT case_id, name, phone FROM case_parties WHERE case_id = $1")
            .bind(case.id).fetch_all(c).await)?;
        out.push(StoredCase { case, parties });
    }
    Ok(out)
}

/// The case with this (canonical) number.
pub async fn by_number(conn: &mut Conn<'_>, number: &str) -> Result<Option<StoredCase>> {
    let case: Option<CaseRow> = on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM cases WHERE case_number = $1")))
        .bind(number).fetch_optional(&mut *c).await)?;
    Ok(with_parties(conn, case.into_iter().collect())
        .await?
        .into_iter()
        .next())
}

/// The cases in which this phone belongs to a party, newest first.
pub async fn of_party_phone(
    conn: &mut Conn<'_>,
    phone: &str,
    limit: i64,
) -> Result<Vec<StoredCase>> {
    let cases: Vec<CaseRow> = on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM cases WHERE id IN (SELECT case_id FROM case_parties WHERE phone = $1) \
         ORDER BY updated_at DESC, id DESC LIMIT $2")))
        .bind(phone).bind(limit).fetch_all(&mut *c).await)?;
    with_parties(conn, cases).await
}

/// A page of the directory (newest first) and how many cases it holds.
pub async fn list(conn: &mut Conn<'_>, offset: i64, limit: i64) -> Result<(Vec<StoredCase>, i64)> {
    let total: i64 = on!(conn, c => sqlx::query_scalar("SELECT COUNT(*) FROM cases")
        .fetch_one(&mut *c).await)?;
    let cases: Vec<CaseRow> = on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM cases ORDER BY updated_at DESC, id DESC LIMIT $1 OFFSET $2")))
        .bind(limit).bind(offset).fetch_all(&mut *c).await)?;
    Ok((with_parties(conn, cases).await?, total))
}
