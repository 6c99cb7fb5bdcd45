//! Why the domain refused something. Every refusal carries a stable machine code,
//! a Chinese message for people, and its kind (which the web layer maps to an HTTP status).

use std::borrow::Cow;

/// What kind of refusal this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// not logged in (401)
    Unauthenticated,
    /// role or scope does not allow it (403)
    Forbidden,
    /// unknown, or outside the actor's scope (404)
    NotFound,
    /// not allowed in the current state (409)
    Conflict,
    /// a field is missing or malformed (422)
    Invalid,
}

/// A refusal with a stable code and a Chinese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct DomainError {
    pub kind: ErrorKind,
    pub code: &'static str,
    pub message: Cow<'static, str>,
    /// The request field at fault, for `Invalid`.
    pub field: Option<Cow<'static, str>>,
}

impl DomainError {
    fn new(kind: ErrorKind, code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        DomainError {
            kind,
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn unauthenticated(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Unauthenticated, code, message)
    }

    pub fn forbidden(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Forbidden, code, message)
    }

    pub fn not_found(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::NotFound, code, message)
    }

    pub fn conflict(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Conflict, code, message)
    }

    /// A bad field: the code names the problem, `field` names the field.
    pub fn invalid(
        field: impl Into<Cow<'static, str>>,
        code: &'static str,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        DomainError {
            field: Some(field.into()),
            ..Self::new(ErrorKind::Invalid, code, message)
        }
    }

    /// The same error, attributed to another request field (e.g. `appellant.phone`).
    pub fn for_field(mut self, field: &'static str) -> Self {
        self.field = Some(field.into());
        self
    }

    /// A required field is absent or empty.
    pub fn missing(field: &'static str) -> Self {
        Self::missing_named(field)
    }

    /// A required field, named at run time, is absent.
    pub fn missing_named(field: impl Into<Cow<'static, str>>) -> Self {
        let field = field.into();
        let message = format!("缺少必填项：{field}");
        Self::invalid(field, "missing_field", message)
    }

    /// The order does not exist or the actor may not see it (indistinguishable on purpose).
    pub fn order_not_found() -> Self {
        Self::not_found("order_not_found", "工单不存在或无权查看")
    }
}
