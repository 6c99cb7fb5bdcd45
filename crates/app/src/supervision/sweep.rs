//! 时限巡检 the deadline sweep: finds the orders whose warning or deadline came and the
//! supervisions whose own deadline passed, through indexes on those instants, and acts on
//! each exactly once — marks and unique constraints make a repeated or concurrent sweep
//! (another instance on the same PostgreSQL, a restart) do nothing twice.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, Datelike, Utc};
use serde_json::json;
use tongban_domain::codes::Role;
use tongban_domain::order::Recipient;
use tongban_domain::supervision::{
    Phase, Supervision, SupervisionReason, SupervisionStatus, TOP_LEVEL, Watch, Watched, watch,
};
use tongban_domain::time::{china, local_date};
use tongban_domain::{CourtId, OrderId, UserId};
use tongban_store::notifications::{self as inbox, NewNotification};
use tongban_store::org::{self as org, StaffFilter};
use tongban_store::{Tx, orders, supervisions, sweep as store};

use super::open::{Opening, People, open_many};
use crate::notifications::recipients;
use crate::outbox::{Outbound, enqueue_many};
use crate::{App, AppError, Ctx, Rules, audit};

/// Orders (or supervisions) handled per transaction: each commit costs (an fsync on SQLite),
/// and a batch holds the writer, so people's writes wait up to one batch (80–290 ms full).
const BATCH: usize = 2_000;

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Orders whose watch instant came.
    pub looked_at: usize,
    /// 即将超期 warnings sent.
    pub warned: usize,
    /// Supervisions opened for late orders.
    pub opened: usize,
    /// Supervisions escalated because their own deadline passed.
    pub escalated: usize,
    /// Messages the outbound channel took.
    pub delivered: usize,
}

impl std::ops::AddAssign for SweepReport {
    fn add_assign(&mut self, o: SweepReport) {
        self.looked_at += o.looked_at;
        self.warned += o.warned;
        self.opened += o.opened;
        self.escalated += o.escalated;
        self.delivered += o.delivered;
    }
}

/// Runs one sweep to the end: everything due at the current instant is handled.
pub async fn sweep(app: &App) -> Result<SweepReport, AppError> {
    let _one_at_a_time = app.sweep_lock().lock().await;
    let mut report = SweepReport::default();
    loop {
        let batch = orders_batch(app).await?;
        report += batch;
        if batch.looked_at < BATCH {
            break;
        }
    }
    loop {
        let escalated = overdue_batch(app).await?;
        report.escalated += escalated.0;
        if escalated.1 < BATCH {
            break;
        }
    }
    calendar_reminder(app).await?;
    report.delivered = crate::outbox::deliver_due(app).await?;
    Ok(report)
}

async fn orders_batch(app: &App) -> Result<SweepReport, AppError> {
    let (now, rules) = (app.now(), app.rules());
    let ctx = Ctx::system();
    Ok(app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let due = store::claim_due_orders(tx, now, BATCH as i64).await?;
                let mut report = SweepReport {
                    looked_at: due.len(),
                    ..SweepReport::default()
                };
                let mut next = Vec::with_capacity(due.len());
                let mut openings = Vec::new();
                let mut warnings = Vec::new();
                for order in &due {
                    match watch(order, now) {
                        Watch::Idle => next.push((order.id, None)),
                        Watch::Later(at) => next.push((order.id, Some(at))),
                        Watch::Warn { phase, due } => {
                            next.push((order.id, Some(due)));
                            warnings.push((order, phase, due));
                        }
                        Watch::Late { phase, level } => {
                            next.push((order.id, None));
                            let reason = match phase {
                                Phase::Accept => SupervisionReason::LateAccept,
                                Phase::Reply => SupervisionReason::LateReply,
                                Phase::Callback => SupervisionReason::LateCallback,
                            };
                            openings.push(Opening {
                                order,
                                level,
                                reason,
                                note: None,
                                parent_id: None,
                            });
                        }
                    }
                }
                let mut people = People::default();
                report.opened = open_many(tx, &ctx, &rules, openings, &mut people, now)
                    .await?
                    .len();
                store::set_watch(tx, &next).await?;
                report.warned = warn(tx, &rules, &warnings, now).await?;
                Ok::<_, AppError>(report)
            })
        })
        .await?)
}

