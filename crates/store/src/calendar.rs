//! The court calendar's special days (holidays on weekdays, make-up working days on weekends).

use chrono::NaiveDate;
use tongban_domain::time::{DayKind, SpecialDay};

use crate::orders::corrupt;
use crate::{Conn, Result, Tx};

/// Every special day known, oldest first.
pub async fn all(conn: &mut Conn<'_>) -> Result<Vec<SpecialDay>> {
    let rows: Vec<(String, String, String)> = on!(conn, c => sqlx::query_as(
        "SELECT day, kind, name FROM calendar_days ORDER BY day").fetch_all(c).await)?;
    rows.into_iter()
        .map(|(day, kind, name)| {
            Ok(SpecialDay {
                date: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                    .map_err(|_| corrupt("day", &day))?,
                kind: DayKind::from_code(&kind).ok_or_else(|| corrupt("day kind", &kind))?,
                name,
            })
        })
        .collect()
}

/// Replaces the special days of `year` with `days`.
pub async fn replace_year(tx: &mut Tx, year: i32, days: &[SpecialDay]) -> Result<()> {
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query("DELETE FROM calendar_days WHERE day >= $1 AND day <= $2")
        .bind(&from).bind(&to).execute(&mut *c).await.map(|r| r.rows_affected()))?;
    for day in days {
        on!(conn, c => sqlx::query("INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)")
            .bind(day.date.format("%Y-%m-%d").to_string()).bind(day.kind.code()).bind(&day.name)
            .execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Makes `date` a special day of `kind`, or an ordinary day again (`None`).
pub async fn set_day(
    tx: &mut Tx,
    date: NaiveDate,
    kind: Option<DayKind>,
    name: &str,
) -> Result<()> {
    let day = date.format("%Y-%m-%d").to_string();
    let conn = &mut tx.conn();
    match kind {
        Some(kind) => on!(conn, c => sqlx::query(
            "INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3) \
             ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name")
            .bind(day).bind(kind.code()).bind(name).execute(c).await.map(|r| r.rows_affected()))?,
        None => on!(conn, c => sqlx::query("DELETE FROM calendar_days WHERE day = $1")
            .bind(day).execute(c).await.map(|r| r.rows_affected()))?,
    };
    Ok(())
}
