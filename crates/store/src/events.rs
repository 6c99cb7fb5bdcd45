//! The timeline of each order: one row per event, never changed.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use tongban_domain::order::{EventDraft, EventKind, Status, TimelineEvent};
use tongban_domain::{OrderId, UserId};

use crate::args::value_rows;
use crate::orders::corrupt;
use crate::{Conn, Result, Tx, instant, millis};

/// Who caused an event: a staff member, or the system / a citizen (no user id).
pub struct EventActor<'a> {
    pub id: Option<UserId>,
    pub name: &'a str,
}

/// One event to append.
pub struct NewEvent<'a> {
    pub order_id: OrderId,
    pub at: DateTime<Utc>,
    pub actor: EventActor<'a>,
    pub status_after: Status,
    pub draft: &'a EventDraft,
}

/// Rows per INSERT statement.
const ROWS_PER_STATEMENT: usize = 1_000;

/// Appends events to their orders' timelines, many rows per statement.
pub async fn append_many(tx: &mut Tx, events: &[NewEvent<'_>]) -> Result<()> {
    for chunk in events.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO order_events (order_id, at, kind, actor_id, actor_name, status_after, note, data) VALUES {}",
            value_rows(tx.backend(), chunk.len(), 8)
        );
        let conn = &mut tx.conn();
        on!(conn, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for e in chunk {
                q = q
                    .bind(e.order_id.0)
                    .bind(millis(e.at))
                    .bind(e.draft.kind.code())
                    .bind(e.actor.id.map(|u| u.0))
                    .bind(e.actor.name)
                    .bind(e.status_after.code())
                    .bind(e.draft.note.as_deref())
                    .bind(Value::Object(e.draft.data.clone()).to_string());
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    order_id: i64,
    at: i64,
    kind: String,
    actor_id: Option<i64>,
    actor_name: String,
    status_after: String,
    note: Option<String>,
    data: String,
}

/// An order's timeline, oldest first.
pub async fn of_order(conn: &mut Conn<'_>, order_id: OrderId) -> Result<Vec<TimelineEvent>> {
    let rows = on!(conn, c => sqlx::query_as::<_, EventRow>(
        "SELECT id, order_id, at, kind, actor_id, actor_name, status_after, note, data \
         FROM order_events WHERE order_id = $1 ORDER BY id")
        .bind(order_id.0).fetch_all(c).await)?;
    rows.into_iter()
        .map(|r| {
            let data: Map<String, Value> =
                serde_json::from_str(&r.data).map_err(|_| corrupt("event data", &r.data))?;
            Ok(TimelineEvent {
                id: r.id,
                order_id: OrderId(r.order_id),
                at: instant(r.at)?,
                kind: EventKind::from_code(&r.kind)
                    .ok_or_else(|| corrupt("event kind", &r.kind))?,
                actor_id: r.actor_id.map(UserId),
                actor_name: r.actor_name,
                status_after: Status::from_code(&r.status_after)
                    .ok_or_else(|| corrupt("status", &r.status_after))?,
                note: r.note,
                data,
            })
        })
        .collect()
}

/// How many events an order has (tests use it to check that a refusal wrote nothing).
pub async fn count_of_order(conn: &mut Conn<'_>, order_id: OrderId) -> Result<i64> {
    Ok(
        on!(conn, c => sqlx::query_scalar("SELECT COUNT(*) FROM order_events WHERE order_id = $1")
        .bind(order_id.0).fetch_one(c).await)?,
    )
}
