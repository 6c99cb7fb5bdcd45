//! 附件 uploading a file to an order, and downloading it (only for those who may see the order).

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tongban_app::attachments;
use tongban_domain::OrderId;

use super::detail;
use crate::AppState;
use crate::error::ApiError;
use crate::pages::error::PageResult;
use crate::pages::session::{StaffSession, urlencode};

pub async fn upload(
    State(state): State<AppState>,
    session: StaffSession,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> PageResult {
    let (mut csrf, mut file) = (None, None);
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("_csrf") => csrf = field.text().await.ok(),
            Some("file") => {
                let name = field.file_name().unwrap_or("附件").to_string();
                let bytes = field.bytes().await.map_err(|_| {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "too_large",
                        "附件超过 10 MB 或上传中断",
                    )
                })?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    if csrf.as_deref() != Some(session.csrf.as_str()) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf_failed",
            "请求缺少有效的防伪令牌，请刷新页面后重试",
        )
        .into());
    }
    let Some((name, data)) = file else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_field",
            "请选择要上传的文件",
        )
        .into());
    };
    match attachments::attach(&state.app, &session.ctx, OrderId(id), &name, data).await {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{id}")).into_response()),
        Err(error) => {
            let error = ApiError::from(error);
            let mut page = detail::build(&state, &session, OrderId(id), false, None).await?;
            page.layout = page
                .layout
                .with_error(format!("附件未能上传：{}", error.message()));
            Ok((error.status(), page).into_response())
        }
    }
}

pub async fn download(
    State(state): State<AppState>,
    session: StaffSession,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    let (info, data) = attachments::fetch(&state.app, &session.ctx, id).await?;
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        urlencode(&info.file_name)
    );
    let mut response = data.into_response();
    let headers = response.headers_mut();
    if let Ok(kind) = HeaderValue::from_str(&info.content_type) {
        headers.insert(header::CONTENT_TYPE, kind);
    }
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}
