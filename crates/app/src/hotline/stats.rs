//! 热线日报 the hotline's daily figures over any range, for one court or all.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone, Utc};
use serde::Serialize;
use tongban_domain::DomainError;
use tongban_domain::codes::Role;
use tongban_domain::time::{china, local_date};
use tongban_store::hotline::stats;

use super::require;
use crate::{App, AppError, Ctx};

/// The longest range asked at once.
pub const MAX_DAYS: i64 = 366;

/// One day's figures (or the range's total).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotlineDay {
    /// `YYYY-MM-DD`; for the total, the range `from..to`.
    pub date: String,
    /// 呼入量
    pub offered: i64,
    /// 接通量 (by the virtual agent or an agent)
    pub answered: i64,
    /// 接通率 answered ÷ offered (0 without calls)
    pub answer_rate: f64,
    /// 智能语音接听
    pub answered_by_assistant: i64,
    /// 智能语音办结 answered by the virtual agent, not passed to an agent, not handed over
    pub settled_by_assistant: i64,
    /// 人工接听
    pub answered_by_agent: i64,
    /// 话务员当场答复 hotline orders answered on the spot
    pub settled_by_agents: i64,
    /// 转办承办人 hotline orders dispatched to handlers
    pub transferred_to_handlers: i64,
    /// 放弃 calls that ended unanswered
    pub abandoned: i64,
    /// 回拨任务
    pub callbacks: i64,
    /// 按时回拨 callbacks made (or the caller got through) before the deadline
    pub called_back_in_time: i64,
    /// 重复来电人数 distinct numbers that called again within the repeat window
    pub repeat_callers: i64,
}

impl HotlineDay {
    fn add(&mut self, o: &HotlineDay) {
        self.offered += o.offered;
        self.answered += o.answered;
        self.answered_by_assistant += o.answered_by_assistant;
        self.settled_by_assistant += o.settled_by_assistant;
        self.answered_by_agent += o.answered_by_agent;
        self.settled_by_agents += o.settled_by_agents;
        self.transferred_to_handlers += o.transferred_to_handlers;
        self.abandoned += o.abandoned;
        self.callbacks += o.callbacks;
        self.called_back_in_time += o.called_back_in_time;
        self.repeat_callers += o.repeat_callers;
    }

    fn finish(&mut self) {
        self.answer_rate = if self.offered == 0 {
            0.0
        } else {
            (self.answered as f64 / self.offered as f64 * 10_000.0).round() / 10_000.0
        };
    }
}

/// Every day of the range, and the total.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotlineStats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub court_id: Option<i64>,
    pub days: Vec<HotlineDay>,
    /// The range as a whole (repeat callers summed per day).
    pub total: HotlineDay,
}

const READERS: &[Role] = &[
    Role::Agent,
    Role::ServiceOffice,
    Role::Inspector,
    Role::Leader,
    Role::Admin,
];

/// The figures of each day from `from` to `to` (inclusive, China dates).
pub async fn daily(
    app: &App,
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
    court_id: Option<i64>,
) -> Result<HotlineStats, AppError> {
    require(ctx, READERS, "您的角色无权查看热线统计")?;
    if to < from || (to - from).num_days() >= MAX_DAYS {
        return Err(DomainError::invalid(
            "to",
            "invalid_range",
            format!("结束日期不能早于开始日期，且一次最多统计{MAX_DAYS}天"),
        )
        .into());
    }
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let (from_s, to_s) = (day(from), day(to));
    let start = |d: NaiveDate| {
        china()
            .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
            .single()
            .expect("UTC+8 has no gaps")
            .with_timezone(&Utc)
            .timestamp_millis()
    };
    let end = to.succ_opt().unwrap_or(to);
    let (calls, callbacks, orders) = {
        let mut read = app.db().read().await?;
        let conn = &mut read.conn();
        (
            stats::calls_per_day(conn, &from_s, &to_s, court_id).await?,
            stats::callbacks_per_day(conn, &from_s, &to_s, court_id).await?,
            stats::hotline_orders(conn, start(from), start(end), court_id).await?,
        )
    };
    let mut by_day: HashMap<String, HotlineDay> = HashMap::new();
    for c in calls {
        let d = by_day.entry(c.day.clone()).or_default();
        d.offered = c.offered;
        d.answered = c.answered;
        d.answered_by_assistant = c.by_assistant;
        d.settled_by_assistant = c.settled_by_assistant;
        d.answered_by_agent = c.by_agent;
        d.abandoned = c.abandoned;
        d.repeat_callers = c.repeat_callers;
    }
    for c in callbacks {
        let d = by_day.entry(c.day.clone()).or_default();
        d.callbacks = c.callbacks;
        d.called_back_in_time = c.called_back_in_time;
    }
    for (registered_at, on_spot, dispatched) in orders {
        let Some(at) = chrono::DateTime::from_timestamp_millis(registered_at) else {
            continue;
        };
        let d = by_day.entry(day(local_date(at))).or_default();
        d.settled_by_agents += i64::from(on_spot);
        d.transferred_to_handlers += i64::from(dispatched);
    }
    let mut total = HotlineDay {
        date: format!("{from_s}..{to_s}"),
        ..HotlineDay::default()
    };
    let days = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| {
            let mut figures = by_day.remove(&day(d)).unwrap_or_default();
            figures.date = day(d);
            figures.finish();
            total.add(&figures);
            figures
        })
        .collect();
    total.finish();
    Ok(HotlineStats {
        from,
        to,
        court_id,
        days,
        total,
    })
}
