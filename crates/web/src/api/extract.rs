//! Request extractors whose refusals use the API's error format.

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Json, Path, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use tongban_app::parse_json;

use crate::error::ApiError;

/// A JSON body, parsed with the failing field named.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<serde_json::Value>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(parse_json(value)?)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "请求体须为 JSON（Content-Type: application/json）",
            )),
            Err(_) => Err(invalid_json()),
        }
    }
}

fn invalid_json() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_json",
        "请求体不是有效的 JSON",
    )
}

/// A JSON body that may be empty (actions such as `accept` need none).
pub struct OptionalJson(pub serde_json::Value);

impl<S: Send + Sync> FromRequest<S> for OptionalJson {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| invalid_json())?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(serde_json::Value::Null));
        }
        serde_json::from_slice(&bytes)
            .map(OptionalJson)
            .map_err(|_| invalid_json())
    }
}

/// Query parameters; a malformed one is a 422.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(q)| ApiQuery(q))
            .map_err(|rejection: QueryRejection| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_query",
                    format!("查询参数无效：{}", rejection.body_text()),
                )
            })
    }
}

/// Path parameters; one that cannot be parsed names nothing that exists: 404.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(p)| ApiPath(p))
            .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "not_found", "请求的资源不存在"))
    }
}
