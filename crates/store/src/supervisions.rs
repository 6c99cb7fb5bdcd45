//! 督办单 supervision orders and the notes written on them.

use chrono::{DateTime, Utc};
use tongban_domain::supervision::{
    NoteKind, Supervision, SupervisionNote, SupervisionReason, SupervisionStatus,
};
use tongban_domain::{CourtId, DepartmentId, OrderId, Scope, UserId};

use crate::args::{Arg, Statement, value_rows};
use crate::claim::{self, Due};
use crate::orders::{corrupt, restrict_to_scope};
use crate::{Backend, Conn, Result, Tx, instant, millis, opt_instant};

const COLUMNS: &str = "id, number, order_id, level, reason, note, status, court_id, department_id, \
     handler_id, notified, parent_id, created_by, created_at, due_at, closed_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    number: String,
    order_id: i64,
    level: i64,
    reason: String,
    note: Option<String>,
    status: String,
    court_id: Option<i64>,
    department_id: Option<i64>,
    handler_id: Option<i64>,
    notified: String,
    parent_id: Option<i64>,
    created_by: Option<i64>,
    created_at: i64,
    due_at: i64,
    closed_at: Option<i64>,
}

impl Row {
    fn into_supervision(self) -> Result<Supervision> {
        let notified: Vec<i64> = serde_json::from_str(&self.notified)
            .map_err(|_| corrupt("notified", &self.notified))?;
        Ok(Supervision {
            id: self.id,
            number: self.number,
            order_id: OrderId(self.order_id),
            level: u8::try_from(self.level)
                .map_err(|_| corrupt("level", &self.level.to_string()))?,
            reason: SupervisionReason::from_code(&self.reason)
                .ok_or_else(|| corrupt("supervision reason", &self.reason))?,
            note: self.note,
            status: SupervisionStatus::from_code(&self.status)
                .ok_or_else(|| corrupt("supervision status", &self.status))?,
            court_id: self.court_id.map(CourtId),
            department_id: self.department_id.map(DepartmentId),
            handler_id: self.handler_id.map(UserId),
            notified: notified.into_iter().map(UserId).collect(),
            parent_id: self.parent_id,
            created_by: self.created_by.map(UserId),
            created_at: instant(self.created_at)?,
            due_at: instant(self.due_at)?,
            closed_at: opt_instant(self.closed_at)?,
        })
    }
}

fn lock(tx: &Tx, clause: &'static str) -> &'static str {
    if tx.backend() == Backend::Postgres {
        clause
    } else {
        ""
    }
}

/// Rows per INSERT statement (15 values each: under SQLite's 32,766 variables).
const ROWS_PER_STATEMENT: usize = 1_000;

/// Stores new supervisions, many rows per statement, skipping each whose order already has
/// one of that level (escalation happens once per level); returns `(order, level, id)` of
/// those stored.
pub async fn insert_many(tx: &mut Tx, new: &[Supervision]) -> Result<Vec<(OrderId, u8, i64)>> {
    let mut stored = Vec::with_capacity(new.len());
    for chunk in new.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO supervisions (number, order_id, level, reason, note, status, court_id, \
             department_id, handler_id, notified, parent_id, created_by, created_at, due_at, closed_at) \
             VALUES {} ON CONFLICT (order_id, level) DO NOTHING RETURNING order_id, level, id",
            value_rows(tx.backend(), chunk.len(), 15)
        );
        let conn = &mut tx.conn();
        let rows: Vec<(i64, i64, i64)> = on!(conn, c => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for s in chunk {
                let notified = serde_json::to_string(&s.notified.iter().map(|u| u.0).collect::<Vec<_>>())
                    .expect("ids serialise");
                q = q.bind(&s.number).bind(s.order_id.0).bind(i64::from(s.level)).bind(s.reason.code())
                    .bind(s.note.as_deref()).bind(s.status.code()).bind(s.court_id.map(|c| c.0))
                    .bind(s.department_id.map(|d| d.0)).bind(s.handler_id.map(|h| h.0)).bind(notified)
                    .bind(s.parent_id).bind(s.created_by.map(|u| u.0)).bind(millis(s.created_at))
                    .bind(millis(s.due_at)).bind(s.closed_at.map(millis));
            }
            q.fetch_all(c).await
        })?;
        for (order, level, id) in rows {
            let level = u8::try_from(level).map_err(|_| corrupt("level", &level.to_string()))?;
            stored.push((OrderId(order), level, id));
        }
    }
    Ok(stored)
}