/// Sends each 即将超期 warning once: to the handler, or the service office while nobody
/// holds the order (and for the callback, which is the service office's step).
async fn warn(
    tx: &mut Tx,
    rules: &Rules,
    warnings: &[(&Watched, Phase, DateTime<Utc>)],
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let key = |o: &Watched, phase: Phase, due: DateTime<Utc>| {
        format!(
            "warn:{}:{}:{}",
            o.id.0,
            phase.code(),
            due.timestamp_millis()
        )
    };
    let keys: Vec<String> = warnings.iter().map(|(o, p, d)| key(o, *p, *d)).collect();
    let fresh = store::mark_once(tx, &keys, now).await?;
    let mut offices: HashMap<Option<CourtId>, Vec<UserId>> = HashMap::new();
    let mut messages: Vec<(&Watched, Vec<UserId>, String)> = Vec::new();
    for (order, phase, due) in warnings {
        if !fresh.contains(&key(order, *phase, *due)) {
            continue;
        }
        let holder = match (phase, order.assignment.handler_id) {
            (Phase::Callback, _) | (_, None) => {
                let court = order.assignment.court_id;
                if let Entry::Vacant(slot) = offices.entry(court) {
                    slot.insert(recipients(tx, Recipient::ServiceOffice(court)).await?);
                }
                offices[&court].clone()
            }
            (_, Some(handler)) => vec![handler],
        };
        let message = format!(
            "工单 {} 即将超期：{}时限 {}",
            order.number,
            phase.label(),
            due.with_timezone(&china()).format("%m月%d日 %H:%M")
        );
        messages.push((order, holder, message));
    }
    let outbound: Vec<Outbound> = messages
        .iter()
        .map(|(order, users, message)| Outbound {
            kind: "deadline_warning",
            order: Some((order.id, order.number.as_str())),
            users,
            message,
        })
        .collect();
    enqueue_many(tx, rules, &outbound, now).await?;
    let rows: Vec<NewNotification> = messages
        .iter()
        .flat_map(|(order, users, message)| {
            users.iter().map(|user| NewNotification {
                user_id: *user,
                order_id: Some(order.id),
                kind: "deadline_warning",
                message,
                at: now,
            })
        })
        .collect();
    inbox::insert_many(tx, &rows).await?;
    Ok(fresh.len())
}

/// Escalates the supervisions whose own deadline passed without a response: each becomes
/// 已升级 and the next level opens, the whole batch with a few statements. Returns
/// (escalated, claimed).
async fn overdue_batch(app: &App) -> Result<(usize, usize), AppError> {
    let (now, rules) = (app.now(), app.rules());
    let ctx = Ctx::system();
    Ok(app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let overdue = supervisions::claim_overdue(tx, now, BATCH as i64).await?;
                escalate(tx, &ctx, &rules, &overdue, now).await?;
                Ok::<_, AppError>((overdue.len(), overdue.len()))
            })
        })
        .await?)
}

async fn escalate(
    tx: &mut Tx,
    ctx: &Ctx,
    rules: &Rules,
    overdue: &[Supervision],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if overdue.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = overdue.iter().map(|s| s.id).collect();
    supervisions::close_many(tx, &ids, SupervisionStatus::Escalated, now).await?;
    let order_ids: Vec<OrderId> = overdue.iter().map(|s| s.order_id).collect();
    let orders: HashMap<OrderId, Watched> = orders::watched_many(&mut tx.conn(), &order_ids)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut openings = Vec::new();
    for s in overdue {
        let order = orders
            .get(&s.order_id)
            .ok_or_else(|| tongban_store::StoreError::Corrupt(format!("supervision {}", s.id)))?;
        if s.level < TOP_LEVEL && order.status.is_open() {
            openings.push(Opening {
                order,
                level: s.level + 1,
                reason: SupervisionReason::Overdue,
                note: Some(format!("督办单 {} 逾期未反馈", s.number)),
                parent_id: Some(s.id),
            });
        }
    }
    let mut people = People::default();
    let opened = open_many(tx, ctx, rules, openings, &mut people, now).await?;
    let next: HashMap<i64, i64> = opened
        .iter()
        .filter_map(|o| o.parent_id.map(|parent| (parent, o.id)))
        .collect();
    let facts = overdue
        .iter()
        .map(|s| {
            let detail = json!({"number": s.number, "level": s.level, "next": next.get(&s.id)});
            audit::fact(
                ctx,
                now,
                "supervision.escalated",
                "supervision",
                Some(s.id),
                detail,
            )
        })
        .collect();
    tongban_store::audit::append_many(tx, facts).await?;
    Ok(())
}

/// From 1 December, tells the administrators once a day while next year's calendar is missing.
async fn calendar_reminder(app: &App) -> Result<(), AppError> {
    let (now, rules) = (app.now(), app.rules());
    let today = local_date(now);
    let next_year = today.year() + 1;
    if today.month() != 12 || rules.calendar.knows_year(next_year) {
        return Ok(());
    }
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                let key = format!("calendar_missing:{today}");
                if store::mark_once(tx, &[key], now).await?.is_empty() {
                    return Ok::<_, AppError>(());
                }
                let filter = StaffFilter {
                    role: Some(Role::Admin),
                    active: Some(true),
                    ..StaffFilter::default()
                };
                let admins = org::staff(&mut tx.conn(), &filter).await?;
                let message = format!(
                    "{next_year}年的法院工作日历尚未导入，请导入国务院办公厅公布的节假日安排，否则{next_year}年的时限将只按周末计算"
                );
                let rows: Vec<NewNotification> = admins
                    .iter()
                    .map(|a| NewNotification {
                        user_id: a.id,
                        order_id: None,
                        kind: "calendar_missing",
                        message: &message,
                        at: now,
                    })
                    .collect();
                inbox::insert_many(tx, &rows).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}
