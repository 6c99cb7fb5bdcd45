//! 联系电话 a mainland China telephone number: mobile (1[3-9]xxxxxxxxx) or landline with area code.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::fold_width;
use crate::DomainError;

/// A mainland phone number in canonical form: `13812345678` or `0755-83535678`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, DomainError> {
        let folded = fold_width(input);
        let digits: String = folded
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
            .collect();
        let digits = strip_country_code(&digits);
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid());
        }
        let bytes = digits.as_bytes();
        if bytes.len() == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]) {
            return Ok(Phone(digits.to_string()));
        }
        if bytes.first() == Some(&b'0') && (10..=12).contains(&bytes.len()) {
            // Area codes are 3 digits for the big cities (010, 02x), 4 for the rest.
            let area_len = if matches!(bytes[1], b'1' | b'2') {
                3
            } else {
                4
            };
            let local = &digits[area_len..];
            if (7..=8).contains(&local.len()) && !local.starts_with('0') {
                return Ok(Phone(format!("{}-{}", &digits[..area_len], local)));
            }
        }
        Err(invalid())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_mobile(&self) -> bool {
        !self.0.contains('-')
    }

    /// The number with its middle hidden: `138****5678`, `0755-****5678`.
    pub fn masked(&self) -> String {
        match self.0.split_once('-') {
            Some((area, local)) => {
                format!(
                    "{area}-{}{}",
                    "*".repeat(local.len() - 4),
                    &local[local.len() - 4..]
                )
            }
            None => format!("{}****{}", &self.0[..3], &self.0[7..]),
        }
    }
}

fn strip_country_code(digits: &str) -> &str {
    for prefix in ["+86", "0086", "86"] {
        if let Some(rest) = digits.strip_prefix(prefix)
            && rest.len() == 11
            && rest.starts_with('1')
        {
            return rest;
        }
    }
    digits
}

fn invalid() -> DomainError {
    DomainError::invalid(
        "phone",
        "invalid_phone",
        "电话号码格式不正确：应为11位手机号或带区号的固定电话",
    )
}

impl TryFrom<String> for Phone {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Phone::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> String {
        phone.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_mobiles_with_noise_and_country_code() {
        assert_eq!(
            Phone::parse("138 1234 5678").unwrap().as_str(),
            "13812345678"
        );
        assert_eq!(
            Phone::parse("+86 13812345678").unwrap().as_str(),
            "13812345678"
        );
        assert_eq!(
            Phone::parse("１３８１２３４５６７８").unwrap().as_str(),
            "13812345678"
        );
    }

    #[test]
    fn accepts_landlines_with_area_code() {
        assert_eq!(
            Phone::parse("0755-83535678").unwrap().as_str(),
            "0755-83535678"
        );
        assert_eq!(
            Phone::parse("01065881234").unwrap().as_str(),
            "010-65881234"
        );
        assert_eq!(
            Phone::parse("(020)87654321").unwrap().as_str(),
            "020-87654321"
        );
    }

    #[test]
    fn rejects_what_is_not_a_phone() {
        for bad in [
            "",
            "12368",
            "12812345678",
            "1381234567",
            "138123456789",
            "abc",
            "0755-0123",
        ] {
            let err = Phone::parse(bad).unwrap_err();
            assert_eq!(err.code, "invalid_phone", "{bad}");
            assert_eq!(err.field.as_deref(), Some("phone"));
        }
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(Phone::parse("13812345678").unwrap().masked(), "138****5678");
        assert_eq!(
            Phone::parse("0755-83535678").unwrap().masked(),
            "0755-****5678"
        );
    }
}
