//! 案号 a case number as the Supreme People's Court's rules on case numbers write it:
//! `(2026)粤0304民初1234号` = (year) province + court code + case-type code + serial + 号.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::fold_width;
use crate::DomainError;

/// 省级行政区划简称 as used in case numbers; 最高法 for the Supreme People's Court.
const PROVINCES: &[&str] = &[
    "最高法",
    "京",
    "津",
    "冀",
    "晋",
    "内",
    "辽",
    "吉",
    "黑",
    "沪",
    "苏",
    "浙",
    "皖",
    "闽",
    "赣",
    "鲁",
    "豫",
    "鄂",
    "湘",
    "粤",
    "桂",
    "琼",
    "渝",
    "川",
    "黔",
    "云",
    "藏",
    "陕",
    "甘",
    "青",
    "宁",
    "新",
    "兵",
];

/// 案件类型代字 the case-type codes a court's appeal service meets (civil, criminal,
/// administrative, enforcement, preservation, bankruptcy, compensation, pre-suit mediation).
const CASE_TYPES: &[&str] = &[
    "民初",
    "民终",
    "民再",
    "民申",
    "民抗",
    "民监",
    "民提",
    "民特",
    "民催",
    "民督",
    "民撤",
    "民他",
    "民辖",
    "民辖终",
    "民辖监",
    "民诉前调",
    "诉前调",
    "民诉前保",
    "刑初",
    "刑终",
    "刑再",
    "刑申",
    "刑抗",
    "刑监",
    "刑提",
    "刑更",
    "刑医",
    "刑他",
    "刑辖",
    "刑核",
    "刑复",
    "行初",
    "行终",
    "行再",
    "行申",
    "行抗",
    "行监",
    "行审",
    "行审复",
    "行他",
    "行辖",
    "行赔初",
    "行赔终",
    "执",
    "执恢",
    "执保",
    "执异",
    "执复",
    "执监",
    "执协",
    "执他",
    "执清",
    "财保",
    "破申",
    "破",
    "破终",
    "强清",
    "赔",
    "委赔",
    "法赔",
    "司救",
    "司惩",
    "知民初",
    "知民终",
    "知行初",
    "知行终",
    "知刑初",
    "知刑终",
    "认台",
    "认港",
    "认澳",
    "协外认",
];

/// A parsed and validated case number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseNo {
    pub year: u16,
    /// 省级简称, e.g. 粤
    pub province: String,
    /// 法院代字 digits: `03` an intermediate court, `0304` a basic court, empty a high court.
    pub court_code: String,
    /// 类型代字, e.g. 民初
    pub case_type: String,
    /// 顺序号
    pub serial: u32,
}

impl CaseNo {
    pub fn parse(input: &str) -> Result<CaseNo, DomainError> {
        let text: String = fold_width(input)
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '〔' | '[' | '【' => '(',
                '〕' | ']' | '】' => ')',
                other => other,
            })
            .collect();
        let rest = text
            .strip_prefix('(')
            .ok_or_else(|| invalid("案号应以括号内的年份开头，如(2026)粤0304民初1234号"))?;
        let (year, rest) = rest
            .split_once(')')
            .ok_or_else(|| invalid("案号的年份括号不完整"))?;
        let year: u16 = match year.parse() {
            Ok(y) if year.len() == 4 && (1990..=2100).contains(&y) => y,
            _ => return Err(invalid("案号年份应为四位数字")),
        };
        let province = PROVINCES
            .iter()
            .find(|p| rest.starts_with(**p))
            .ok_or_else(|| invalid("案号中的省份简称无效"))?;
        let rest = &rest[province.len()..];
        let code_len = rest.chars().take_while(char::is_ascii_digit).count();
        if !matches!(code_len, 0 | 2 | 4) {
            return Err(invalid("案号中的法院代字应为2位或4位数字"));
        }
        let (court_code, rest) = rest.split_at(code_len);
        let rest = rest
            .strip_suffix('号')
            .ok_or_else(|| invalid("案号应以“号”结尾"))?;
        let type_len = rest.len() - rest.chars().rev().take_while(char::is_ascii_digit).count();
        let (case_type, serial) = rest.split_at(type_len);
        if !CASE_TYPES.contains(&case_type) {
            return Err(invalid(format!("未知的案件类型代字“{case_type}”")));
        }
        let serial: u32 = match serial.parse() {
            Ok(s) if s > 0 && serial.len() <= 6 && !serial.starts_with('0') => s,
            _ => return Err(invalid("案号顺序号应为不以0开头的1至6位数字")),
        };
        Ok(CaseNo {
            year,
            province: (*province).to_string(),
            court_code: court_code.to_string(),
            case_type: case_type.to_string(),
            serial,
        })
    }

    /// The court part as written in the number, e.g. `粤0304`.
    pub fn court(&self) -> String {
        format!("{}{}", self.province, self.court_code)
    }

    /// Whether this is an enforcement case (执行案件).
    pub fn is_enforcement(&self) -> bool {
        self.case_type.starts_with('执') || self.case_type == "财保"
    }
}

fn invalid(message: impl Into<std::borrow::Cow<'static, str>>) -> DomainError {
    DomainError::invalid("case_number", "invalid_case_number", message)
}

impl fmt::Display for CaseNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "({}){}{}{}{}号",
            self.year, self.province, self.court_code, self.case_type, self.serial
        )
    }
}

impl TryFrom<String> for CaseNo {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CaseNo::parse(&value)
    }
}

impl From<CaseNo> for String {
    fn from(case: CaseNo) -> String {
        case.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_basic_court_civil_case() {
        let case = CaseNo::parse("(2026)粤0304民初1234号").unwrap();
        assert_eq!(case.year, 2026);
        assert_eq!(case.province, "粤");
        assert_eq!(case.court_code, "0304");
        assert_eq!(case.case_type, "民初");
        assert_eq!(case.serial, 1234);
        assert_eq!(case.court(), "粤0304");
        assert!(!case.is_enforcement());
    }

    #[test]
    fn normalises_full_width_and_hexagonal_brackets() {
        let case = CaseNo::parse("〔２０２５〕粤03执恢 88号").unwrap();
        assert_eq!(case.to_string(), "(2025)粤03执恢88号");
        assert!(case.is_enforcement());
        assert_eq!(
            CaseNo::parse("（2024）最高法民申7号").unwrap().court(),
            "最高法"
        );
    }

    #[test]
    fn rejects_malformed_numbers_with_a_reason() {
        let cases = [
            ("2026粤0304民初1234号", "括号"),
            ("(26)粤0304民初1234号", "年份"),
            ("(2026)X0304民初1234号", "省份"),
            ("(2026)粤030民初1234号", "法院代字"),
            ("(2026)粤0304民初1234", "号"),
            ("(2026)粤0304民乱1234号", "类型代字"),
            ("(2026)粤0304民初0号", "顺序号"),
            ("(2026)粤0304民初1234567号", "顺序号"),
        ];
        for (bad, why) in cases {
            let err = CaseNo::parse(bad).unwrap_err();
            assert_eq!(err.code, "invalid_case_number", "{bad}");
            assert_eq!(err.field.as_deref(), Some("case_number"));
            assert!(err.message.contains(why), "{bad}: {}", err.message);
        }
    }
}
