//! Opening a supervision order (督办单) inside the caller's transaction: its number, who is
//! told, the order's level, the order's timeline and the audit log, all or nothing.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, Utc};
use tongban_domain::order::{EventDraft, EventKind, Recipient, Status};
use tongban_domain::supervision::{
    Supervision, SupervisionReason, SupervisionStatus, Watched, level_label, supervisor_role,
};
use tongban_domain::time::{china, local_date};
use tongban_domain::{CourtId, DepartmentId, OrderId, UserId};
use tongban_store::notifications::{self as inbox, NewNotification};
use tongban_store::org::{self as org, StaffFilter};
use tongban_store::{Tx, counters, supervisions, sweep};

use crate::notifications::{city_court, recipients};
use crate::orders::{ChangedOrder, record_changes};
use crate::outbox::{Outbound, enqueue_many};
use crate::{AppError, Ctx, Rules};

/// What to open.
pub(crate) struct Opening<'a> {
    pub order: &'a Watched,
    pub level: u8,
    pub reason: SupervisionReason,
    pub note: Option<String>,
    /// The lower-level supervision whose lateness opens this one.
    pub parent_id: Option<i64>,
}

/// Opens the supervision unless the order is already supervised at this level or higher;
/// returns it when opened.
pub(crate) async fn open(
    tx: &mut Tx,
    ctx: &Ctx,
    rules: &Rules,
    opening: Opening<'_>,
    people: &mut People,
    now: DateTime<Utc>,
) -> Result<Option<Supervision>, AppError> {
    Ok(open_many(tx, ctx, rules, vec![opening], people, now)
        .await?
        .pop())
}

/// Opens supervisions for a batch of orders with a few statements in all, whatever the
/// batch's size: one reservation of numbers, one multi-row insert (an order already
/// supervised at the level is skipped by its unique key, so each opens once), one update
/// of the orders' levels per level, and the timeline events, audit records and notices
/// written many rows at a time. Returns those opened, in the order given.
pub(crate) async fn open_many(
    tx: &mut Tx,
    ctx: &Ctx,
    rules: &Rules,
    openings: Vec<Opening<'_>>,
    people: &mut People,
    now: DateTime<Utc>,
) -> Result<Vec<Supervision>, AppError> {
    let openings: Vec<Opening> = openings
        .into_iter()
        .filter(|o| o.level > o.order.supervision_level)
        .collect();
    if openings.is_empty() {
        return Ok(Vec::new());
    }
    let day = local_date(now).format("%Y%m%d").to_string();
    let count = openings.len() as i64;
    let first = counters::take(tx, &format!("DB-{day}"), count).await? - count + 1;
    let mut drafts = Vec::with_capacity(openings.len());
    let mut sides = Vec::with_capacity(openings.len());
    for (serial, opening) in (first..).zip(&openings) {
        let order = opening.order;
        let level = opening.level;
        let supervisors = people
            .supervisors(tx, order.assignment.court_id, level)
            .await?;
        // Once replied, the step left is the callback, the service office's own: a
        // supervision then (late callback, its escalation, by hand) supervises the service
        // office, not the handler who replied.
        let office_step = order.status == Status::Replied;
        let supervised = people.supervised(tx, order, office_step).await?;
        let mut notified: Vec<UserId> = supervisors.iter().chain(&supervised).copied().collect();
        notified.sort();
        notified.dedup();
        drafts.push(Supervision {
            id: 0,
            number: format!("DB-{day}-{serial:04}"),
            order_id: order.id,
            level,
            reason: opening.reason,
            note: opening.note.clone(),
            status: SupervisionStatus::Open,
            court_id: order.assignment.court_id,
            department_id: order.assignment.department_id.filter(|_| !office_step),
            handler_id: order.assignment.handler_id.filter(|_| !office_step),
            notified,
            parent_id: opening.parent_id,
            created_by: (!ctx.actor.system).then_some(ctx.actor.user_id),
            created_at: now,
            due_at: rules.supervision.due(level, now, &rules.calendar),
            closed_at: None,
        });
        sides.push((supervisors, supervised));
    }
    let mut stored: HashMap<(OrderId, u8), i64> = supervisions::insert_many(tx, &drafts)
        .await?
        .into_iter()
        .map(|(order, level, id)| ((order, level), id))
        .collect();
    let mut opened = Vec::new();
    for ((mut s, side), opening) in drafts.into_iter().zip(sides).zip(&openings) {
        if let Some(id) = stored.remove(&(s.order_id, s.level)) {
            s.id = id;
            opened.push((s, side, opening.order));
        }
    }
    let raised: Vec<(OrderId, u8)> = opened.iter().map(|(s, ..)| (s.order_id, s.level)).collect();
    sweep::raise_levels(tx, &raised, now).await?;
    let changes: Vec<(ChangedOrder, EventDraft)> = opened
        .iter()
        .map(|(s, _, order)| {
            let after = ChangedOrder {
                id: order.id,
                number: &order.number,
                status: order.status,
                version: order.version + 1,
            };
            let event = EventDraft::new(EventKind::Supervised, s.note.clone())
                .with("supervision_id", s.id)
                .with("number", s.number.clone())
                .with("level", s.level)
                .with("reason", s.reason.code())
                .with("due_at", s.due_at.to_rfc3339());
            (after, event)
        })
        .collect();
    let changes: Vec<(&ChangedOrder, &EventDraft)> = changes.iter().map(|(o, e)| (o, e)).collect();
    record_changes(tx, ctx, &changes, now).await?;
    tell(tx, rules, &opened, now).await?;
    Ok(opened.into_iter().map(|(s, ..)| s).collect())
}