/// Closes supervisions with `status` at `at` (the escalation of a batch of overdue ones).
pub async fn close_many(
    tx: &mut Tx,
    ids: &[i64],
    status: SupervisionStatus,
    at: DateTime<Utc>,
) -> Result<()> {
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let mut s = Statement::new("UPDATE supervisions SET status = ");
        s.bind(Arg::Text(status.code().into()));
        s.push(", closed_at = ").bind(Arg::Int(millis(at)));
        s.push(" WHERE id IN ").bind_list(chunk.iter().copied());
        s.execute(&mut tx.conn()).await?;
    }
    Ok(())
}

/// Writes a supervision's status, deadline and closing time.
pub async fn update(tx: &mut Tx, s: &Supervision) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "UPDATE supervisions SET status = $1, due_at = $2, closed_at = $3 WHERE id = $4")
        .bind(s.status.code()).bind(millis(s.due_at)).bind(s.closed_at.map(millis)).bind(s.id)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The supervised side follows the order when it is dispatched or reassigned.
pub async fn follow_assignment(
    tx: &mut Tx,
    order: OrderId,
    court: Option<CourtId>,
    department: Option<DepartmentId>,
    handler: Option<UserId>,
) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "UPDATE supervisions SET court_id = $1, department_id = $2, handler_id = $3 \
         WHERE order_id = $4 AND status IN ('open', 'responded')")
        .bind(court.map(|c| c.0)).bind(department.map(|d| d.0)).bind(handler.map(|h| h.0))
        .bind(order.0).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(conn: &mut Conn<'_>, id: i64) -> Result<Option<Supervision>> {
    let row: Option<Row> = on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM supervisions WHERE id = $1"))).bind(id).fetch_optional(c).await)?;
    row.map(Row::into_supervision).transpose()
}

/// One supervision, locked for the transaction on PostgreSQL.
pub async fn get_for_update(tx: &mut Tx, id: i64) -> Result<Option<Supervision>> {
    let lock = lock(tx, " FOR UPDATE");
    let conn = &mut tx.conn();
    let row: Option<Row> = on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM supervisions WHERE id = $1{lock}"))).bind(id).fetch_optional(c).await)?;
    row.map(Row::into_supervision).transpose()
}

