//! The official calendars shipped with the product (State Council notices), installed into
//! the database for each year that has no days yet, so that administrators can edit them.

use chrono::{Datelike, NaiveDate};
use tongban_domain::time::{DayKind, SpecialDay};

use crate::{App, AppError};

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
