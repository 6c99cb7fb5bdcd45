//! 防伪令牌 the portal's double-submit token. Citizens have no session to hold a CSRF token,
//! so a random value goes both into a cookie (HttpOnly, SameSite=Strict, Path=/portal) and
//! into every form's hidden `_csrf` field; a POST is handled only when the two agree. Another
//! site can neither read the cookie nor make the browser send it with its own form.

use std::convert::Infallible;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::message;
use crate::auth::cookie;

const COOKIE: &str = "portal_csrf";
const FIELD: &str = "_csrf";

/// Tokens are 128 random bits in hex; a cookie of any other shape is replaced.
fn well_formed(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Compares in constant time, so the comparison tells nothing about the cookie.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |diff, (x, y)| diff | (x ^ y))
            == 0
}

/// Whether the request came over HTTPS (through a proxy): the cookie is then marked Secure.
pub(super) fn https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// The token of a page that shows forms: the visitor's own, or a new one that the response
/// sets as the cookie.
pub struct PageToken {
    pub value: String,
    fresh: bool,
    secure: bool,
}

impl PageToken {
    fn new(secure: bool) -> PageToken {
        PageToken {
            value: format!("{:032x}", rand::random::<u128>()),
            fresh: true,
            secure,
        }
    }

    /// The page as a response, setting the cookie when the token is new.
    pub fn attach(&self, page: impl IntoResponse) -> Response {
        let mut response = page.into_response();
        if self.fresh {
            let secure = if self.secure { "; Secure" } else { "" };
            let cookie = format!(
                "{COOKIE}={}; Path=/portal; HttpOnly; SameSite=Strict{secure}",
                self.value
            );
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
        }
        response
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageToken {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let secure = https(&parts.headers);
        Ok(
            match cookie(&parts.headers, COOKIE).filter(|t| well_formed(t)) {
                Some(value) => PageToken {
                    value: value.to_string(),
                    fresh: false,
                    secure,
                },
                None => PageToken::new(secure),
            },
        )
    }
}

/// A portal form whose `_csrf` field matched the cookie. Refused with 403 otherwise, before
/// anything is done; 413 beyond the body limit.
pub struct PortalForm<T> {
    pub form: T,
    /// The token that matched, for the forms of the page that answers.
    pub csrf: String,
    secure: bool,
}

impl<T> PortalForm<T> {
    /// A new token for the page that answers a submission, so that sending the same form
    /// again (a refreshed receipt) is refused instead of registering the appeal twice.
    pub fn renewed(&self) -> PageToken {
        PageToken::new(self.secure)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for PortalForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let secure = https(req.headers());
        let kept = cookie(req.headers(), COOKIE)
            .filter(|t| well_formed(t))
            .map(str::to_string);
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                message::too_large()
            } else {
                message::malformed()
            }
        })?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let sent = pairs
            .into_iter()
            .find(|(key, _)| key == FIELD)
            .map(|(_, value)| value);
        let csrf = match (kept, sent) {
            (Some(kept), Some(sent)) if same(&kept, &sent) => kept,
            _ => return Err(message::stale()),
        };
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|_| message::malformed())?;
        Ok(PortalForm { form, csrf, secure })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_compared_whole() {
        let a = "0123456789abcdef0123456789abcdef";
        assert!(same(a, a));
        assert!(!same(a, "0123456789abcdef0123456789abcdee"));
        assert!(!same(a, &a[..31]));
        assert!(well_formed(&PageToken::new(false).value));
        assert!(!well_formed("<script>alert(1)</script>"));
    }
}
