//! Text normalisation (文本规范化): full/half width folding (全角转半角), punctuation and
//! whitespace normalisation. Every other module works on normalised text.

/// Normalises a text for matching and features.
///
/// - full-width ASCII (全角) becomes half-width, the ideographic space becomes a space;
/// - CJK punctuation is mapped to one canonical ASCII form (`，`→`,`, `。`→`.`, `“”`→`"`, …)
///   and a run of the same punctuation mark collapses to one (`！！！` → `!`);
/// - ASCII letters are lower-cased;
/// - control and zero-width characters are dropped, runs of whitespace become one space, a space
///   between two CJK characters is dropped (`我 想 问` → `我想问`) and the ends are trimmed.
///
/// Traditional characters are left as they are.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut last: Option<char> = None;
    for raw in text.chars() {
        let c = fold_char(raw);
        if c == '\0' {
            continue;
        }
        if c == ' ' {
            pending_space = last.is_some();
            continue;
        }
        if pending_space {
            pending_space = false;
            let joins_cjk = last.is_some_and(is_cjk) && is_cjk(c);
            if !joins_cjk {
                out.push(' ');
                last = Some(' ');
            }
        }
        if last == Some(c) && is_punct(c) {
            continue;
        }
        out.push(c);
        last = Some(c);
    }
    out
}

/// Folds one character: width, punctuation, case. Returns `' '` for whitespace and `'\0'` for
/// characters to drop.
fn fold_char(c: char) -> char {
    let c = match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{FFE5}' => '¥',
        '。' | '｡' => '.',
        '、' | '､' => ',',
        '“' | '”' | '„' | '‟' | '″' | '「' | '」' | '『' | '』' | '〝' | '〞' => {
            '"'
        }
        '‘' | '’' | '‚' | '‛' | '′' => '\'',
        '《' | '〈' | '«' | '‹' => '<',
        '》' | '〉' | '»' | '›' => '>',
        '【' | '〔' | '〖' => '[',
        '】' | '〕' | '〗' => ']',
        '—' | '–' | '―' | '‐' | '‑' | '‒' | '─' => '-',
        '…' | '⋯' => '.',
        '•' | '∙' | '・' | '･' => '·',
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => '\0',
        _ => c,
    };
    if c.is_whitespace() {
        ' '
    } else if c.is_control() {
        '\0'
    } else {
        c.to_ascii_lowercase()
    }
}

/// True for a CJK ideograph (汉字), including the extension blocks in common use.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0xF900..=0xFAFF | 0x2A700..=0x2EBEF)
}

/// True for punctuation and symbols (after folding), i.e. characters that carry no word content.
pub fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '·' | '¥'
                | '～'
                | '°'
                | '×'
                | '÷'
                | '※'
                | '→'
                | '←'
                | '√'
                | '★'
                | '☆'
                | '○'
                | '●'
                | '□'
                | '■'
                | '△'
                | '▲'
                | '◆'
                | '◇'
        )
        || (!c.is_alphanumeric() && !c.is_whitespace() && !is_cjk(c))
}

/// True for characters that carry content: CJK ideographs, letters and digits.
pub fn is_content(c: char) -> bool {
    is_cjk(c) || c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_punctuation() {
        assert_eq!(normalize("ＡＢＣ１２３，你好！！！"), "abc123,你好!");
        assert_eq!(normalize("“立案”。"), "\"立案\".");
        assert_eq!(normalize("《民法典》【第一条】"), "<民法典>[第一条]");
    }

    #[test]
    fn whitespace() {
        assert_eq!(normalize("  我 想\u{3000}问 \t a  b \n"), "我想问 a b");
        assert_eq!(
            normalize("案号 (2024)京0105民初 123 号"),
            "案号 (2024)京0105民初 123 号"
        );
        assert_eq!(normalize("\u{200B}零宽\u{FEFF}"), "零宽");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn idempotent_on_samples() {
        for s in [
            "ＡＢ　ｃ，。",
            "执行 异议……怎么办？？",
            "Tel：１３８-0000-0000",
        ] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once);
        }
    }
}
