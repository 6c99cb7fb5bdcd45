//! 附件 attaching scans, photos and documents to an order, and fetching them again.
//! The type is read from the file's first bytes, not taken from the uploader.

use serde_json::json;
use sha2::{Digest, Sha256};
use tongban_domain::order::{Status, may_see};
use tongban_domain::{DomainError, OrderId};
use tongban_store::attachments::{self as store, AttachmentInfo, NewAttachment};
use tongban_store::orders;

use crate::{App, AppError, Ctx, audit};

/// The largest file accepted.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The kinds of file accepted, recognised by their first bytes.
fn content_type(data: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (b"\xFF\xD8\xFF", "image/jpeg"),
        (b"\x89PNG\r\n\x1A\n", "image/png"),
        (b"%PDF-", "application/pdf"),
        (b"PK\x03\x04", "application/zip"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "application/msword"),
    ];
    KINDS
        .iter()
        .find(|(magic, _)| data.starts_with(magic))
        .map(|(_, kind)| *kind)
        .or_else(|| {
            std::str::from_utf8(data)
                .ok()
                .map(|_| "text/plain; charset=utf-8")
        })
}

/// The name shown for a file: no path, no control characters, at most 100 characters.
fn display_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    if clean.trim().is_empty() {
        "附件".to_string()
    } else {
        clean
    }
}

async fn visible_order(
    app: &App,
    ctx: &Ctx,
    id: OrderId,
) -> Result<tongban_domain::order::WorkOrder, AppError> {
    let mut read = app.db().read().await?;
    orders::get(&mut read.conn(), id)
        .await?
        .filter(|o| may_see(&ctx.actor, o))
        .ok_or_else(|| DomainError::order_not_found().into())
}

/// Attaches a file to an open order the actor can see.
pub async fn attach(
    app: &App,
    ctx: &Ctx,
    order: OrderId,
    file_name: &str,
    data: Vec<u8>,
) -> Result<AttachmentInfo, AppError> {
    let current = visible_order(app, ctx, order).await?;
    if current.status == Status::Closed {
        return Err(DomainError::conflict("invalid_state", "已办结的工单不能再添加附件").into());
    }
    if data.is_empty() || data.len() > MAX_BYTES {
        return Err(
            DomainError::invalid("file", "invalid_size", "附件大小应在1字节至10MB之间").into(),
        );
    }
    let kind = content_type(&data).ok_or_else(|| {
        DomainError::invalid(
            "file",
            "unsupported_type",
            "只接受 JPG、PNG、PDF、Word/Excel 文档和纯文本文件",
        )
    })?;
    let name = display_name(file_name);
    let sha = hex::encode(Sha256::digest(&data));
    let (ctx, now) = (ctx.clone(), app.now());
    let id = app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let new = NewAttachment {
                    order_id: order,
                    file_name: &name,
                    content_type: kind,
                    sha256: &sha,
                    data: &data,
                    uploaded_by: (!ctx.actor.system).then_some(ctx.actor.user_id),
                    uploaded_by_name: &ctx.actor.username,
                    at: now,
                };
                let id = store::insert(tx, &new).await?;
                let detail =
                    json!({"attachment_id": id, "name": name, "size": data.len(), "sha256": sha});
                audit::record(
                    tx,
                    audit::fact(&ctx, now, "order.attach", "order", Some(order.0), detail),
                )
                .await?;
                Ok::<_, AppError>(id)
            })
        })
        .await?;
    let mut read = app.db().read().await?;
    store::of_order(&mut read.conn(), order)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(AppError::Unavailable)
}

/// The files of an order the actor can see.
pub async fn of_order(
    app: &App,
    ctx: &Ctx,
    order: OrderId,
) -> Result<Vec<AttachmentInfo>, AppError> {
    visible_order(app, ctx, order).await?;
    let mut read = app.db().read().await?;
    Ok(store::of_order(&mut read.conn(), order).await?)
}

/// One file, for a user who may see its order; the download is recorded.
pub async fn fetch(app: &App, ctx: &Ctx, id: i64) -> Result<(AttachmentInfo, Vec<u8>), AppError> {
    let not_found = || DomainError::not_found("attachment_not_found", "附件不存在或无权查看");
    let (info, data) = {
        let mut read = app.db().read().await?;
        store::get(&mut read.conn(), id)
            .await?
            .ok_or_else(not_found)?
    };
    visible_order(app, ctx, info.order_id)
        .await
        .map_err(|_| not_found())?;
    let detail = json!({"attachment_id": id});
    audit::record_view(
        app,
        ctx,
        "order.attachment_view",
        "order",
        Some(info.order_id.0),
        detail,
    )
    .await?;
    Ok((info, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content_not_the_name() {
        assert_eq!(content_type(b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(content_type(b"\x89PNG\r\n\x1A\nxxxx"), Some("image/png"));
        assert_eq!(
            content_type("来信内容".as_bytes()),
            Some("text/plain; charset=utf-8")
        );
        assert_eq!(
            content_type(b"MZ\x90\x00\xFF\xFE"),
            None,
            "executables are refused"
        );
    }

    #[test]
    fn names_lose_their_paths() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\scan\\来信.pdf"), "来信.pdf");
        assert_eq!(display_name("\u{7}"), "附件");
    }
}
