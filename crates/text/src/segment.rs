//! Word segmentation (分词): one shared jieba-rs instance with the court and legal user
//! dictionary (法院用户词典) that ships in `dict/court_terms.txt`.

use std::sync::LazyLock;

use jieba_rs::Jieba;

use crate::normalize::{is_content, normalize};

/// The court and legal user dictionary, one term per line (`#` starts a comment).
pub const COURT_DICTIONARY: &str = include_str!("../dict/court_terms.txt");

/// Function words too common to carry meaning (停用词) for features and explanations.
const STOPWORDS: &[&str] = &[
    "的",
    "了",
    "吗",
    "呢",
    "吧",
    "啊",
    "呀",
    "哦",
    "嗯",
    "么",
    "是",
    "在",
    "有",
    "和",
    "与",
    "及",
    "或",
    "也",
    "都",
    "就",
    "还",
    "又",
    "被",
    "把",
    "给",
    "对",
    "从",
    "向",
    "让",
    "着",
    "过",
    "这",
    "那",
    "这个",
    "那个",
    "一个",
    "我",
    "你",
    "他",
    "她",
    "它",
    "我们",
    "你们",
    "他们",
    "自己",
    "请问",
    "您好",
    "你好",
    "谢谢",
    "请",
    "一下",
    "一些",
    "什么",
    "怎么",
    "怎么办",
    "如何",
    "可以",
    "能",
    "会",
    "要",
    "想",
    "去",
    "来",
    "说",
    "个",
    "之",
    "其",
    "而",
    "但",
    "但是",
    "因为",
    "所以",
    "如果",
    "并",
    "等",
    "没有",
    "不",
    "很",
    "已经",
    "现在",
    "还是",
    "这样",
    "那么",
    "吗?",
    "么?",
];

static GLOBAL: LazyLock<Segmenter> = LazyLock::new(Segmenter::new);

/// A jieba segmenter with the court dictionary loaded. Building one costs ~150 ms: share it
/// (see [`Segmenter::global`]). It is `Send + Sync`.
pub struct Segmenter {
    jieba: Jieba,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter {
    /// Builds a segmenter: jieba's default dictionary plus [`COURT_DICTIONARY`].
    pub fn new() -> Self {
        let mut jieba = Jieba::new();
        for term in dictionary_terms() {
            // Frequency suggested by jieba so that the term is kept whole, raised a little so
            // that it also wins against overlapping default-dictionary words.
            let freq = jieba.suggest_freq(term).max(1) * 2;
            jieba.add_word(term, Some(freq), Some("n"));
        }
        Segmenter { jieba }
    }

    /// The process-wide shared segmenter, built on first use.
    pub fn global() -> &'static Segmenter {
        &GLOBAL
    }

    /// Raw jieba tokens of `text` (HMM on for unknown words), whitespace and punctuation
    /// included, as slices of the input.
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    /// Content words of `text`: the text is [`normalize`]d, cut, and tokens without any letter,
    /// digit or ideograph are dropped. Stop words are kept (see [`is_stopword`]).
    pub fn words(&self, text: &str) -> Vec<String> {
        let norm = normalize(text);
        self.words_normalized(&norm)
    }

    /// Like [`Segmenter::words`] for a text that is already normalised.
    pub fn words_normalized(&self, norm: &str) -> Vec<String> {
        self.jieba
            .cut(norm, true)
            .into_iter()
            .filter(|t| t.word.chars().any(is_content))
            .map(|t| t.word.to_string())
            .collect()
    }

    /// Words of a normalised text in jieba's search mode: a long word is followed by its
    /// dictionary sub-words. Tokens keep only letters, digits and ideographs, lower-cased.
    pub fn search_words(&self, norm: &str) -> Vec<String> {
        self.jieba
            .cut_for_search(norm, true)
            .into_iter()
            .map(|t| {
                t.word
                    .chars()
                    .filter(|c| is_content(*c))
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// True when `word` is in the dictionary (default or court).
    pub fn has_word(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }
}

/// The terms of [`COURT_DICTIONARY`], comments and blank lines skipped.
pub fn dictionary_terms() -> impl Iterator<Item = &'static str> {
    COURT_DICTIONARY
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

/// True for a function word that carries no topic (的, 了, 吗, 请问, …).
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn court_terms_stay_whole() {
        let seg = Segmenter::global();
        for (text, term) in [
            ("我要去立案庭问一下", "立案庭"),
            ("我想提出执行异议", "执行异议"),
            ("法院让我们先诉前调解", "诉前调解"),
            ("买了一套法拍房", "法拍房"),
            ("申请财产保全需要什么材料", "财产保全"),
            ("被列为失信被执行人了", "失信被执行人"),
            ("案件被终本了怎么办", "终本"),
            ("我打了12368热线", "12368热线"),
        ] {
            let words = seg.cut(text);
            assert!(words.contains(&term), "{text}: {words:?}");
        }
    }

    #[test]
    fn dictionary_is_large_and_clean() {
        let terms: Vec<_> = dictionary_terms().collect();
        assert!(terms.len() > 300);
        assert!(terms.iter().all(|t| !t.contains(char::is_whitespace)));
    }

    #[test]
    fn words_drop_punctuation() {
        let w = Segmenter::global().words("你好，请问诉讼费可以缓交吗？");
        assert!(w.iter().all(|x| x != "," && x != "?"));
        assert!(w.contains(&"诉讼费".to_string()));
        assert!(w.contains(&"缓交".to_string()));
    }
}
