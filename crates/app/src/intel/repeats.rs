//! 重复件 / 关联件 repeat and duplicate detection: earlier orders of the same person (phone or
//! ID number) or the same case number, or with near-identical content (SimHash bands, then the
//! Jaccard similarity of character bigrams), within a window, across channels.

use std::collections::HashMap;

use chrono::Duration;
use serde::Serialize;
use tongban_domain::values::{CaseNo, IdCardNo, Phone};
use tongban_domain::{OrderId, Scope};
use tongban_store::repeats::{self, Earlier};
use tongban_store::{Conn, millis, search};
use tongban_text::SimHash;

/// How far back repeats are looked for.
pub const WINDOW_DAYS: i64 = 90;
/// Content at least this similar (Jaccard of character bigrams) counts as a repeat.
pub const MIN_CONTENT_SIMILARITY: f32 = 0.5;
/// The most similar orders listed.
const MAX_SIMILAR: usize = 10;
/// Near-identical candidates (closest SimHash first) whose contents are compared.
const COMPARED: usize = 2 * MAX_SIMILAR;

/// What a new (or existing) order is compared by.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    pub content: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub case_number: Option<String>,
    /// The order itself, when checking an existing one.
    pub exclude: Option<OrderId>,
}

/// An earlier order that may be the same matter.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Similar {
    pub order_id: i64,
    pub number: String,
    /// 0–1: 1 for the same ID number; the content similarity for near-identical content.
    pub score: f32,
    /// The strongest reason: `same_id_number`, `same_phone`, `same_case_number` or `similar_content`.
    pub reason: String,
    /// Every reason that applies, strongest first.
    pub reasons: Vec<String>,
    /// 相同身份证号 / 相同电话 / 相同案号 / 内容相似 (with the similarity).
    pub explanation: String,
    pub channel: String,
    pub registered_at: chrono::DateTime<chrono::Utc>,
}

/// Why an earlier order resembles the probe, with a score per reason.
type Reasons = Vec<(&'static str, f32)>;

/// Earlier orders in `scope` resembling `probe`, strongest first.
pub async fn find(
    conn: &mut Conn<'_>,
    scope: &Scope,
    probe: &Probe,
    now: chrono::DateTime<chrono::Utc>,
) -> tongban_store::Result<Vec<Similar>> {
    let since = millis(now - Duration::days(WINDOW_DAYS));
    let mut keys: Vec<(&'static str, String)> = Vec::new();
    let canonical = |v: &Option<String>, parse: fn(&str) -> Option<String>| {
        v.as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(parse)
    };
    if let Some(id) = canonical(&probe.id_number, |s| {
        IdCardNo::parse(s).ok().map(|v| v.to_string())
    }) {
        keys.push(("appellant_id_number", id));
    }
    if let Some(phone) = canonical(&probe.phone, |s| {
        Phone::parse(s).ok().map(|v| v.to_string())
    }) {
        keys.push(("appellant_phone", phone));
    }
    if let Some(case) = canonical(&probe.case_number, |s| {
        CaseNo::parse(s).ok().map(|v| v.to_string())
    }) {
        keys.push(("case_number", case));
    }
    let mut found: HashMap<i64, (Earlier, Reasons)> = HashMap::new();
    for earlier in repeats::same_party(conn, scope, &keys, since, MAX_SIMILAR as i64).await? {
        let reasons = party_reasons(&earlier, &keys);
        let entry = found.entry(earlier.id).or_insert((earlier, Vec::new()));
        for r in reasons {
            if !entry.1.iter().any(|(c, _)| *c == r.0) {
                entry.1.push(r);
            }
        }
    }
    if !probe.content.trim().is_empty() {
        let hash = SimHash::of(&probe.content);
        let near = search::sharing_a_band(conn, hash.band_keys(), since, 50).await?;
        // Only the closest fingerprints are worth reading and comparing word by word.
        let mut near: Vec<(u32, i64)> = near
            .into_iter()
            .map(|(id, h)| (SimHash(h as u64).distance(hash), id))
            .filter(|(distance, _)| *distance <= 16)
            .collect();
        near.sort_by_key(|&(distance, id)| (distance, std::cmp::Reverse(id)));
        let ids: Vec<i64> = near.iter().take(COMPARED).map(|&(_, id)| id).collect();
        let probe_shingles = tongban_text::shingles(&probe.content);
        for earlier in repeats::by_ids(conn, scope, &ids).await? {
            let score =
                tongban_text::jaccard(&probe_shingles, &tongban_text::shingles(&earlier.content));
            if score >= MIN_CONTENT_SIMILARITY {
                found
                    .entry(earlier.id)
                    .or_insert((earlier, Vec::new()))
                    .1
                    .push(("similar_content", score));
            }
        }
    }
    let mut similar: Vec<Similar> = found
        .into_values()
        .filter(|(e, _)| Some(OrderId(e.id)) != probe.exclude)
        .map(|(e, mut reasons)| {
            reasons.sort_by(|a, b| b.1.total_cmp(&a.1));
            let (reason, score) = reasons[0];
            Ok(Similar {
                order_id: e.id,
                number: e.number,
                score,
                reason: reason.to_string(),
                explanation: reasons
                    .iter()
                    .map(|(r, s)| explain(r, *s))
                    .collect::<Vec<_>>()
                    .join("；"),
                reasons: reasons.iter().map(|(r, _)| r.to_string()).collect(),
                channel: e.channel,
                registered_at: tongban_store::instant(e.registered_at)?,
            })
        })
        .collect::<tongban_store::Result<_>>()?;
    similar.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.order_id.cmp(&a.order_id))
    });
    similar.truncate(MAX_SIMILAR);
    Ok(similar)
}

fn party_reasons(e: &Earlier, keys: &[(&'static str, String)]) -> Vec<(&'static str, f32)> {
    let mut reasons = Vec::new();
    for (column, value) in keys {
        let (stored, reason, score) = match *column {
            "appellant_id_number" => (&e.appellant_id_number, "same_id_number", 1.0),
            "appellant_phone" => (&e.appellant_phone, "same_phone", 0.9),
            _ => (&e.case_number, "same_case_number", 0.8),
        };
        if stored.as_deref() == Some(value.as_str()) {
            reasons.push((reason, score));
        }
    }
    reasons
}

fn explain(reason: &str, score: f32) -> String {
    match reason {
        "same_id_number" => "同一身份证号".to_string(),
        "same_phone" => "同一来电号码".to_string(),
        "same_case_number" => "同一案号".to_string(),
        _ => format!("内容相似（{:.0}%）", score * 100.0),
    }
}
