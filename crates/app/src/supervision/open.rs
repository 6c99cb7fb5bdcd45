//! Opening a supervision order (督办单) inside the caller's transaction: its number, who is
//! told, the order's level, the order's timeline and the audit log, all or nothing.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, Utc};
use tongban_domain::order::{EventDraft, EventKind, Recipient, Status, WorkOrder};
use tongban_domain::supervision::{
    Supervision, SupervisionReason, SupervisionStatus, level_label, supervisor_role,
};
use tongban_domain::time::{china, local_date};
use tongban_domain::{CourtId, DepartmentId, UserId};
use tongban_store::notifications::{self as inbox, NewNotification};
use tongban_store::org::{self as org, StaffFilter};
use tongban_store::{Tx, counters, supervisions, sweep};

use crate::notifications::{city_court, recipients};
use crate::orders::record_change;
use crate::{AppError, Ctx, Rules};

/// What to open.
pub(crate) struct Opening<'a> {
    pub order: &'a WorkOrder,
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
    let Opening {
        order,
        level,
        reason,
        note,
        parent_id,
    } = opening;
    if level <= order.supervision_level {
        return Ok(None);
    }
    let day = local_date(now).format("%Y%m%d").to_string();
    let serial = counters::take(tx, &format!("DB-{day}"), 1).await?;
    let supervisors = people
        .supervisors(tx, order.assignment.court_id, level)
        .await?;
    // Once replied, the step left is the callback, the service office's own: a supervision
    // then (late callback, its escalation, by hand) supervises the service office, not the
    // handler who replied.
    let office_step = order.status == Status::Replied;
    let supervised = people.supervised(tx, order, office_step).await?;
    let mut notified: Vec<UserId> = supervisors.iter().chain(&supervised).copied().collect();
    notified.sort();
    notified.dedup();
    let mut s = Supervision {
        id: 0,
        number: format!("DB-{day}-{serial:04}"),
        order_id: order.id,
        level,
        reason,
        note: note.clone(),
        status: SupervisionStatus::Open,
        court_id: order.assignment.court_id,
        department_id: order.assignment.department_id.filter(|_| !office_step),
        handler_id: order.assignment.handler_id.filter(|_| !office_step),
        notified,
        parent_id,
        created_by: (!ctx.actor.system).then_some(ctx.actor.user_id),
        created_at: now,
        due_at: rules.supervision.due(level, now, &rules.calendar),
        closed_at: None,
    };
    let Some(id) = supervisions::insert(tx, &s).await? else {
        return Ok(None);
    };
    s.id = id;
    sweep::raise_level(tx, order.id, level, now).await?;
    let mut after = order.clone();
    after.supervision_level = level;
    after.version += 1;
    after.updated_at = now;
    let event = EventDraft::new(EventKind::Supervised, note)
        .with("supervision_id", id)
        .with("number", s.number.clone())
        .with("level", level)
        .with("reason", reason.code())
        .with("due_at", s.due_at.to_rfc3339());
    record_change(tx, ctx, &after, &event, now).await?;
    tell(tx, rules, &s, order, &supervisors, &supervised, now).await?;
    Ok(Some(s))
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
        order: &WorkOrder,
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

async fn tell(
    tx: &mut Tx,
    rules: &Rules,
    s: &Supervision,
    order: &WorkOrder,
    supervisors: &[UserId],
    supervised: &[UserId],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
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
    let mut rows: Vec<NewNotification> = supervisors
        .iter()
        .map(|user| NewNotification {
            user_id: *user,
            order_id: Some(order.id),
            kind: "supervised",
            message: &to_supervisor,
            at: now,
        })
        .collect();
    rows.extend(
        supervised
            .iter()
            .filter(|user| !supervisors.contains(user))
            .map(|user| NewNotification {
                user_id: *user,
                order_id: Some(order.id),
                kind: "supervised",
                message: &to_supervised,
                at: now,
            }),
    );
    inbox::insert_many(tx, &rows).await?;
    let order_ref = Some((order.id, order.number.as_str()));
    let outbound = crate::outbox::enqueue;
    outbound(
        tx,
        rules,
        "supervised",
        order_ref,
        supervisors,
        &to_supervisor,
        now,
    )
    .await?;
    outbound(
        tx,
        rules,
        "supervised",
        order_ref,
        supervised,
        &to_supervised,
        now,
    )
    .await?;
    Ok(())
}
