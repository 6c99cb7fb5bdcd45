//! 居民身份证号码 an 18-character resident ID number (GB 11643-1999), with its check character.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fold_width;
use crate::DomainError;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";
/// The first two digits: provinces, autonomous regions, municipalities, HK/Macau/Taiwan.
const PROVINCE_CODES: &[u32] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

/// A resident ID number whose region, birth date and check character are valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdCardNo(String);

impl IdCardNo {
    pub fn parse(input: &str) -> Result<IdCardNo, DomainError> {
        let value = fold_width(input).trim().to_ascii_uppercase();
        let bytes = value.as_bytes();
        let well_formed = bytes.len() == 18
            && bytes[..17].iter().all(u8::is_ascii_digit)
            && (bytes[17].is_ascii_digit() || bytes[17] == b'X');
        if !well_formed {
            return Err(invalid("身份证号码应为18位，前17位为数字，末位为数字或X"));
        }
        let province: u32 = value[..2].parse().unwrap_or(0);
        if !PROVINCE_CODES.contains(&province) {
            return Err(invalid("身份证号码的地区码无效"));
        }
        if NaiveDate::parse_from_str(&value[6..14], "%Y%m%d").is_err() || &value[6..8] < "19" {
            return Err(invalid("身份证号码中的出生日期无效"));
        }
        if check_char(&bytes[..17]) != bytes[17] {
            return Err(invalid("身份证号码校验位不正确"));
        }
        Ok(IdCardNo(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Only the first four and last four characters shown.
    pub fn masked(&self) -> String {
        format!("{}**********{}", &self.0[..4], &self.0[14..])
    }
}

/// The GB 11643 check character of the first 17 digits.
pub(crate) fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

fn invalid(message: &'static str) -> DomainError {
    DomainError::invalid("id_number", "invalid_id_number", message)
}

impl TryFrom<String> for IdCardNo {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        IdCardNo::parse(&value)
    }
}

impl From<IdCardNo> for String {
    fn from(id: IdCardNo) -> String {
        id.0
    }
}

impl fmt::Display for IdCardNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn with_check(first17: &str) -> String {
        let check = check_char(first17.as_bytes()) as char;
        format!("{first17}{check}")
    }

    #[test]
    fn accepts_the_standard_example() {
        // The worked example of GB 11643-1999.
        assert_eq!(
            IdCardNo::parse("11010519491231002X").unwrap().as_str(),
            "11010519491231002X"
        );
        assert_eq!(
            IdCardNo::parse("11010519491231002x").unwrap().as_str(),
            "11010519491231002X"
        );
    }

    #[test]
    fn rejects_wrong_check_char_region_date_and_shape() {
        let cases = [
            ("110105194912310021", "校验位"),
            ("99010519491231002X", "地区码"),
            ("110105194902300028", "出生日期"),
            ("11010519491231002", "18位"),
            ("1101051949123100AX", "18位"),
        ];
        for (bad, why) in cases {
            let err = IdCardNo::parse(bad).unwrap_err();
            assert_eq!(err.code, "invalid_id_number");
            assert!(err.message.contains(why), "{bad}: {}", err.message);
        }
    }

    #[test]
    fn masks_all_but_the_ends() {
        assert_eq!(
            IdCardNo::parse("11010519491231002X").unwrap().masked(),
            "1101**********002X"
        );
    }

    proptest! {
        #[test]
        fn every_valid_number_parses_and_any_other_check_char_fails(
            area in 440300u32..440399, year in 1930u32..2020, day in 1u32..28, month in 1u32..13, seq in 0u32..1000
        ) {
            let first17 = format!("{area}{year}{month:02}{day:02}{seq:03}");
            let good = with_check(&first17);
            prop_assert!(IdCardNo::parse(&good).is_ok());
            for other in "0123456789X".chars().filter(|c| !good.ends_with(*c)) {
                let wrong = format!("{first17}{other}");
                prop_assert!(IdCardNo::parse(&wrong).is_err());
            }
        }
    }
}
