//! Parsing request bodies with errors that name the field at fault.

use serde::de::DeserializeOwned;
use tongban_domain::DomainError;

/// Deserialises JSON; a missing or malformed field is a 422 naming it (`appellant.phone`).
pub fn parse_json<T: DeserializeOwned>(body: serde_json::Value) -> Result<T, DomainError> {
    serde_path_to_error::deserialize(body).map_err(|error| {
        let path = error.path().to_string();
        let detail = error.inner().to_string();
        // serde names a missing field only in its message: "missing field `name`".
        let missing = detail
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.to_string());
        match missing {
            Some(name) => {
                let field = if path == "." {
                    name
                } else {
                    format!("{path}.{name}")
                };
                DomainError::missing_named(field)
            }
            None => {
                let field = if path == "." {
                    "body".to_string()
                } else {
                    path
                };
                let message = format!("字段 {field} 无效：{detail}");
                DomainError::invalid(field, "invalid_field", message)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Inner {
        #[allow(dead_code)]
        phone: String,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Outer {
        #[allow(dead_code)]
        count: u32,
        #[allow(dead_code)]
        appellant: Inner,
    }

    #[test]
    fn names_missing_and_malformed_fields() {
        let missing =
            parse_json::<Outer>(serde_json::json!({"count": 1, "appellant": {}})).unwrap_err();
        assert_eq!(missing.field.as_deref(), Some("appellant.phone"));
        assert_eq!(missing.code, "missing_field");
        let wrong =
            parse_json::<Outer>(serde_json::json!({"count": "x", "appellant": {"phone": "1"}}))
                .unwrap_err();
        assert_eq!(wrong.field.as_deref(), Some("count"));
        assert_eq!(wrong.code, "invalid_field");
    }
}
