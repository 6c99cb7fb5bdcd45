//! Small text helpers shared by the value parsers.

use crate::DomainError;

/// Folds full-width ASCII (ｑ１２（）) to half-width and the ideographic space to a space.
pub fn fold_width(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A trimmed, non-empty text no longer than `max_chars` characters.
pub fn required_text(
    field: &'static str,
    value: &str,
    max_chars: usize,
) -> Result<String, DomainError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(DomainError::missing(field));
    }
    if trimmed.chars().count() > max_chars {
        return Err(DomainError::invalid(
            field,
            "too_long",
            format!("{field} 超过 {max_chars} 个字符"),
        ));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_digits_and_parentheses() {
        assert_eq!(fold_width("（２０２６）"), "(2026)");
        assert_eq!(fold_width("a\u{3000}b"), "a b");
    }

    #[test]
    fn required_text_rejects_blank_and_overlong() {
        assert_eq!(required_text("content", "  hi ", 10).unwrap(), "hi");
        assert_eq!(
            required_text("content", "   ", 10).unwrap_err().code,
            "missing_field"
        );
        assert_eq!(
            required_text("content", "一二三", 2).unwrap_err().code,
            "too_long"
        );
    }
}
