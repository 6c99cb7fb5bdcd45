//! 时限巡检 the deadline sweep: finds the orders whose warning or deadline came and the
//! supervisions whose own deadline passed, through indexes on those instants, and acts on
//! each exactly once — marks and unique constraints make a repeated or concurrent sweep
//! (another instance on the same PostgreSQL, a restart) do nothing twice.

use chrono::{DateTime, Datelike, Utc};
use serde_json::json;
use tongban_domain::codes::Role;
use tongban_domain::order::{Recipient, WorkOrder};
use tongban_domain::supervision::{
    Phase, Supervision, SupervisionReason, SupervisionStatus, TOP_LEVEL, Watch, watch,
};
use tongban_domain::time::{china, local_date};
use tongban_domain::{OrderId, UserId};
use tongban_store::notifications::{self as inbox, NewNotification};
use tongban_store::org::{self as org, StaffFilter};
use tongban_store::{Tx, orders, supervisions, sweep as store};

use super::open::{Opening, People, open};
use crate::notifications::recipients;
use crate::{App, AppError, Ctx, Rules, audit};

/// Orders (or supervisions) handled per transaction.
const BATCH: usize = 500;

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
                let mut people = People::default();
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
                            let opening = Opening {
                                order,
                                level,
                                reason,
                                note: None,
                                parent_id: None,
                            };
                            if open(tx, &ctx, &rules, opening, &mut people, now)
                                .await?
                                .is_some()
                            {
                                report.opened += 1;
                            }
                        }
                    }
                }
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
    warnings: &[(&WorkOrder, Phase, DateTime<Utc>)],
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let key = |o: &WorkOrder, phase: Phase, due: DateTime<Utc>| {
        format!(
            "warn:{}:{}:{}",
            o.id.0,
            phase.code(),
            due.timestamp_millis()
        )
    };
    let keys: Vec<String> = warnings.iter().map(|(o, p, d)| key(o, *p, *d)).collect();
    let fresh = store::mark_once(tx, &keys, now).await?;
    let mut messages: Vec<(UserId, OrderId, String)> = Vec::new();
    for (order, phase, due) in warnings {
        if !fresh.contains(&key(order, *phase, *due)) {
            continue;
        }
        let holder = match (phase, order.assignment.handler_id) {
            (Phase::Callback, _) | (_, None) => {
                recipients(tx, Recipient::ServiceOffice(order.assignment.court_id)).await?
            }
            (_, Some(handler)) => vec![handler],
        };
        let message = format!(
            "工单 {} 即将超期：{}时限 {}",
            order.number,
            phase.label(),
            due.with_timezone(&china()).format("%m月%d日 %H:%M")
        );
        let order_ref = Some((order.id, order.number.as_str()));
        crate::outbox::enqueue(
            tx,
            rules,
            "deadline_warning",
            order_ref,
            &holder,
            &message,
            now,
        )
        .await?;
        messages.extend(holder.into_iter().map(|u| (u, order.id, message.clone())));
    }
    let rows: Vec<NewNotification> = messages
        .iter()
        .map(|(user, order, message)| NewNotification {
            user_id: *user,
            order_id: Some(*order),
            kind: "deadline_warning",
            message,
            at: now,
        })
        .collect();
    inbox::insert_many(tx, &rows).await?;
    Ok(fresh.len())
}

/// Escalates the supervisions whose own deadline passed without a response: each becomes
/// 已升级 and the next level opens. Returns (escalated, claimed).
async fn overdue_batch(app: &App) -> Result<(usize, usize), AppError> {
    let (now, rules) = (app.now(), app.rules());
    let ctx = Ctx::system();
    Ok(app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let overdue = supervisions::claim_overdue(tx, now, BATCH as i64).await?;
                let mut people = People::default();
                for s in &overdue {
                    escalate(tx, &ctx, &rules, s, &mut people, now).await?;
                }
                Ok::<_, AppError>((overdue.len(), overdue.len()))
            })
        })
        .await?)
}

async fn escalate(
    tx: &mut Tx,
    ctx: &Ctx,
    rules: &Rules,
    s: &Supervision,
    people: &mut People,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut done = s.clone();
    done.status = SupervisionStatus::Escalated;
    done.closed_at = Some(now);
    supervisions::update(tx, &done).await?;
    let order = orders::get(&mut tx.conn(), s.order_id)
        .await?
        .ok_or_else(|| tongban_store::StoreError::Corrupt(format!("supervision {}", s.id)))?;
    let next = (s.level < TOP_LEVEL).then_some(s.level + 1);
    let opened = match next {
        Some(level) if order.status.is_open() => {
            let opening = Opening {
                order: &order,
                level,
                reason: SupervisionReason::Overdue,
                note: Some(format!("督办单 {} 逾期未反馈", s.number)),
                parent_id: Some(s.id),
            };
            open(tx, ctx, rules, opening, people, now).await?
        }
        _ => None,
    };
    let detail =
        json!({"number": s.number, "level": s.level, "next": opened.as_ref().map(|o| o.id)});
    audit::record(
        tx,
        audit::fact(
            ctx,
            now,
            "supervision.escalated",
            "supervision",
            Some(s.id),
            detail,
        ),
    )
    .await?;
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
