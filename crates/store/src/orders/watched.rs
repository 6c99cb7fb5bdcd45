//! The sweep's narrow view of orders (`Watched`): the few columns its rules need, so claiming
//! thousands of due orders neither reads nor decodes their text.

use tongban_domain::OrderId;
use tongban_domain::codes::Urgency;
use tongban_domain::order::Status;
use tongban_domain::supervision::Watched;

use super::corrupt;
use super::row::{assignment, deadlines};
use crate::args::Statement;
use crate::{Conn, Result, opt_instant};

/// The columns of a `WatchedRow`, for SELECT.
pub(crate) const WATCHED_COLUMNS: &str = "id, number, status, urgency, court_id, \
    department_id, handler_id, deadline_started_at, accept_by, reply_by, callback_by, warn_by, \
    replied_at, suspended_since, supervision_level, version";

#[derive(sqlx::FromRow)]
pub(crate) struct WatchedRow {
    id: i64,
    number: String,
    status: String,
    urgency: String,
    court_id: Option<i64>,
    department_id: Option<i64>,
    handler_id: Option<i64>,
    deadline_started_at: Option<i64>,
    accept_by: Option<i64>,
    reply_by: Option<i64>,
    callback_by: Option<i64>,
    warn_by: Option<i64>,
    replied_at: Option<i64>,
    suspended_since: Option<i64>,
    supervision_level: i64,
    version: i64,
}

impl WatchedRow {
    pub(crate) fn into_watched(self) -> Result<Watched> {
        Ok(Watched {
            id: OrderId(self.id),
            number: self.number,
            status: Status::from_code(&self.status)
                .ok_or_else(|| corrupt("status", &self.status))?,
            urgency: Urgency::from_code(&self.urgency)
                .ok_or_else(|| corrupt("urgency", &self.urgency))?,
            assignment: assignment(self.court_id, self.department_id, self.handler_id),
            deadlines: deadlines([
                self.deadline_started_at,
                self.accept_by,
                self.reply_by,
                self.callback_by,
                self.warn_by,
            ])?,
            replied_at: opt_instant(self.replied_at)?,
            suspended: self.suspended_since.is_some(),
            supervision_level: u8::try_from(self.supervision_level).unwrap_or(3),
            version: self.version,
        })
    }
}

/// The sweep's view of these orders (those that exist), in no particular order.
pub async fn watched_many(conn: &mut Conn<'_>, ids: &[OrderId]) -> Result<Vec<Watched>> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1_000) {
        let mut s = Statement::new(&format!(
            "SELECT {WATCHED_COLUMNS} FROM orders WHERE id IN "
        ));
        s.bind_list(chunk.iter().map(|o| o.0));
        let rows: Vec<WatchedRow> = on!(conn, c => {
            let q = sqlx::query_as(sqlx::AssertSqlSafe(s.sql));
            bind_args!(q, s.args).fetch_all(&mut *c).await
        })?;
        for row in rows {
            found.push(row.into_watched()?);
        }
    }
    Ok(found)
}
