//! Full-text search helpers (全文检索): the words an order is indexed under, the words a query
//! asks for, the ranking of candidates the database found, and highlighted snippets.
//!
//! The database (SQLite FTS5 or PostgreSQL tsvector) only finds the orders that contain every
//! query word; ranking happens here so that both backends give the same order.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::normalize::normalize;
use crate::segment::{Segmenter, is_stopword};

/// The most query words used; the rest of a long query is ignored.
pub const MAX_QUERY_TERMS: usize = 8;

/// Words under which a text is indexed: jieba's search mode (a long word also yields its
/// dictionary sub-words: 执行异议 → 执行, 异议, 执行异议), lower-cased, stop words dropped.
pub fn index_terms(text: &str) -> Vec<String> {
    Segmenter::global()
        .search_words(&normalize(text))
        .into_iter()
        .filter(|w| !is_stopword(w))
        .collect()
}

/// The distinct words of a query, in order, at most [`MAX_QUERY_TERMS`]: the query is cut in
/// search mode and a long word is replaced by its sub-words when they cover it (财产保全 →
/// 财产, 保全), because the same long word may be cut differently inside a longer text
/// (财产/保全申请). Stop words are dropped unless nothing else is left.
pub fn query_terms(query: &str) -> Vec<String> {
    let words = Segmenter::global().search_words(&normalize(query));
    let kept: Vec<&String> = words
        .iter()
        .filter(|w| !covered_by_parts(w, &words))
        .collect();
    let meaningful: Vec<&String> = kept.iter().copied().filter(|w| !is_stopword(w)).collect();
    let chosen = if meaningful.is_empty() {
        kept
    } else {
        meaningful
    };
    distinct(chosen)
}

/// The exact phrases of a query: the long words [`query_terms`] replaced by their sub-words
/// (执行款 → 执行, 行款). A text indexed under the long word contains the phrase itself, not
/// just its parts somewhere, and is ranked first.
pub fn query_phrases(query: &str) -> Vec<String> {
    let words = Segmenter::global().search_words(&normalize(query));
    distinct(
        words
            .iter()
            .filter(|w| !is_stopword(w) && covered_by_parts(w, &words))
            .collect(),
    )
}

fn distinct(words: Vec<&String>) -> Vec<String> {
    let mut seen = HashSet::new();
    words
        .into_iter()
        .filter(|w| seen.insert(w.as_str()))
        .take(MAX_QUERY_TERMS)
        .cloned()
        .collect()
}

/// True when shorter words of `all` cover every character of `word`.
fn covered_by_parts(word: &str, all: &[String]) -> bool {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 {
        return false;
    }
    let mut covered = vec![false; chars.len()];
    for part in all.iter().filter(|p| p.chars().count() < chars.len()) {
        let part: Vec<char> = part.chars().collect();
        for i in 0..=chars.len().saturating_sub(part.len()) {
            if chars[i..].starts_with(&part) {
                covered[i..i + part.len()]
                    .iter_mut()
                    .for_each(|c| *c = true);
            }
        }
    }
    covered.iter().all(|c| *c)
}

/// How many of `phrases` a candidate's indexed words (joined by spaces) contain.
pub fn phrase_hits(words: &str, phrases: &[String]) -> usize {
    phrases
        .iter()
        .filter(|p| words.split(' ').any(|w| w == p.as_str()))
        .count()
}

/// BM25 term-frequency part of a candidate's score (every candidate contains every term, so
/// the inverse document frequencies are common to all and left out). `words` is the indexed
/// text (words joined by spaces); `avg_len` the mean number of words of the candidates.
pub fn rank(words: &str, terms: &[String], avg_len: f32) -> f32 {
    const K1: f32 = 1.2;
    const B: f32 = 0.75;
    let tokens: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
    let len = tokens.len() as f32;
    let norm = K1 * (1.0 - B + B * len / avg_len.max(1.0));
    terms
        .iter()
        .map(|t| {
            let tf = tokens.iter().filter(|w| **w == t.as_str()).count() as f32;
            tf * (K1 + 1.0) / (tf + norm)
        })
        .sum()
}

/// A piece of a text around the query words, with the matches marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    /// The piece of text (`…` where it was cut).
    pub text: String,
    /// Matches as `[start, end)` character offsets into `text`.
    pub marks: Vec<(usize, usize)>,
}

impl Snippet {
    /// The snippet as HTML, matches in `<mark>`, everything else escaped.
    pub fn to_html(&self) -> String {
        let chars: Vec<char> = self.text.chars().collect();
        let mut out = String::with_capacity(self.text.len() + 16 * self.marks.len());
        let mut at = 0;
        for &(start, end) in &self.marks {
            escape_into(&mut out, &chars[at..start]);
            out.push_str("<mark>");
            escape_into(&mut out, &chars[start..end]);
            out.push_str("</mark>");
            at = end;
        }
        escape_into(&mut out, &chars[at..]);
        out
    }
}

