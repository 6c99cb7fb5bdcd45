//! 定期任务 the scheduled work of the text intelligence, run by a background task of every
//! instance: the weekly 定期重新训练 retrain of the triage model from the confirmed orders (an
//! administrator sets the day and hour), and the daily 共性问题上升提醒 check that tells the
//! service office about rising topics. Each run is claimed in the database (`intel_runs`,
//! unique per job and scheduled instant), so that several instances run it once.

use std::sync::Weak;
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use tongban_domain::DomainError;
use tongban_domain::time::china;
use tongban_store::{jobs, millis};

use super::{rising, triage};
use crate::{App, AppError, Ctx};

/// The settings key of the retrain schedule.
pub(crate) const RETRAIN_KEY: &str = "intel.retrain";
/// How often the task looks whether a scheduled instant came (and after the test clock moved,
/// its work starts within this).
const TICK: Duration = Duration::from_secs(1);
/// A claimed run not finished after this long (its instance stopped) may be run by another.
const LEASE_MS: i64 = 3_600_000;
const RETRAIN_JOB: &str = "retrain";
const RISING_JOB: &str = "rising_topics";
/// The daily rising-topic check runs at this hour, China time.
const RISING_HOUR: u32 = 8;

/// 定期重新训练: when the triage model is retrained from the confirmed orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetrainSchedule {
    pub enabled: bool,
    /// Day of the week, China time: 1 = Monday … 7 = Sunday.
    pub weekday: u32,
    /// Hour of that day, China time (0–23).
    pub hour: u32,
}

impl Default for RetrainSchedule {
    /// Every Sunday at 03:00, when nobody registers.
    fn default() -> Self {
        RetrainSchedule {
            enabled: true,
            weekday: 7,
            hour: 3,
        }
    }
}

impl RetrainSchedule {
    fn check(&self) -> Result<(), DomainError> {
        if !(1..=7).contains(&self.weekday) {
            return Err(DomainError::invalid(
                "weekday",
                "invalid_schedule",
                "星期应为1（周一）至7（周日）",
            ));
        }
        if self.hour > 23 {
            return Err(DomainError::invalid(
                "hour",
                "invalid_schedule",
                "时刻应为0至23点",
            ));
        }
        Ok(())
    }

    /// The latest scheduled instant at or before `now`.
    pub fn latest(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let today = latest_daily(now, self.hour);
        let local = today.with_timezone(&china());
        let back = (7 + local.weekday().number_from_monday() - self.weekday) % 7;
        today - chrono::Duration::days(i64::from(back))
    }
}

/// The latest instant at or before `now` that is `hour`:00 China time.
fn latest_daily(now: DateTime<Utc>, hour: u32) -> DateTime<Utc> {
    let local = now.with_timezone(&china());
    let at = NaiveTime::from_hms_opt(hour, 0, 0).expect("an hour of the day");
    let mut day = local.date_naive();
    if local.time() < at {
        day = day.pred_opt().expect("a previous day");
    }
    china()
        .from_local_datetime(&day.and_time(at))
        .single()
        .expect("China has no daylight saving time")
        .with_timezone(&Utc)
}

/// The start (Monday 00:00, China time) of the week of `at`.
pub(crate) fn week_of(at: DateTime<Utc>) -> DateTime<Utc> {
    let midnight = latest_daily(at, 0);
    let local = midnight.with_timezone(&china());
    midnight - chrono::Duration::days(i64::from(local.weekday().num_days_from_monday()))
}

/// The retrain schedule in force.
pub async fn retrain_schedule(app: &App) -> Result<RetrainSchedule, AppError> {
    let mut read = app.db().read().await?;
    let stored = tongban_store::settings::get(&mut read.conn(), RETRAIN_KEY).await?;
    Ok(stored
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default())
}

/// Sets the retrain schedule (administrators).
pub async fn set_retrain_schedule(
    app: &App,
    ctx: &Ctx,
    schedule: RetrainSchedule,
) -> Result<(), AppError> {
    schedule.check()?;
    crate::settings::put(app, ctx, RETRAIN_KEY, &schedule).await
}

/// One scheduled run of a job.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Run {
    /// The scheduled instant.
    pub slot: DateTime<Utc>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// `version N` (the model trained), or the error code that stopped it.
    pub outcome: Option<String>,
}

/// The newest scheduled retrains.
pub async fn retrain_runs(app: &App, limit: i64) -> Result<Vec<Run>, AppError> {
    let mut read = app.db().read().await?;
    let runs = jobs::runs(&mut read.conn(), RETRAIN_JOB, limit).await?;
    runs.into_iter()
        .map(|(slot, started, finished, outcome)| {
            Ok(Run {
                slot: tongban_store::instant(slot)?,
                started_at: tongban_store::instant(started)?,
                finished_at: finished.map(tongban_store::instant).transpose()?,
                outcome,
            })
        })
        .collect::<tongban_store::Result<_>>()
        .map_err(AppError::from)
}