/// Who supervises and who is supervised, looked up once per sweep batch (a batch may open
/// hundreds of supervisions in the same few courts and departments).
#[derive(Default)]
pub(crate) struct People {
    city: Option<CourtId>,
    offices: HashMap<(CourtId, u8), Vec<UserId>>,
    heads: HashMap<DepartmentId, Vec<UserId>>,
    service: HashMap<Option<CourtId>, Vec<UserId>>,
}

impl People {
    async fn city(&mut self, tx: &mut Tx) -> Result<CourtId, AppError> {
        if let Some(city) = self.city {
            return Ok(city);
        }
        let city = city_court(tx).await?;
        self.city = Some(city);
        Ok(city)
    }

    /// The office that supervises at `level` in the order's court, or the city court's.
    async fn supervisors(
        &mut self,
        tx: &mut Tx,
        court: Option<CourtId>,
        level: u8,
    ) -> Result<Vec<UserId>, AppError> {
        let city = self.city(tx).await?;
        let court = court.unwrap_or(city);
        if let Some(found) = self.offices.get(&(court, level)) {
            return Ok(found.clone());
        }
        let mut found = Vec::new();
        for court in [court, city] {
            let filter = StaffFilter {
                role: Some(supervisor_role(level)),
                court_id: Some(court),
                active: Some(true),
                ..StaffFilter::default()
            };
            found = org::staff(&mut tx.conn(), &filter)
                .await?
                .into_iter()
                .map(|s| s.id)
                .collect();
            if !found.is_empty() {
                break;
            }
        }
        self.offices.insert((court, level), found.clone());
        Ok(found)
    }

    /// The handler and the heads of the department holding the order; the service office
    /// when nobody holds it yet, or when the late step is its own (`office_step`).
    async fn supervised(
        &mut self,
        tx: &mut Tx,
        order: &Watched,
        office_step: bool,
    ) -> Result<Vec<UserId>, AppError> {
        let held = order.assignment.handler_id.filter(|_| !office_step);
        let mut side: Vec<UserId> = held.into_iter().collect();
        if let Some(department) = order.assignment.department_id.filter(|_| !office_step) {
            if let Entry::Vacant(slot) = self.heads.entry(department) {
                slot.insert(recipients(tx, Recipient::HeadsOf(department)).await?);
            }
            side.extend(self.heads[&department].iter().copied());
        }
        if side.is_empty() {
            let court = order.assignment.court_id;
            if let Entry::Vacant(slot) = self.service.entry(court) {
                slot.insert(recipients(tx, Recipient::ServiceOffice(court)).await?);
            }
            side.extend(self.service[&court].iter().copied());
        }
        Ok(side)
    }
}

/// Supervisors and supervised side of one supervision.
type Sides = (Vec<UserId>, Vec<UserId>);

/// Tells both sides of each opened supervision, in the inbox and the outbound channel.
async fn tell(
    tx: &mut Tx,
    rules: &Rules,
    opened: &[(Supervision, Sides, &Watched)],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let messages: Vec<(String, String)> = opened
        .iter()
        .map(|(s, _, order)| {
            let label = level_label(s.level);
            let due = s.due_at.with_timezone(&china()).format("%m月%d日 %H:%M");
            let to_supervisor = format!(
                "{label}：工单 {} {}，督办单 {}，{due}前应反馈",
                order.number,
                s.reason.label(),
                s.number
            );
            let to_supervised = format!(
                "您承办的工单 {} 被{label}（{}），请于{due}前反馈，督办单 {}",
                order.number,
                s.reason.label(),
                s.number
            );
            (to_supervisor, to_supervised)
        })
        .collect();
    let mut rows: Vec<NewNotification> = Vec::new();
    let mut outbound: Vec<Outbound> = Vec::new();
    for ((_, (supervisors, supervised), order), (to_supervisor, to_supervised)) in
        opened.iter().zip(&messages)
    {
        let notice = |user: &UserId, message| NewNotification {
            user_id: *user,
            order_id: Some(order.id),
            kind: "supervised",
            message,
            at: now,
        };
        rows.extend(supervisors.iter().map(|u| notice(u, to_supervisor)));
        rows.extend(
            supervised
                .iter()
                .filter(|user| !supervisors.contains(user))
                .map(|u| notice(u, to_supervised)),
        );
        let order_ref = Some((order.id, order.number.as_str()));
        for (users, message) in [(supervisors, to_supervisor), (supervised, to_supervised)] {
            outbound.push(Outbound {
                kind: "supervised",
                order: order_ref,
                users,
                message,
            });
        }
    }
    inbox::insert_many(tx, &rows).await?;
    enqueue_many(tx, rules, &outbound, now).await?;
    Ok(())
}