fn escape_into(out: &mut String, chars: &[char]) {
    for c in chars {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(*c),
        }
    }
}

/// Where the terms occur in `text` (ASCII case ignored): sorted character ranges, runs of
/// overlapping or touching occurrences merged (不动 + 动产 + 登记 → 不动产登记).
pub fn find_terms(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    let hay: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut covered = vec![false; hay.len()];
    for term in terms {
        let term: Vec<char> = term.chars().collect();
        if term.is_empty() || term.len() > hay.len() {
            continue;
        }
        for i in 0..=hay.len() - term.len() {
            if hay[i..i + term.len()] == term[..] {
                covered[i..i + term.len()]
                    .iter_mut()
                    .for_each(|c| *c = true);
            }
        }
    }
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in covered.iter().chain([&false]).enumerate() {
        match (c, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                found.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    found
}

/// A snippet of at most `width` characters of `text` around its first match (the start of the
/// text when nothing matches); `None` when `text` has no match and `need_match` is set.
pub fn snippet(text: &str, terms: &[String], width: usize, need_match: bool) -> Option<Snippet> {
    let marks = find_terms(text, terms);
    if need_match && marks.is_empty() {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let first = marks.first().map_or(0, |m| m.0);
    let start = first.saturating_sub(width / 4);
    let end = (start + width).min(chars.len());
    let start = end.saturating_sub(width).min(start);
    let mut out: String = String::new();
    let lead = if start > 0 { 1 } else { 0 };
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    let marks = marks
        .into_iter()
        .filter(|&(s, e)| s >= start && e <= end)
        .map(|(s, e)| (s - start + lead, e - start + lead))
        .collect();
    Some(Snippet { text: out, marks })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_are_indexed_with_their_parts() {
        let terms = index_terms("我想提出执行异议，法院不受理");
        for t in ["执行异议", "执行", "异议", "法院", "受理"] {
            assert!(terms.iter().any(|w| w == t), "{t} missing from {terms:?}");
        }
        assert!(
            !terms.iter().any(|w| w == "我"),
            "stop word kept: {terms:?}"
        );
    }

    #[test]
    fn query_words_are_distinct_and_meaningful() {
        assert_eq!(query_terms("请问 执行异议 执行异议"), vec!["执行", "异议"]);
        assert_eq!(query_terms("立案庭"), vec!["立案", "立案庭"]);
        assert_eq!(query_terms("ABC 案件"), vec!["abc", "案件"]);
        assert!(query_terms("，。！").is_empty());
    }

    #[test]
    fn a_replaced_long_word_is_the_phrase_a_text_must_contain() {
        assert_eq!(query_terms("执行款"), vec!["执行", "行款"]);
        assert_eq!(query_phrases("执行款"), vec!["执行款"]);
        assert!(query_phrases("法拍房 过户").is_empty());
        let phrases = query_phrases("执行款");
        assert_eq!(
            phrase_hits(&index_terms("申请执行款已到账").join(" "), &phrases),
            1
        );
        assert_eq!(
            phrase_hits(&index_terms("执行法官说行款").join(" "), &phrases),
            0
        );
    }

    #[test]
    fn every_query_word_of_an_indexed_text_is_found() {
        let text = "关于财产保全申请迟迟没有裁定的投诉，法官电话无人接听";
        let indexed = index_terms(text);
        for q in ["财产保全", "保全", "法官电话", "投诉 裁定"] {
            for t in query_terms(q) {
                assert!(indexed.contains(&t), "{q}: {t} not in {indexed:?}");
            }
        }
    }

    #[test]
    fn ranking_prefers_more_occurrences_and_shorter_texts() {
        let terms = vec!["保全".to_string()];
        let once = rank("保全 申请 裁定 法院 执行", &terms, 5.0);
        let twice = rank("保全 申请 保全 法院 执行", &terms, 5.0);
        let long = rank("保全 申请 裁定 法院 执行 一 二 三 四 五", &terms, 5.0);
        assert!(twice > once && once > long);
    }

    #[test]
    fn snippets_mark_matches_and_escape_html() {
        let s = snippet("<b>申请财产保全</b>被拖延", &["保全".to_string()], 40, true).unwrap();
        assert_eq!(s.marks, vec![(7, 9)]);
        assert_eq!(
            s.to_html(),
            "&lt;b&gt;申请财产<mark>保全</mark>&lt;/b&gt;被拖延"
        );
        assert!(snippet("无关", &["保全".to_string()], 40, true).is_none());
        let long = "甲".repeat(100) + "保全" + &"乙".repeat(100);
        let s = snippet(&long, &["保全".to_string()], 20, true).unwrap();
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        let (a, b) = s.marks[0];
        let marked: String = s.text.chars().skip(a).take(b - a).collect();
        assert_eq!(marked, "保全");
    }
}
