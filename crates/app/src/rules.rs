//! The rules in force: the court calendar, the deadline policy and the thresholds.

use std::collections::BTreeMap;

use tongban_domain::order::Settings;
use tongban_domain::supervision::SupervisionPolicy;
use tongban_domain::time::{Calendar, Policy, WorkingHours};
use tongban_store::{Db, settings};

use crate::AppError;

/// Setting keys.
pub(crate) const POLICY_KEY: &str = "deadline_policy";
pub(crate) const HOURS_KEY: &str = "working_hours";
pub(crate) const SUPERVISION_KEY: &str = "supervision_policy";
pub(crate) const WEBHOOK_KEY: &str = "outbound_webhook";
pub(crate) const WARNING_KEY: &str = "warning_share";

/// What the domain rules need, loaded once and shared until an administrator changes it.
#[derive(Debug, Clone)]
pub struct Rules {
    pub calendar: Calendar,
    /// The deadline policy in force for new orders...
    pub policy: Policy,
    /// ...its version...
    pub policy_version: i64,
    /// ...and every earlier version, which the orders registered under them keep.
    pub policies: BTreeMap<i64, Policy>,
    /// 督办规则 each level's own deadline and what counts as 反复提出.
    pub supervision: SupervisionPolicy,
    /// The outbound channel's webhook URL; none: notices stay in the app.
    pub webhook: Option<String>,
    /// 未接通 after this many callback attempts.
    pub max_callback_attempts: u32,
    /// The share of a deadline after which the light turns yellow (即将超期).
    pub warn_at: f64,
    /// The prefix of order numbers, e.g. `SZ` in `SZ-20261126-0001`.
    pub number_prefix: String,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            calendar: Calendar::default(),
            policy: Policy::default(),
            policy_version: 1,
            policies: BTreeMap::new(),
            supervision: SupervisionPolicy::default(),
            webhook: None,
            max_callback_attempts: 3,
            warn_at: 0.75,
            number_prefix: "SZ".to_string(),
        }
    }
}

impl Rules {
    pub(crate) async fn load(db: &Db) -> Result<Rules, AppError> {
        let mut read = db.read().await?;
        let conn = &mut read.conn();
        let days = tongban_store::calendar::all(conn).await?;
        let hours = match settings::get(conn, HOURS_KEY).await? {
            Some(json) => serde_json::from_str(&json).map_err(|e| corrupt(HOURS_KEY, e))?,
            None => WorkingHours::default(),
        };
        // Before any version was stored, version 1 is the setting (or SPEC §3's table).
        let mut policies = BTreeMap::new();
        for (version, json) in tongban_store::policies::all(conn).await? {
            let policy: Policy =
                serde_json::from_str(&json).map_err(|e| corrupt("deadline_policies", e))?;
            policies.insert(version, policy);
        }
        if policies.is_empty() {
            let first = match settings::get(conn, POLICY_KEY).await? {
                Some(json) => serde_json::from_str(&json).map_err(|e| corrupt(POLICY_KEY, e))?,
                None => Policy::default(),
            };
            policies.insert(1, first);
        }
        let (&policy_version, policy) = policies.last_key_value().expect("one version at least");
        let policy = policy.clone();
        let supervision = match settings::get(conn, SUPERVISION_KEY).await? {
            Some(json) => serde_json::from_str(&json).map_err(|e| corrupt(SUPERVISION_KEY, e))?,
            None => SupervisionPolicy::default(),
        };
        let webhook = match settings::get(conn, WEBHOOK_KEY).await? {
            Some(json) => serde_json::from_str(&json).map_err(|e| corrupt(WEBHOOK_KEY, e))?,
            None => None,
        };
        let warn_at = match settings::get(conn, WARNING_KEY).await? {
            Some(json) => serde_json::from_str(&json).map_err(|e| corrupt(WARNING_KEY, e))?,
            None => Rules::default().warn_at,
        };
        Ok(Rules {
            warn_at,
            webhook,
            calendar: Calendar::new(days, hours),
            policy,
            policy_version,
            policies,
            supervision,
            ..Rules::default()
        })
    }

    /// The view of the rules the domain's life cycle takes, for new orders.
    pub fn settings(&self) -> Settings<'_> {
        self.settings_for(self.policy_version)
    }

    /// The rules for an order registered under policy `version`.
    pub fn settings_for(&self, version: i64) -> Settings<'_> {
        let (policy_version, policy) = match self.policies.get(&version) {
            Some(policy) => (version, policy),
            None => (self.policy_version, &self.policy),
        };
        Settings {
            calendar: &self.calendar,
            policy,
            policy_version,
            max_callback_attempts: self.max_callback_attempts,
            warn_at: self.warn_at,
        }
    }
}

fn corrupt(key: &str, error: serde_json::Error) -> AppError {
    AppError::Store(tongban_store::StoreError::Corrupt(format!(
        "setting {key}: {error}"
    )))
}