/// Starts the task; it holds the app only while working and ends when the app is gone.
pub(crate) fn start(app: Weak<crate::Inner>, started: DateTime<Utc>) {
    tokio::spawn(async move {
        // The rising-topic check of a day already begun when the instance started is left to
        // the instances that were running then.
        let mut state = State {
            retrain_checked: None,
            rising_checked: latest_daily(started, RISING_HOUR),
        };
        loop {
            tokio::time::sleep(TICK).await;
            let Some(inner) = app.upgrade() else { break };
            let app = App { inner };
            if let Err(error) = run_due(&app, &mut state).await {
                tracing::warn!(%error, "a scheduled text-intelligence job failed; retrying");
            }
        }
    });
}

/// The instants this instance has handled already.
struct State {
    retrain_checked: Option<DateTime<Utc>>,
    rising_checked: DateTime<Utc>,
}

async fn run_due(app: &App, state: &mut State) -> Result<(), AppError> {
    let now = app.now();
    let schedule = retrain_schedule(app).await?;
    if schedule.enabled {
        let slot = schedule.latest(now);
        if state.retrain_checked != Some(slot) {
            retrain_if_due(app, slot).await?;
            state.retrain_checked = Some(slot);
        }
    }
    let slot = latest_daily(now, RISING_HOUR);
    if slot > state.rising_checked {
        if claim(app, RISING_JOB, slot).await? {
            let outcome = rising::notify(app, now).await;
            finish(
                app,
                RISING_JOB,
                slot,
                &outcome_of(&outcome.map(|n| n.to_string())),
            )
            .await?;
        }
        state.rising_checked = slot;
    }
    Ok(())
}

/// Retrains unless a model was trained since the scheduled instant (by hand, or by another
/// instance); a retrain missed while no instance ran happens at the next start. An instant
/// before the first order was registered missed nothing (a new installation's first start):
/// the first model is trained by hand or at the next scheduled instant.
async fn retrain_if_due(app: &App, slot: DateTime<Utc>) -> Result<(), AppError> {
    let (newest, had_orders) = {
        let mut read = app.db().read().await?;
        let newest = jobs::newest_model_at(&mut read.conn()).await?;
        (
            newest,
            jobs::orders_before(&mut read.conn(), millis(slot)).await?,
        )
    };
    if newest.is_some_and(|at| at >= millis(slot))
        || !had_orders
        || !claim(app, RETRAIN_JOB, slot).await?
    {
        return Ok(());
    }
    let trained = triage::train(app, &Ctx::system()).await;
    if let Err(error) = &trained {
        tracing::warn!(%error, "the scheduled retrain did not train a model");
    }
    let outcome = trained.map(|t| format!("version {}", t.version));
    finish(app, RETRAIN_JOB, slot, &outcome_of(&outcome)).await
}

fn outcome_of(result: &Result<String, AppError>) -> String {
    match result {
        Ok(done) => done.clone(),
        Err(AppError::Domain(e)) => e.code.to_string(),
        Err(_) => "failed".to_string(),
    }
}

async fn claim(app: &App, job: &'static str, slot: DateTime<Utc>) -> Result<bool, AppError> {
    let (slot, now) = (millis(slot), millis(app.now()));
    Ok(app
        .writer()
        .write(move |tx| {
            Box::pin(
                async move { Ok::<_, AppError>(jobs::claim(tx, job, slot, now, LEASE_MS).await?) },
            )
        })
        .await?)
}

async fn finish(
    app: &App,
    job: &'static str,
    slot: DateTime<Utc>,
    outcome: &str,
) -> Result<(), AppError> {
    let (slot, now, outcome) = (millis(slot), millis(app.now()), outcome.to_string());
    Ok(app
        .writer()
        .write(move |tx| {
            Box::pin(
                async move { Ok::<_, AppError>(jobs::finish(tx, job, slot, now, &outcome).await?) },
            )
        })
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_latest_weekly_instant_is_in_china_time() {
        let sunday_3am = RetrainSchedule::default();
        // Tuesday 2026-12-01 10:00 China → Sunday 2026-11-29 03:00 China.
        assert_eq!(
            sunday_3am.latest(at("2026-12-01T10:00:00+08:00")),
            at("2026-11-29T03:00:00+08:00")
        );
        // Exactly at the instant, and a minute before it (a week earlier).
        assert_eq!(
            sunday_3am.latest(at("2026-11-29T03:00:00+08:00")),
            at("2026-11-29T03:00:00+08:00")
        );
        assert_eq!(
            sunday_3am.latest(at("2026-11-29T02:59:00+08:00")),
            at("2026-11-22T03:00:00+08:00")
        );
        // Sunday 03:00 China is Saturday 19:00 UTC.
        assert_eq!(
            sunday_3am.latest(at("2026-11-28T20:00:00Z")),
            at("2026-11-28T19:00:00Z")
        );
    }

    #[test]
    fn weeks_start_on_monday_at_midnight_china_time() {
        assert_eq!(
            week_of(at("2026-12-01T10:00:00+08:00")),
            at("2026-11-30T00:00:00+08:00")
        );
        assert_eq!(
            week_of(at("2026-11-29T23:59:00+08:00")),
            at("2026-11-23T00:00:00+08:00")
        );
    }

    #[test]
    fn a_schedule_outside_the_week_is_refused() {
        let bad = |weekday, hour| {
            RetrainSchedule {
                enabled: true,
                weekday,
                hour,
            }
            .check()
            .is_err()
        };
        assert!(bad(0, 3) && bad(8, 3) && bad(1, 24));
        assert!(!bad(1, 0) && !bad(7, 23));
    }
}
