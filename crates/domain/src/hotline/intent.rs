//! 意图识别 what a caller wants from the virtual agent, read from their words by rules that a
//! court can audit: a case number and progress words mean a progress question, "contact the
//! judge" words a contact request, complaint words without a question an appeal to register,
//! "a person" a hand-over; anything else is asked of the knowledge base.

use crate::codes::AppealType;
use crate::values::CaseNo;

crate::vocabulary!(
    /// 虚拟坐席动作 what the virtual agent did with a turn
    AssistantAction {
        Answer = "answer" / "知识库答复",
        Clarify = "clarify" / "请求澄清",
        CaseProgress = "case_progress" / "告知案件进度",
        ContactJudge = "contact_judge" / "转达联系法官",
        Handover = "handover" / "转人工",
        Register = "register" / "登记工单",
    }
);

/// What the caller wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// Asks for a person.
    Handover,
    /// Wants the judge of a case to contact them.
    ContactJudge(Option<CaseNo>),
    /// Asks how far their case has come.
    CaseProgress(Option<CaseNo>),
    /// States an appeal to be registered (complaint, report, suggestion, urging).
    Register(AppealType),
    /// Anything else: a question for the knowledge base.
    Question,
}

const HANDOVER: &[&str] = &[
    "转人工",
    "人工服务",
    "人工客服",
    "找人工",
    "接线员",
    "话务员",
];
const CONTACT_JUDGE: &[&str] = &[
    "联系法官",
    "找法官",
    "法官电话",
    "法官的电话",
    "联系承办",
    "联系书记员",
    "约见法官",
    "转告法官",
    "联系不上法官",
    "联系不到法官",
    "法官联系我",
];
const PROGRESS: &[&str] = &[
    "进度",
    "进展",
    "到哪一步",
    "什么阶段",
    "开庭时间",
    "什么时候开庭",
    "审理到",
    "判决出来",
    "结案了吗",
    "案件状态",
];
const QUESTION: &[&str] = &[
    "怎么", "如何", "怎样", "哪里", "哪些", "什么", "吗", "？", "?",
];
const REGISTER: &[(&str, AppealType)] = &[
    ("举报", AppealType::Report),
    ("投诉", AppealType::Complaint),
    ("催办", AppealType::Urging),
    ("建议", AppealType::Suggestion),
];

/// The first valid case number written in `text`, e.g. `(2026)粤0304民初1234号`.
pub fn find_case_number(text: &str) -> Option<CaseNo> {
    let chars: Vec<char> = text.chars().collect();
    for (start, c) in chars.iter().enumerate() {
        if !matches!(c, '(' | '（' | '〔' | '[' | '【') {
            continue;
        }
        let end = chars[start..].iter().take(40).position(|&c| c == '号')?;
        let candidate: String = chars[start..=start + end].iter().collect();
        if let Ok(case) = CaseNo::parse(&candidate) {
            return Some(case);
        }
    }
    None
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// Reads the caller's intent from one turn's words.
pub fn intent_of(text: &str) -> Intent {
    if has_any(text, HANDOVER) {
        return Intent::Handover;
    }
    let case = find_case_number(text);
    if has_any(text, CONTACT_JUDGE) {
        return Intent::ContactJudge(case);
    }
    if has_any(text, PROGRESS) && (case.is_some() || text.contains("案")) {
        return Intent::CaseProgress(case);
    }
    if !has_any(text, QUESTION)
        && let Some((_, kind)) = REGISTER.iter().find(|(w, _)| text.contains(w))
    {
        return Intent::Register(*kind);
    }
    Intent::Question
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_are_found_inside_sentences() {
        let case = find_case_number("我的案子（2026）粤0304民初1234号现在到哪一步了").unwrap();
        assert_eq!(case.to_string(), "(2026)粤0304民初1234号");
        assert_eq!(find_case_number("我想问(一下)诉讼费多少号"), None);
    }

    #[test]
    fn intents_follow_the_words() {
        assert_eq!(intent_of("帮我转人工"), Intent::Handover);
        assert!(matches!(
            intent_of("(2026)粤0304民初1234号的进度"),
            Intent::CaseProgress(Some(_))
        ));
        assert_eq!(intent_of("我的案件进度怎么样"), Intent::CaseProgress(None));
        assert!(matches!(
            intent_of("我要联系法官，案号(2026)粤0304民初1234号"),
            Intent::ContactJudge(Some(_))
        ));
        assert_eq!(
            intent_of("我要投诉执行局的工作人员态度恶劣"),
            Intent::Register(AppealType::Complaint)
        );
        assert_eq!(intent_of("怎么投诉法官？"), Intent::Question);
        assert_eq!(intent_of("诉讼费怎么交"), Intent::Question);
    }
}
