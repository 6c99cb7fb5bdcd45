//! 热线日报 the daily hotline figures, counted in the database.

use crate::args::Statement;
use crate::{Arg, Conn, Result};

/// One day's call figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct CallDay {
    pub day: String,
    pub offered: i64,
    pub answered: i64,
    pub by_assistant: i64,
    pub settled_by_assistant: i64,
    pub by_agent: i64,
    pub abandoned: i64,
    pub repeat_callers: i64,
}

/// One day's callback figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct CallbackDay {
    pub day: String,
    pub callbacks: i64,
    pub called_back_in_time: i64,
}

fn range(from: &str, to: &str, court: Option<i64>) -> Statement {
    let mut w = Statement::new(" WHERE day >= ");
    w.bind(Arg::Text(from.to_string()))
        .push(" AND day <= ")
        .bind(Arg::Text(to.to_string()));
    if let Some(court) = court {
        w.push(" AND court_id = ").bind(Arg::Int(court));
    }
    w
}

/// Calls per day from `from` to `to` (`YYYY-MM-DD`, inclusive), of one court or all.
pub async fn calls_per_day(
    conn: &mut Conn<'_>,
    from: &str,
    to: &str,
    court: Option<i64>,
) -> Result<Vec<CallDay>> {
    let w = range(from, to, court);
    let sql = format!(
        "SELECT day, COUNT(*) AS offered, \
         SUM(CASE WHEN assistant_at IS NOT NULL OR agent_at IS NOT NULL THEN 1 ELSE 0 END) AS answered, \
         SUM(CASE WHEN assistant_at IS NOT NULL THEN 1 ELSE 0 END) AS by_assistant, \
         SUM(CASE WHEN assistant_at IS NOT NULL AND agent_at IS NULL \
             AND (assistant_outcome IS NULL OR assistant_outcome <> 'handover') THEN 1 ELSE 0 END) AS settled_by_assistant, \
         SUM(CASE WHEN agent_at IS NOT NULL THEN 1 ELSE 0 END) AS by_agent, \
         SUM(CASE WHEN assistant_at IS NULL AND agent_at IS NULL \
             AND (abandoned_at IS NOT NULL OR ended_at IS NOT NULL) THEN 1 ELSE 0 END) AS abandoned, \
         COUNT(DISTINCT CASE WHEN is_repeat THEN caller END) AS repeat_callers \
         FROM calls{} GROUP BY day ORDER BY day",
        w.sql
    );
    Ok(on!(conn, c => {
        let q = sqlx::query_as::<_, CallDay>(sqlx::AssertSqlSafe(sql));
        bind_args!(q, w.args).fetch_all(c).await
    })?)
}

/// Callback tasks per day of the missed call, and how many were called back (or got
/// through themselves) before the deadline.
pub async fn callbacks_per_day(
    conn: &mut Conn<'_>,
    from: &str,
    to: &str,
    court: Option<i64>,
) -> Result<Vec<CallbackDay>> {
    let w = range(from, to, court);
    let sql = format!(
        "SELECT day, COUNT(*) AS callbacks, \
         SUM(CASE WHEN (first_attempt_at IS NOT NULL AND first_attempt_at <= due_at) \
             OR (status = 'auto_closed' AND closed_at <= due_at) THEN 1 ELSE 0 END) AS called_back_in_time \
         FROM callback_tasks{} GROUP BY day ORDER BY day",
        w.sql
    );
    Ok(on!(conn, c => {
        let q = sqlx::query_as::<_, CallbackDay>(sqlx::AssertSqlSafe(sql));
        bind_args!(q, w.args).fetch_all(c).await
    })?)
}

/// Hotline orders registered in `[from_ms, to_ms)`: `(registered_at, answered_on_spot, dispatched)`.
pub async fn hotline_orders(
    conn: &mut Conn<'_>,
    from_ms: i64,
    to_ms: i64,
    court: Option<i64>,
) -> Result<Vec<(i64, bool, bool)>> {
    let mut s = Statement::new(
        "SELECT registered_at, answered_on_spot, dispatched_at IS NOT NULL FROM orders \
         WHERE channel = 'hotline' AND registered_at >= ",
    );
    s.bind(Arg::Int(from_ms))
        .push(" AND registered_at < ")
        .bind(Arg::Int(to_ms));
    if let Some(court) = court {
        s.push(" AND court_id = ").bind(Arg::Int(court));
    }
    Ok(on!(conn, c => {
        let q = sqlx::query_as::<_, (i64, bool, bool)>(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_all(c).await
    })?)
}
