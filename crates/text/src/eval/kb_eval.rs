//! Knowledge-base retrieval evaluation (issue 5, "Measured"): build the KB from part of the
//! legal FAQ and of the government messages with replies, ask with reworded questions of
//! entries in the KB and with held-back questions that the KB cannot answer.

use std::path::Path;

use serde::Serialize;

use super::data::read_jsonl;
use crate::error::TextError;
use crate::retrieval::{KbAnswer, KbConfig, KbEntry, KbIndex};
use crate::rng::SplitMix64;
use crate::segment::Segmenter;

/// Figures for one kind of query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KbQueryEval {
    /// What the queries are.
    pub kind: String,
    /// Number of queries.
    pub n: usize,
    /// Whether the KB holds the right entry (answerable) or not (held back).
    pub answerable: bool,
    /// Share whose top hit is the right entry (answerable queries only).
    pub top1: f64,
    /// Share whose right entry is in the top 3 (answerable queries only).
    pub top3: f64,
    /// Share handed over to a person.
    pub handed_over: f64,
    /// Share answered with a wrong entry (for held-back queries: every answer is wrong).
    pub answered_wrong: f64,
    /// Share answered right (0 for held-back queries).
    pub answered_right: f64,
}

/// The whole KB evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KbEval {
    /// Entries in the KB.
    pub kb_size: usize,
    /// One line per kind of query.
    pub queries: Vec<KbQueryEval>,
    /// Build time of the index in milliseconds.
    pub build_ms: f64,
}

/// Builds the KB from 80% of `legal_consult_qa.jsonl` (question → answer) and 80% of
/// `gov_messages_with_replies.jsonl` (subject → reply), then asks:
/// - legal, reworded: an in-KB question with a third of its words dropped (synthetic rewording);
/// - gov, reworded: an in-KB message asked with the first 60 characters of its detail (the
///   citizen's own words, written for the same matter as the subject in the KB);
/// - legal and gov held back: the 20% questions not in the KB (the right action is to hand over).
pub fn kb_eval(data_dir: &Path, seed: u64) -> Result<KbEval, TextError> {
    let legal = read_jsonl(&data_dir.join("legal_consult_qa.jsonl"))?;
    let gov = read_jsonl(&data_dir.join("gov_messages_with_replies.jsonl"))?;
    let s = |v: &serde_json::Value, k: &str| {
        v.get(k)
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let mut rng = SplitMix64::new(seed);
    let mut split = |n: usize| {
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let cut = n * 4 / 5;
        (order[..cut].to_vec(), order[cut..].to_vec())
    };
    let (legal_in, legal_out) = split(legal.len());
    let (gov_in, gov_out) = split(gov.len());
    let mut entries = Vec::new();
    for &i in &legal_in {
        entries.push(KbEntry {
            id: format!("legal-{i}"),
            question: s(&legal[i], "question"),
            alternatives: vec![],
            answer: s(&legal[i], "answer"),
        });
    }
    for &i in &gov_in {
        entries.push(KbEntry {
            id: format!("gov-{i}"),
            question: s(&gov[i], "subject"),
            alternatives: vec![],
            answer: s(&gov[i], "reply"),
        });
    }
    let t = std::time::Instant::now();
    let index = KbIndex::build(entries, KbConfig::default());
    let build_ms = t.elapsed().as_secs_f64() * 1000.0;

    let seg = Segmenter::global();
    let mut rng = SplitMix64::new(seed ^ 0xAB);
    let mut reword = |q: &str| -> String {
        let kept: String = seg
            .cut(q)
            .into_iter()
            .filter(|_| rng.unit() >= 1.0 / 3.0)
            .collect();
        if kept.is_empty() { q.to_string() } else { kept }
    };
    let legal_rw: Vec<(String, Option<String>)> = legal_in
        .iter()
        .map(|&i| {
            (
                reword(&s(&legal[i], "question")),
                Some(format!("legal-{i}")),
            )
        })
        .collect();
    let gov_rw: Vec<(String, Option<String>)> = gov_in
        .iter()
        .map(|&i| {
            (
                s(&gov[i], "detail").chars().take(60).collect(),
                Some(format!("gov-{i}")),
            )
        })
        .collect();
    let legal_ho: Vec<(String, Option<String>)> = legal_out
        .iter()
        .map(|&i| (s(&legal[i], "question"), None))
        .collect();
    let gov_ho: Vec<(String, Option<String>)> = gov_out
        .iter()
        .map(|&i| (s(&gov[i], "subject"), None))
        .collect();
    let queries = vec![
        measure(
            &index,
            "legal FAQ, in KB, synthetic rewording (1/3 of words dropped)",
            &legal_rw,
        ),
        measure(
            &index,
            "gov messages, in KB, asked with the first 60 chars of the detail",
            &gov_rw,
        ),
        measure(&index, "legal FAQ, held back (not in KB)", &legal_ho),
        measure(&index, "gov messages, held back (not in KB)", &gov_ho),
    ];
    Ok(KbEval {
        kb_size: index.len(),
        queries,
        build_ms,
    })
}

fn measure(index: &KbIndex, kind: &str, qs: &[(String, Option<String>)]) -> KbQueryEval {
    let (mut top1, mut top3, mut ho, mut wrong, mut right) = (0, 0, 0, 0, 0);
    for (q, truth) in qs {
        let hits = index.search(q, 3);
        if let Some(t) = truth {
            top1 += usize::from(hits.first().is_some_and(|h| &h.id == t));
            top3 += usize::from(hits.iter().any(|h| &h.id == t));
        }
        match index.answer(q) {
            KbAnswer::HandOver(_) => ho += 1,
            KbAnswer::Answer(h) if Some(&h.id) == truth.as_ref() => right += 1,
            KbAnswer::Answer(_) => wrong += 1,
        }
    }
    let n = qs.len().max(1) as f64;
    KbQueryEval {
        kind: kind.to_string(),
        n: qs.len(),
        answerable: qs.first().is_some_and(|q| q.1.is_some()),
        top1: top1 as f64 / n,
        top3: top3 as f64 / n,
        handed_over: ho as f64 / n,
        answered_wrong: wrong as f64 / n,
        answered_right: right as f64 / n,
    }
}
