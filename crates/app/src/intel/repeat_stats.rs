//! 重复件统计 the count of repeated appeals per period (day, week or month, China time), by the
//! strongest reason, with the rule of repeat detection ([`super::repeats`]): an order repeats
//! an earlier one (registered at most 90 days before it, in any scope) with the same ID
//! number, phone or case number, or near-identical content. Orders staff linked or merged to
//! an earlier one (关联件) are counted beside.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;
use tongban_domain::time::local_date;
use tongban_domain::{DomainError, Scope};
use tongban_store::repeats::{self, PeriodOrder};
use tongban_store::{Conn, millis};
use tongban_text::SimHash;

use super::repeats::{MIN_CONTENT_SIMILARITY, WINDOW_DAYS};
use crate::{App, AppError, Ctx};

/// The most orders of a period counted (newest first).
pub const MAX_ORDERS: i64 = 20_000;
/// Orders whose content neighbours are read per statement.
const IDS_PER_STATEMENT: usize = 500;

/// How a period is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Bucket {
    Day,
    Week,
    Month,
}

impl Bucket {
    pub fn parse(code: &str) -> Result<Bucket, DomainError> {
        match code {
            "day" => Ok(Bucket::Day),
            "week" => Ok(Bucket::Week),
            "month" => Ok(Bucket::Month),
            _ => Err(DomainError::invalid(
                "by",
                "invalid_bucket",
                "统计周期应为 day、week 或 month",
            )),
        }
    }

    /// The first day (China time) of the bucket holding `day`.
    fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Bucket::Day => day,
            Bucket::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            Bucket::Month => day.with_day(1).expect("every month has a first day"),
        }
    }
}

/// Repeats of one bucket, each counted once under its strongest reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepeatCount {
    /// The bucket's first day (China time).
    pub start: String,
    /// Orders registered.
    pub orders: usize,
    /// Orders that repeat an earlier one.
    pub repeats: usize,
    pub same_id_number: usize,
    pub same_phone: usize,
    pub same_case_number: usize,
    pub similar_content: usize,
    /// Linked or merged by staff to an earlier order.
    pub linked: usize,
}

/// The repeat counts of the orders in the reader's scope registered in `[from, to)`, one per
/// bucket holding orders, oldest first, and the whole period's.
pub async fn repeat_stats(
    app: &App,
    ctx: &Ctx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    by: Bucket,
) -> Result<(Vec<RepeatCount>, RepeatCount), AppError> {
    if to <= from || to - from > Duration::days(366) {
        return Err(DomainError::invalid(
            "to",
            "invalid_period",
            "统计期间应在一年以内且结束晚于开始",
        )
        .into());
    }
    app.intel().indexer().sync(app).await?;
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let window = Duration::days(WINDOW_DAYS).num_milliseconds();
    let orders = repeats::period_orders(
        conn,
        &ctx.actor.scope(),
        (millis(from), millis(to)),
        window,
        MAX_ORDERS,
    )
    .await?;
    let unexplained: Vec<i64> = orders
        .iter()
        .filter(|o| !(o.same_id_number || o.same_phone || o.same_case_number))
        .map(|o| o.id)
        .collect();
    let similar = similar_content(conn, &unexplained, window).await?;
    let mut buckets: HashMap<NaiveDate, RepeatCount> = HashMap::new();
    let mut total = RepeatCount {
        start: local_date(from).to_string(),
        ..RepeatCount::default()
    };
    for order in &orders {
        let at = tongban_store::instant(order.registered_at)?;
        let start = by.start(local_date(at));
        let bucket = buckets.entry(start).or_insert_with(|| RepeatCount {
            start: start.to_string(),
            ..RepeatCount::default()
        });
        for count in [bucket, &mut total] {
            tally(count, order, similar.contains(&order.id));
        }
    }
    let mut items: Vec<RepeatCount> = buckets.into_values().collect();
    items.sort_by(|a, b| a.start.cmp(&b.start));
    Ok((items, total))
}

fn tally(count: &mut RepeatCount, order: &PeriodOrder, similar: bool) {
    count.orders += 1;
    count.linked += usize::from(order.linked);
    let reason = if order.same_id_number {
        &mut count.same_id_number
    } else if order.same_phone {
        &mut count.same_phone
    } else if order.same_case_number {
        &mut count.same_case_number
    } else if similar {
        &mut count.similar_content
    } else {
        return;
    };
    *reason += 1;
    count.repeats += 1;
}

/// Those of `ids` whose content is near-identical to an earlier order's: a shared SimHash
/// band, at most 16 bits apart, then a bigram Jaccard similarity of at least 0.5.
async fn similar_content(
    conn: &mut Conn<'_>,
    ids: &[i64],
    window: i64,
) -> Result<HashSet<i64>, AppError> {
    let mut pairs = Vec::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        pairs.extend(
            repeats::band_neighbours(conn, chunk, window)
                .await?
                .into_iter()
                .filter(|(_, a, _, b)| SimHash(*a as u64).distance(SimHash(*b as u64)) <= 16)
                .map(|(order, _, earlier, _)| (order, earlier)),
        );
    }
    let wanted: HashSet<i64> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
    let wanted: Vec<i64> = wanted.into_iter().collect();
    let everywhere = Scope {
        all_courts: true,
        ..Scope::default()
    };
    let mut content: HashMap<i64, String> = HashMap::new();
    for chunk in wanted.chunks(IDS_PER_STATEMENT) {
        for o in repeats::by_ids(conn, &everywhere, chunk).await? {
            content.insert(o.id, o.content);
        }
    }
    Ok(pairs
        .into_iter()
        .filter(|(a, b)| match (content.get(a), content.get(b)) {
            (Some(a), Some(b)) => tongban_text::similarity(a, b) >= MIN_CONTENT_SIMILARITY,
            _ => false,
        })
        .map(|(order, _)| order)
        .collect())
}
