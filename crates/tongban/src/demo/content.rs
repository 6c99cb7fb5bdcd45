//! The demo texts, written for the demo city (not taken from any real data).

use serde::Deserialize;
use tongban_domain::codes::{AppealType, Area, Channel, Complexity, Urgency};

/// One appeal as a citizen might put it, with a handler's reply.
#[derive(Debug, Clone, Deserialize)]
pub struct Template {
    #[serde(skip, default = "other")]
    pub appeal_type: AppealType,
    pub area: Area,
    pub complexity: Complexity,
    pub urgency: Urgency,
    /// May hold `{case}` where a case number goes.
    pub content: String,
    pub reply: String,
    pub case_type: Option<String>,
    pub channel_hint: Option<Channel>,
}

fn other() -> AppealType {
    AppealType::Other
}

const APPEALS: &[(AppealType, &str)] = &[
    (
        AppealType::Consultation,
        include_str!("../../demo/appeals/consultation.json"),
    ),
    (
        AppealType::Urging,
        include_str!("../../demo/appeals/urging.json"),
    ),
    (
        AppealType::ContactJudge,
        include_str!("../../demo/appeals/contact_judge.json"),
    ),
    (
        AppealType::Complaint,
        include_str!("../../demo/appeals/complaint.json"),
    ),
    (
        AppealType::Report,
        include_str!("../../demo/appeals/report.json"),
    ),
    (
        AppealType::Suggestion,
        include_str!("../../demo/appeals/suggestion.json"),
    ),
    (
        AppealType::Help,
        include_str!("../../demo/appeals/help.json"),
    ),
    (
        AppealType::Petition,
        include_str!("../../demo/appeals/petition.json"),
    ),
    (
        AppealType::Other,
        include_str!("../../demo/appeals/other.json"),
    ),
];

/// Every appeal template, each with its type.
pub fn templates() -> Vec<Template> {
    APPEALS
        .iter()
        .flat_map(|(appeal_type, json)| {
            let parsed: Vec<Template> = serde_json::from_str(json).expect("demo appeals parse");
            parsed.into_iter().map(move |t| Template {
                appeal_type: *appeal_type,
                ..t
            })
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct People {
    pub surnames: Vec<String>,
    pub given_names: Vec<String>,
}

pub fn people() -> People {
    serde_json::from_str(include_str!("../../demo/people.json")).expect("demo people parse")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_templates_and_case_placeholders_have_a_type() {
        let all = templates();
        for appeal_type in AppealType::ALL {
            assert!(
                all.iter().any(|t| t.appeal_type == *appeal_type),
                "{appeal_type}"
            );
        }
        for t in &all {
            assert_eq!(
                t.content.contains("{case}"),
                t.case_type.is_some(),
                "{}",
                t.content
            );
        }
        assert!(people().surnames.len() >= 50);
    }
}
