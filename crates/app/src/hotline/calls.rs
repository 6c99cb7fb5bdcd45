//! 通话记录 call records from the telephone switch. The hot path of the hotline: events
//! waiting are stored together in one job of the group-committing writer — the events (each
//! once: the same call id and event twice changes nothing), the calls' folded state, repeat
//! marks, the callback tasks of calls that ended unanswered and the closing of the tasks of
//! callers who got through — with one audit record per batch and caller.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tongban_domain::hotline::{CallEvent, CallState, REPEAT_WINDOW_DAYS, callback_due};
use tongban_domain::time::{Clock, local_date};
use tongban_domain::values::Phone;
use tongban_domain::{DomainError, values::required_text};
use tongban_store::hotline::callbacks::{self, NewCallback};
use tongban_store::hotline::calls::{self, CallDelta, CallRow, NewCallEvent};
use tongban_store::{Tx, Writer, instant};

use super::{HOTLINE_ROLES, require};
use crate::{App, AppError, Ctx, Rules, audit};

/// The most events stored in one batch.
const MAX_BATCH: usize = 512;

/// A call event as the switch sends it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallInput {
    /// The switch's id of the call.
    pub call_id: String,
    /// The calling number.
    pub caller: String,
    pub event: CallEvent,
    /// When it happened (RFC 3339).
    pub at: DateTime<Utc>,
    /// The agent who answered (`answered_by_agent`): the switch's agent id or a staff id.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub agent_id: Option<Value>,
    /// The IVR menu path the caller took, e.g. `1-3`.
    pub ivr_path: Option<String>,
    /// The court whose hotline was called (for per-court figures).
    pub court_id: Option<i64>,
}

/// A checked call event.
#[derive(Debug, Clone)]
struct CallRecord {
    call_id: String,
    caller: Phone,
    event: CallEvent,
    at: DateTime<Utc>,
    agent_id: Option<String>,
    ivr_path: Option<String>,
    court_id: Option<i64>,
}

impl CallInput {
    fn check(self) -> Result<CallRecord, DomainError> {
        let call_id = required_text("call_id", &self.call_id, 100)?;
        let caller = Phone::parse(&self.caller).map_err(|e| e.for_field("caller"))?;
        let agent_id = match self.agent_id {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(required_text("agent_id", &s, 50)?),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => {
                return Err(DomainError::invalid(
                    "agent_id",
                    "invalid_field",
                    "agent_id 应为字符串或数字",
                ));
            }
        };
        let ivr_path = self
            .ivr_path
            .map(|p| p.trim().chars().take(100).collect::<String>())
            .filter(|p| !p.is_empty());
        Ok(CallRecord {
            call_id,
            caller,
            event: self.event,
            at: self.at,
            agent_id,
            ivr_path,
            court_id: self.court_id,
        })
    }
}

/// Whether the event was new (`true`) or had been recorded before.
pub type Recorded = bool;

type Answer = oneshot::Sender<Result<Recorded, AppError>>;

/// The queue of call events waiting to be stored, and the courts known (to refuse an unknown
/// court before it could fail a whole batch).
pub(crate) struct CallIngester {
    queue: mpsc::Sender<(Ctx, CallRecord, Answer)>,
    courts: RwLock<HashSet<i64>>,
}

impl CallIngester {
    pub(crate) fn start(
        writer: Writer,
        clock: Arc<dyn Clock>,
        rules: impl Fn() -> Arc<Rules> + Send + 'static,
    ) -> Self {
        let (queue, mut waiting) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let now = clock.now();
                store_batch(&writer, std::mem::take(&mut batch), rules(), now).await;
            }
        });
        CallIngester {
            queue,
            courts: RwLock::new(HashSet::new()),
        }
    }
}

/// Records one event of a call (the switch's API).
pub async fn record(app: &App, ctx: &Ctx, input: CallInput) -> Result<Recorded, AppError> {
    require(
        ctx,
        HOTLINE_ROLES,
        "只有热线系统账号、话务员或管理员可以上报通话记录",
    )?;
    let record = input.check()?;
    if let Some(court) = record.court_id {
        check_court(app, court).await?;
    }
    let (answer, answered) = oneshot::channel();
    app.calls()
        .queue
        .send((ctx.clone(), record, answer))
        .await
        .map_err(|_| AppError::Unavailable)?;
    answered.await.unwrap_or(Err(AppError::Unavailable))
}

async fn check_court(app: &App, court: i64) -> Result<(), AppError> {
    let ingester = app.calls();
    if ingester
        .courts
        .read()
        .expect("courts lock")
        .contains(&court)
    {
        return Ok(());
    }
    let known: HashSet<i64> = crate::org::courts(app)
        .await?
        .into_iter()
        .map(|c| c.id.0)
        .collect();
    let found = known.contains(&court);
    *ingester.courts.write().expect("courts lock") = known;
    if found {
        Ok(())
    } else {
        Err(DomainError::invalid("court_id", "unknown_court", "法院不存在").into())
    }
}

async fn store_batch(
    writer: &Writer,
    batch: Vec<(Ctx, CallRecord, Answer)>,
    rules: Arc<Rules>,
    now: DateTime<Utc>,
) {
    let (work, answers): (Vec<(Ctx, CallRecord)>, Vec<Answer>) =
        batch.into_iter().map(|(c, r, a)| ((c, r), a)).unzip();
    let stored = writer
        .write(move |tx| Box::pin(async move { store(tx, work, &rules, now).await }))
        .await
        .map_err(AppError::from);
    match stored {
        Ok(recorded) => {
            for (answer, new) in answers.into_iter().zip(recorded) {
                let _ = answer.send(Ok(new));
            }
        }
        Err(error) => {
            tracing::error!(%error, "a batch of call events failed");
            for answer in answers {
                let _ = answer.send(Err(AppError::Unavailable));
            }
        }
    }
}

fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

/// Folds one new event into its call's delta.
fn fold(delta: &mut CallDelta, r: &CallRecord) {
    let at = ms(r.at);
    if at < delta.first_at {
        delta.first_at = at;
        delta.day = local_date(r.at).format("%Y-%m-%d").to_string();
    }
    delta.court_id = delta.court_id.or(r.court_id);
    if delta.ivr_path.is_none() {
        delta.ivr_path.clone_from(&r.ivr_path);
    }
    match r.event {
        CallEvent::Offered => delta.offered_at = Some(at),
        CallEvent::AnsweredByAssistant => delta.assistant_at = Some(at),
        CallEvent::AnsweredByAgent => {
            delta.agent_at = Some(at);
            delta.agent_id.clone_from(&r.agent_id);
        }
        CallEvent::Abandoned => delta.abandoned_at = Some(at),
        CallEvent::Ended => delta.ended_at = Some(at),
    }
}

fn is_answer(event: &CallEvent) -> bool {
    matches!(
        event,
        CallEvent::AnsweredByAgent | CallEvent::AnsweredByAssistant
    )
}

fn state(row: &CallRow) -> Result<CallState, AppError> {
    let t = |v: Option<i64>| v.map(instant).transpose();
    Ok(CallState {
        offered_at: t(row.offered_at)?,
        assistant_at: t(row.assistant_at)?,
        agent_at: t(row.agent_at)?,
        abandoned_at: t(row.abandoned_at)?,
        ended_at: t(row.ended_at)?,
    })
}

async fn store(
    tx: &mut Tx,
    work: Vec<(Ctx, CallRecord)>,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Result<Vec<Recorded>, AppError> {
    let events: Vec<NewCallEvent> = work
        .iter()
        .map(|(_, r)| NewCallEvent {
            call_id: r.call_id.clone(),
            event: r.event.code(),
            at: r.at,
            agent_id: r.agent_id.clone(),
        })
        .collect();
    let new: HashSet<(String, String)> = calls::insert_events(tx, &events, now)
        .await?
        .into_iter()
        .collect();
    // The same event twice in one batch: the first is new, the others are repeats.
    let mut taken: HashSet<(String, String)> = HashSet::new();
    let recorded: Vec<Recorded> = work
        .iter()
        .map(|(_, r)| {
            let key = (r.call_id.clone(), r.event.code().to_string());
            new.contains(&key) && taken.insert(key)
        })
        .collect();
    let mut deltas: BTreeMap<String, CallDelta> = BTreeMap::new();
    let mut events_of: HashMap<String, Vec<CallEvent>> = HashMap::new();
    for ((_, r), _) in work.iter().zip(&recorded).filter(|(_, new)| **new) {
        let delta = deltas
            .entry(r.call_id.clone())
            .or_insert_with(|| CallDelta {
                call_id: r.call_id.clone(),
                caller: r.caller.to_string(),
                first_at: i64::MAX,
                ..CallDelta::default()
            });
        fold(delta, r);
        events_of
            .entry(r.call_id.clone())
            .or_default()
            .push(r.event);
    }
    if deltas.is_empty() {
        return Ok(recorded);
    }
    let deltas: Vec<CallDelta> = deltas.into_values().collect();
    let offered: Vec<String> = deltas
        .iter()
        .filter(|d| d.offered_at.is_some())
        .map(|d| d.call_id.clone())
        .collect();
    let rows = calls::upsert(tx, &deltas).await?;
    calls::mark_repeats(
        tx,
        &offered,
        Duration::days(REPEAT_WINDOW_DAYS).num_milliseconds(),
    )
    .await?;
    // Only numbers with an open task need their tasks closed: ask once for the batch.
    let answered: Vec<String> = rows
        .iter()
        .filter(|row| events_of[&row.call_id].iter().any(is_answer))
        .map(|row| row.caller.clone())
        .collect();
    let owed: HashSet<String> = if answered.is_empty() {
        HashSet::new()
    } else {
        callbacks::with_open_task(tx, &answered)
            .await?
            .into_iter()
            .collect()
    };
    for row in &rows {
        let call = state(row)?;
        let happened = &events_of[&row.call_id];
        if owed.contains(&row.caller)
            && happened.iter().any(is_answer)
            && let Some(at) = call.answered_at()
        {
            callbacks::close_for_caller(tx, &row.caller, at).await?;
        }
        let ended = happened
            .iter()
            .any(|e| matches!(e, CallEvent::Abandoned | CallEvent::Ended));
        if ended && let Some(missed) = call.missed_at() {
            let task = NewCallback {
                call_id: row.call_id.clone(),
                caller: row.caller.clone(),
                court_id: row.court_id,
                day: row.day.clone(),
                created_at: missed,
                due_at: callback_due(missed, &rules.calendar),
            };
            callbacks::create(tx, &task).await?;
        }
    }
    // One audit record per caller of the batch (the switch's account, usually one).
    let mut by_actor: BTreeMap<String, (Ctx, Vec<Value>)> = BTreeMap::new();
    for ((ctx, r), _) in work.iter().zip(&recorded).filter(|(_, new)| **new) {
        by_actor
            .entry(ctx.actor.username.clone())
            .or_insert_with(|| (ctx.clone(), Vec::new()))
            .1
            .push(json!([r.call_id, r.event.code()]));
    }
    let facts = by_actor
        .into_values()
        .map(|(ctx, events)| {
            audit::fact(
                &ctx,
                now,
                "calls.record",
                "call",
                None,
                json!({"events": events}),
            )
        })
        .collect();
    tongban_store::audit::append_many(tx, facts).await?;
    Ok(recorded)
}
