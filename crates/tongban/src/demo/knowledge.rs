//! 知识库 the knowledge base the demo ships: about eighty entries on court services (filing,
//! fees, 法拍房 taxes, enforcement, mediation, records, contacting a judge, what 12368 does),
//! written by us, published as the service office's.

use serde::Deserialize;
use tongban_app::hotline::knowledge::{self, EntryInput};
use tongban_app::{App, Ctx};
use tongban_domain::hotline::KbStatus;

/// One shipped entry.
#[derive(Debug, Clone, Deserialize)]
pub struct Shipped {
    pub category: String,
    pub question: String,
    #[serde(default)]
    pub alternatives: Vec<String>,
    pub answer: String,
}

const PARTS: &[&str] = &[
    include_str!("../../demo/knowledge/part1.json"),
    include_str!("../../demo/knowledge/part2.json"),
    include_str!("../../demo/knowledge/part3.json"),
    include_str!("../../demo/knowledge/part4.json"),
];

/// Every shipped entry.
pub fn entries() -> Vec<Shipped> {
    PARTS
        .iter()
        .flat_map(|part| {
            serde_json::from_str::<Vec<Shipped>>(part).expect("shipped knowledge parses")
        })
        .collect()
}

/// Publishes the shipped entries unless the knowledge base has entries already; returns how
/// many were added.
pub async fn load_if_empty(app: &App) -> anyhow::Result<usize> {
    let (_, total) = knowledge::list(app, None, None, 1, 1).await?;
    if total > 0 {
        return Ok(0);
    }
    let inputs = entries()
        .into_iter()
        .map(|e| EntryInput {
            category: e.category,
            question: e.question,
            alternatives: e.alternatives,
            answer: e.answer,
            valid_from: None,
            valid_to: None,
            owner: Some("群众诉求服务处".into()),
            status: Some(KbStatus::Published),
            version: None,
        })
        .collect();
    Ok(knowledge::import(app, &Ctx::system(), inputs).await?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_entries_parse_and_are_about_eighty() {
        let entries = super::entries();
        assert!((80..=100).contains(&entries.len()), "{}", entries.len());
        assert!(entries.iter().all(|e| !e.answer.is_empty()));
    }
}
