//! 案件目录 a case as imported from the court's case management system: who handles it, who
//! the parties are (with phones, to check that a caller is one), its stage and key dates.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::time::china;
use crate::values::{CaseNo, Phone, required_text};

/// 当事人 a party of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub phone: Option<Phone>,
}

/// A party as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RawParty {
    pub name: String,
    pub phone: Option<String>,
}

/// A case as sent (one CSV row or one JSON object), not yet checked.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RawCase {
    /// 案号, e.g. `(2026)粤0304民初1234号`.
    pub case_number: String,
    /// The court's code as in case numbers, e.g. `粤0304`.
    pub court_code: String,
    pub department: Option<String>,
    pub judge_name: Option<String>,
    pub judge_phone: Option<String>,
    /// The judge's tongban username: contact-the-judge requests go straight to them.
    pub judge_username: Option<String>,
    pub clerk_name: Option<String>,
    pub clerk_phone: Option<String>,
    pub parties: Vec<RawParty>,
    /// 审理阶段, e.g. 已立案、审理中、已开庭、已判决、执行中、已结案.
    pub stage: String,
    /// `YYYY-MM-DD HH:MM` (China time).
    pub next_hearing: Option<String>,
    /// Named dates, e.g. {"立案": "2026-01-05"}.
    pub key_dates: BTreeMap<String, String>,
}

/// A checked case; the court, department and judge are still names for the caller to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub case_number: CaseNo,
    pub court_code: String,
    pub department: Option<String>,
    pub judge_name: Option<String>,
    pub judge_phone: Option<Phone>,
    pub judge_username: Option<String>,
    pub clerk_name: Option<String>,
    pub clerk_phone: Option<Phone>,
    pub parties: Vec<Party>,
    pub stage: String,
    pub next_hearing: Option<DateTime<Utc>>,
    pub key_dates: BTreeMap<String, NaiveDate>,
}

fn optional(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn phone(field: &'static str, value: &Option<String>) -> Result<Option<Phone>, DomainError> {
    optional(value)
        .map(|p| Phone::parse(&p).map_err(|e| e.for_field(field)))
        .transpose()
}

/// Parses `张三:13812345678;李四` (；and ： also accepted; the phone may be left out).
pub fn parse_parties(text: &str) -> Vec<RawParty> {
    text.split([';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once([':', '：']) {
            Some((name, phone)) => RawParty {
                name: name.trim().to_string(),
                phone: Some(phone.trim().to_string()),
            },
            None => RawParty {
                name: p.to_string(),
                phone: None,
            },
        })
        .collect()
}

/// The value, or `None` with its fault noted.
fn keep<T>(faults: &mut Vec<DomainError>, result: Result<T, DomainError>) -> Option<T> {
    result.map_err(|e| faults.push(e)).ok()
}

impl RawCase {
    /// Checks every field; returns all the faults, not only the first.
    pub fn check(&self) -> Result<CaseRecord, Vec<DomainError>> {
        let mut faults = Vec::new();
        let case_number = keep(&mut faults, CaseNo::parse(&self.case_number));
        let court_code = keep(
            &mut faults,
            required_text("court_code", &self.court_code, 20),
        );
        let stage = keep(&mut faults, required_text("stage", &self.stage, 20));
        let judge_phone = keep(&mut faults, phone("judge_phone", &self.judge_phone)).flatten();
        let clerk_phone = keep(&mut faults, phone("clerk_phone", &self.clerk_phone)).flatten();
        let next_hearing = keep(
            &mut faults,
            optional(&self.next_hearing)
                .map(|t| hearing_time(&t))
                .transpose(),
        )
        .flatten();
        let mut parties = Vec::new();
        for p in &self.parties {
            let name = keep(&mut faults, required_text("parties.name", &p.name, 50));
            let phone = keep(&mut faults, phone("parties.phone", &p.phone)).flatten();
            if let Some(name) = name {
                parties.push(Party { name, phone });
            }
        }
        if self.parties.is_empty() {
            faults.push(DomainError::missing("parties"));
        }
        let mut key_dates = BTreeMap::new();
        for (name, day) in &self.key_dates {
            match NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d") {
                Ok(d) => {
                    key_dates.insert(name.trim().to_string(), d);
                }
                Err(_) => faults.push(DomainError::invalid(
                    "key_dates",
                    "invalid_date",
                    format!("关键日期“{name}”应为 YYYY-MM-DD"),
                )),
            }
        }
        match (case_number, court_code, stage) {
            (Some(case_number), Some(court_code), Some(stage)) if faults.is_empty() => {
                Ok(CaseRecord {
                    case_number,
                    court_code,
                    department: optional(&self.department),
                    judge_name: optional(&self.judge_name),
                    judge_phone,
                    judge_username: optional(&self.judge_username),
                    clerk_name: optional(&self.clerk_name),
                    clerk_phone,
                    parties,
                    stage,
                    next_hearing,
                    key_dates,
                })
            }
            _ => Err(faults),
        }
    }
}

fn hearing_time(text: &str) -> Result<DateTime<Utc>, DomainError> {
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").map_err(|_| {
        DomainError::invalid(
            "next_hearing",
            "invalid_datetime",
            "开庭时间应为 YYYY-MM-DD HH:MM",
        )
    })?;
    Ok(china()
        .from_local_datetime(&local)
        .single()
        .expect("UTC+8 has no gaps")
        .with_timezone(&Utc))
}

impl CaseRecord {
    /// Whether `phone` is the phone of one of the parties.
    pub fn has_party_phone(&self, phone: &Phone) -> bool {
        self.parties.iter().any(|p| p.phone.as_ref() == Some(phone))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawCase {
        RawCase {
            case_number: "(2026)粤0304民初1234号".into(),
            court_code: "粤0304".into(),
            stage: "审理中".into(),
            parties: parse_parties("张三:13812345678；李四"),
            next_hearing: Some("2026-12-10 09:30".into()),
            ..RawCase::default()
        }
    }

    #[test]
    fn a_good_row_is_checked_into_a_record() {
        let record = raw().check().unwrap();
        assert_eq!(record.parties.len(), 2);
        assert!(record.has_party_phone(&Phone::parse("13812345678").unwrap()));
        assert!(!record.has_party_phone(&Phone::parse("13900000000").unwrap()));
        assert_eq!(
            record.next_hearing.unwrap().to_rfc3339(),
            "2026-12-10T01:30:00+00:00"
        );
    }

    #[test]
    fn every_fault_of_a_row_is_reported() {
        let bad = RawCase {
            case_number: "2026民初1号".into(),
            judge_phone: Some("123".into()),
            next_hearing: Some("明天".into()),
            ..raw()
        };
        let faults = bad.check().unwrap_err();
        assert_eq!(faults.len(), 3, "{faults:?}");
    }
}
