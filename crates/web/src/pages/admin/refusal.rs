//! 拒绝 a refused change, shown on the page next to what was typed: the Chinese message (field
//! codes replaced by their labels), the HTTP status, and the field to mark.

use axum::http::StatusCode;

use crate::error::ApiError;
use crate::pages::error::PageError;
use crate::pages::layout::Layout;

/// The labels of the fields the administration forms send.
const FIELD_LABELS: &[(&str, &str)] = &[
    ("display_name", "姓名"),
    ("username", "用户名"),
    ("password", "密码"),
    ("roles", "角色"),
    ("court_id", "法院"),
    ("department_id", "部门"),
    ("parent_id", "上级法院"),
    ("title", "职务"),
    ("phone", "电话"),
    ("level", "法院层级"),
    ("kind", "部门类别"),
    ("code", "法院代字"),
    ("name", "名称"),
];

/// A refusal to show on the form's page.
pub struct Refusal {
    pub status: StatusCode,
    pub message: String,
    /// The form field at fault, or empty.
    pub field: String,
}

impl Refusal {
    /// A refusal (4xx) stays on the page; a failure of the service becomes the error page.
    pub fn of(error: impl Into<ApiError>) -> Result<Refusal, PageError> {
        let error = error.into();
        if !error.status().is_client_error() {
            return Err(PageError(error));
        }
        let field = error.field().unwrap_or_default().to_string();
        let label = FIELD_LABELS
            .iter()
            .find(|(code, _)| *code == field)
            .map(|(_, label)| *label);
        let message = match label {
            Some(label) => error.message().replace(&field, label),
            None => error.message().to_string(),
        };
        Ok(Refusal {
            status: error.status(),
            message,
            field,
        })
    }

    /// Puts the outcome of a form on the page: a notice (200) or this refusal (its status),
    /// and the field to mark.
    pub fn shown(
        layout: Layout,
        outcome: Result<Option<&str>, Refusal>,
    ) -> (Layout, StatusCode, String) {
        match outcome {
            Ok(Some(notice)) => (layout.with_notice(notice), StatusCode::OK, String::new()),
            Ok(None) => (layout, StatusCode::OK, String::new()),
            Err(refusal) => (
                layout.with_error(refusal.message),
                refusal.status,
                refusal.field,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use tongban_domain::DomainError;

    use super::*;

    fn refusal(error: DomainError) -> Refusal {
        let Ok(refusal) = Refusal::of(error) else {
            panic!("a refusal, not a failure")
        };
        refusal
    }

    #[test]
    fn field_codes_become_labels() {
        let missing = refusal(DomainError::missing("display_name"));
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(missing.message, "缺少必填项：姓名");
        assert_eq!(missing.field, "display_name");
        let too_long = refusal(DomainError::invalid(
            "name",
            "too_long",
            "name 超过 100 个字符",
        ));
        assert_eq!(too_long.message, "名称 超过 100 个字符");
        let conflict = refusal(DomainError::conflict("username_taken", "用户名已被使用"));
        assert_eq!(
            (
                conflict.status,
                conflict.message.as_str(),
                conflict.field.as_str()
            ),
            (StatusCode::CONFLICT, "用户名已被使用", "")
        );
    }

    #[test]
    fn failures_of_the_service_are_not_refusals() {
        assert!(Refusal::of(tongban_app::AppError::Unavailable).is_err());
    }
}
