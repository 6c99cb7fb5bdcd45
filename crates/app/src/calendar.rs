//! The official calendars shipped with the product (State Council notices), installed into
//! the database for each year that has no days yet, so that administrators can edit them.

use chrono::{Datelike, NaiveDate};
use serde_json::json;
use tongban_domain::DomainError;
use tongban_domain::time::{DayKind, SpecialDay};

use crate::org::require_admin;
use crate::{App, AppError, Ctx, audit};

/// (year, file) of every calendar shipped.
const SHIPPED: &[(i32, &str)] = &[
    (2025, include_str!("../data/calendar/2025.tsv")),
    (2026, include_str!("../data/calendar/2026.tsv")),
];

/// Parses a calendar file: `date<TAB>holiday|workday<TAB>name` per line, `#` comments.
pub fn parse(text: &str) -> Result<Vec<SpecialDay>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(i, line)| {
            let mut parts = line.split('\t');
            let (Some(date), Some(kind), name) = (parts.next(), parts.next(), parts.next()) else {
                return Err(format!("第{}行：应为“日期<TAB>类别<TAB>名称”", i + 1));
            };
            let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                .map_err(|_| format!("第{}行：日期“{date}”无效", i + 1))?;
            let kind = DayKind::from_code(kind.trim())
                .ok_or_else(|| format!("第{}行：类别应为 holiday 或 workday", i + 1))?;
            Ok(SpecialDay {
                date,
                kind,
                name: name.unwrap_or("").trim().to_string(),
            })
        })
        .collect()
}

/// The special days of a year (holidays on weekdays, make-up working days on weekends).
pub async fn year(app: &App, year: i32) -> Result<Vec<SpecialDay>, AppError> {
    let mut read = app.db().read().await?;
    let all = tongban_store::calendar::all(&mut read.conn()).await?;
    Ok(all.into_iter().filter(|d| d.date.year() == year).collect())
}

fn check_year(year: i32) -> Result<(), DomainError> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(DomainError::invalid(
            "year",
            "invalid_year",
            "年份应在2000至2100之间",
        ))
    }
}

/// Replaces a year's special days (an import, or an administrator's correction).
pub async fn replace_year(
    app: &App,
    ctx: &Ctx,
    year: i32,
    days: Vec<SpecialDay>,
) -> Result<usize, AppError> {
    require_admin(ctx)?;
    check_year(year)?;
    if let Some(stray) = days.iter().find(|d| d.date.year() != year) {
        return Err(DomainError::invalid(
            "date",
            "date_outside_year",
            format!("{} 不属于{year}年", stray.date),
        )
        .into());
    }
    let (ctx, now, count) = (ctx.clone(), app.now(), days.len());
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                tongban_store::calendar::replace_year(tx, year, &days).await?;
                let detail = json!({"year": year, "days": days.len()});
                audit::record(
                    tx,
                    audit::fact(
                        &ctx,
                        now,
                        "calendar.import",
                        "calendar",
                        Some(i64::from(year)),
                        detail,
                    ),
                )
                .await
            })
        })
        .await?;
    app.reload_rules().await?;
    Ok(count)
}

/// Makes one day special (holiday or make-up working day), or ordinary again (`None`).
pub async fn set_day(
    app: &App,
    ctx: &Ctx,
    date: NaiveDate,
    kind: Option<DayKind>,
    name: String,
) -> Result<(), AppError> {
    require_admin(ctx)?;
    check_year(date.year())?;
    let (ctx, now) = (ctx.clone(), app.now());
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                tongban_store::calendar::set_day(tx, date, kind, &name).await?;
                let detail = json!({"date": date, "kind": kind.map(DayKind::code), "name": name});
                audit::record(
                    tx,
                    audit::fact(
                        &ctx,
                        now,
                        "calendar.day",
                        "calendar",
                        Some(i64::from(date.year())),
                        detail,
                    ),
                )
                .await
            })
        })
        .await?;
    app.reload_rules().await
}

pub(crate) async fn install_shipped_years(app: &App) -> Result<(), AppError> {
    let known: Vec<SpecialDay> = {
        let mut read = app.db().read().await?;
        tongban_store::calendar::all(&mut read.conn()).await?
    };
    for (year, text) in SHIPPED {
        if known.iter().any(|d| d.date.year() == *year) {
            continue;
        }
        let days = parse(text).expect("shipped calendars parse");
        let year = *year;
        app.writer()
            .write(move |tx| {
                Box::pin(async move {
                    tongban_store::calendar::replace_year(tx, year, &days).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_calendars_parse_and_belong_to_their_year() {
        for (year, text) in SHIPPED {
            let days = parse(text).unwrap();
            assert!(days.len() > 20, "{year}");
            assert!(days.iter().all(|d| d.date.year() == *year));
        }
    }

    #[test]
    fn bad_lines_are_named() {
        assert!(
            parse("2026-13-01\tholiday\tx")
                .unwrap_err()
                .contains("第1行")
        );
        assert!(
            parse("# c\n2026-01-01\tfestival\tx")
                .unwrap_err()
                .contains("第2行")
        );
    }
}
