//! 知识库条目 a knowledge-base entry as written by its owner.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::values::required_text;

crate::vocabulary!(
    /// 条目状态 whether the virtual agent and agents see an entry
    KbStatus {
        Draft = "draft" / "草稿",
        Published = "published" / "已发布",
        Retired = "retired" / "已停用",
    }
);

/// An entry's content, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbDraft {
    pub category: String,
    pub question: String,
    pub alternatives: Vec<String>,
    pub answer: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub owner: String,
}

impl KbDraft {
    /// Trims the texts and checks lengths and the validity range.
    pub fn checked(self) -> Result<KbDraft, DomainError> {
        let alternatives: Vec<String> = self
            .alternatives
            .iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        if alternatives.len() > 50 || alternatives.iter().any(|a| a.chars().count() > 200) {
            return Err(DomainError::invalid(
                "alternatives",
                "invalid_alternatives",
                "相似问最多50条，每条不超过200字",
            ));
        }
        if let (Some(from), Some(to)) = (self.valid_from, self.valid_to)
            && to < from
        {
            return Err(DomainError::invalid(
                "valid_to",
                "invalid_validity",
                "失效日期不能早于生效日期",
            ));
        }
        Ok(KbDraft {
            category: required_text("category", &self.category, 20)?,
            question: required_text("question", &self.question, 200)?,
            alternatives,
            answer: required_text("answer", &self.answer, 5_000)?,
            owner: required_text("owner", &self.owner, 50)?,
            ..self
        })
    }

    /// Whether the entry is in force on `day`.
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day <= t)
    }
}