/// Open supervisions below the top level whose own deadline passed, oldest first, claimed
/// with their orders for this transaction (see `claim`: a person acting on the order is
/// skipped too).
pub async fn claim_overdue(
    tx: &mut Tx,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Supervision>> {
    let columns: Vec<String> = COLUMNS.split(", ").map(|c| format!("s.{c}")).collect();
    let select = format!(
        "SELECT {} FROM supervisions s JOIN orders o ON o.id = s.order_id",
        columns.join(", ")
    );
    let due = Due {
        select: &select,
        filter: "s.status = 'open' AND s.level < 3",
        due: "s.due_at",
        lock_of: " OF s, o",
    };
    let rows: Vec<Row> = claim::due(tx, due, now, limit).await?;
    rows.into_iter().map(Row::into_supervision).collect()
}

/// Which supervisions to list.
#[derive(Debug, Clone, Default)]
pub struct SupervisionFilter {
    pub order_id: Option<OrderId>,
    pub level: Option<u8>,
    pub status: Option<SupervisionStatus>,
    /// Only open or responded ones.
    pub active: bool,
}

/// A page of supervisions in `scope`, newest first, and how many match.
pub async fn list(
    conn: &mut Conn<'_>,
    scope: &Scope,
    filter: &SupervisionFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Supervision>, i64)> {
    let mut w = Statement::new(" WHERE 1 = 1");
    restrict_to_scope(&mut w, scope);
    if let Some(order) = filter.order_id {
        w.push(" AND order_id = ").bind(Arg::Int(order.0));
    }
    if let Some(level) = filter.level {
        w.push(" AND level = ").bind(Arg::Int(i64::from(level)));
    }
    if let Some(status) = filter.status {
        w.push(" AND status = ")
            .bind(Arg::Text(status.code().into()));
    }
    if filter.active {
        w.push(" AND status IN ('open', 'responded')");
    }
    let total = crate::args::count_matching(conn, "supervisions", &w).await?;
    w.push(" ORDER BY id DESC LIMIT ").bind(Arg::Int(limit));
    w.push(" OFFSET ").bind(Arg::Int(offset));
    let sql = format!("SELECT {COLUMNS} FROM supervisions{}", w.sql);
    let rows: Vec<Row> = on!(conn, c => {
        let q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        bind_args!(q, w.args).fetch_all(c).await
    })?;
    let items = rows
        .into_iter()
        .map(Row::into_supervision)
        .collect::<Result<_>>()?;
    Ok((items, total))
}

/// A note to write on a supervision.
pub struct NewNote<'a> {
    pub supervision_id: i64,
    pub at: DateTime<Utc>,
    pub kind: NoteKind,
    pub actor_id: Option<UserId>,
    pub actor_name: &'a str,
    pub text: &'a str,
}

pub async fn add_note(tx: &mut Tx, n: &NewNote<'_>) -> Result<()> {
    let conn = &mut tx.conn();
    on!(conn, c => sqlx::query(
        "INSERT INTO supervision_notes (supervision_id, at, kind, actor_id, actor_name, text) \
         VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(n.supervision_id).bind(millis(n.at)).bind(n.kind.code())
        .bind(n.actor_id.map(|u| u.0)).bind(n.actor_name).bind(n.text)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A supervision's notes, oldest first.
pub async fn notes(conn: &mut Conn<'_>, supervision: i64) -> Result<Vec<SupervisionNote>> {
    #[derive(sqlx::FromRow)]
    struct NoteRow {
        id: i64,
        at: i64,
        kind: String,
        actor_id: Option<i64>,
        actor_name: String,
        text: String,
    }
    let rows: Vec<NoteRow> = on!(conn, c => sqlx::query_as(
        "SELECT id, at, kind, actor_id, actor_name, text FROM supervision_notes \
         WHERE supervision_id = $1 ORDER BY id")
        .bind(supervision).fetch_all(c).await)?;
    rows.into_iter()
        .map(|r| {
            Ok(SupervisionNote {
                id: r.id,
                at: instant(r.at)?,
                kind: NoteKind::from_code(&r.kind).ok_or_else(|| corrupt("note kind", &r.kind))?,
                actor_id: r.actor_id.map(UserId),
                actor_name: r.actor_name,
                text: r.text,
            })
        })
        .collect()
}

/// The numbers of some orders (for showing supervisions beside their orders).
pub async fn order_numbers(
    conn: &mut Conn<'_>,
    ids: &[OrderId],
) -> Result<std::collections::HashMap<OrderId, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let mut s = Statement::new("SELECT id, number FROM orders WHERE id IN ");
    s.bind_list(ids.iter().map(|o| o.0));
    let rows: Vec<(i64, String)> = on!(conn, c => {
        let q = sqlx::query_as(sqlx::AssertSqlSafe(s.sql));
        bind_args!(q, s.args).fetch_all(c).await
    })?;
    Ok(rows.into_iter().map(|(id, n)| (OrderId(id), n)).collect())
}
