//! How the hotline's records look in JSON.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use tongban_app::hotline::callbacks::Callback;
use tongban_domain::hotline::CallbackStatus;
use tongban_store::hotline::calls::CallRow;
use tongban_store::hotline::cases::StoredCase;
use utoipa::ToSchema;

fn at(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::from_timestamp_millis)
}

/// 回拨任务 a callback task.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallbackView {
    pub id: i64,
    pub call_id: String,
    /// The number to call back.
    pub caller: String,
    pub court_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    #[schema(value_type = String)]
    pub status: CallbackStatus,
    pub status_label: &'static str,
    pub overdue: bool,
    pub attempts: i64,
    pub outcome: Option<String>,
    pub note: Option<String>,
    pub order_id: Option<i64>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl CallbackView {
    pub fn of(c: Callback, now: DateTime<Utc>) -> CallbackView {
        let overdue = match c.status {
            CallbackStatus::Open => now > c.due_at,
            _ => c.closed_at.is_some_and(|closed| closed > c.due_at),
        };
        CallbackView {
            id: c.row.id,
            call_id: c.row.call_id,
            caller: c.row.caller,
            court_id: c.row.court_id,
            created_at: c.created_at,
            due_at: c.due_at,
            status: c.status,
            status_label: c.status.label(),
            overdue,
            attempts: c.row.attempts,
            outcome: c.row.outcome,
            note: c.row.note,
            order_id: c.row.order_id,
            closed_at: c.closed_at,
        }
    }
}

/// 通话 a call.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallView {
    pub call_id: String,
    pub at: Option<DateTime<Utc>>,
    /// `assistant`, `agent` or null (not answered).
    pub answered_by: Option<&'static str>,
    pub agent_id: Option<String>,
    pub abandoned: bool,
    pub is_repeat: bool,
    /// What the virtual agent's session made of it: `settled` or `handover`.
    pub assistant_outcome: Option<String>,
}

impl CallView {
    pub fn of(c: CallRow) -> CallView {
        let answered_by = if c.agent_at.is_some() {
            Some("agent")
        } else if c.assistant_at.is_some() {
            Some("assistant")
        } else {
            None
        };
        CallView {
            call_id: c.call_id,
            at: at(Some(c.first_at)),
            answered_by,
            agent_id: c.agent_id,
            abandoned: answered_by.is_none() && (c.abandoned_at.is_some() || c.ended_at.is_some()),
            is_repeat: c.is_repeat,
            assistant_outcome: c.assistant_outcome,
        }
    }
}

/// A party of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyView {
    pub name: String,
    pub phone: Option<String>,
}

/// 案件 a case of the directory.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    pub id: i64,
    pub case_number: String,
    pub court_id: i64,
    pub department_id: Option<i64>,
    pub judge_name: Option<String>,
    pub judge_phone: Option<String>,
    pub judge_id: Option<i64>,
    pub clerk_name: Option<String>,
    pub clerk_phone: Option<String>,
    pub stage: String,
    pub next_hearing: Option<DateTime<Utc>>,
    #[schema(value_type = Object)]
    pub key_dates: Value,
    pub parties: Vec<PartyView>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl CaseView {
    pub fn of(s: StoredCase) -> CaseView {
        let c = s.case;
        CaseView {
            id: c.id,
            case_number: c.case_number,
            court_id: c.court_id,
            department_id: c.department_id,
            judge_name: c.judge_name,
            judge_phone: c.judge_phone,
            judge_id: c.judge_id,
            clerk_name: c.clerk_name,
            clerk_phone: c.clerk_phone,
            stage: c.stage,
            next_hearing: at(c.next_hearing),
            key_dates: serde_json::from_str(&c.key_dates).unwrap_or(Value::Null),
            parties: s
                .parties
                .into_iter()
                .map(|p| PartyView {
                    name: p.name,
                    phone: p.phone,
                })
                .collect(),
            updated_at: at(Some(c.updated_at)),
        }
    }
}

/// A list and how many match.
#[derive(Debug, Serialize, ToSchema)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub total: i64,
}
