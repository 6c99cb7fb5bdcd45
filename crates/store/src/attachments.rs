//! 附件 files attached to an order (scans of letters, photos, documents), kept in the database
//! so that every instance serves them and nothing is stored under a name the uploader chose.

use chrono::{DateTime, Utc};
use tongban_domain::{OrderId, UserId};

use crate::{Conn, Result, Tx, instant, millis};

/// A file to store.
pub struct NewAttachment<'a> {
    pub order_id: OrderId,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
    pub uploaded_by: Option<UserId>,
    pub uploaded_by_name: &'a str,
    pub at: DateTime<Utc>,
}

pub async fn insert(tx: &mut Tx, a: &NewAttachment<'_>) -> Result<i64> {
    let conn = &mut tx.conn();
    Ok(on!(conn, c => sqlx::query_scalar(
        "INSERT INTO attachments (order_id, file_name, content_type, size, sha256, data, uploaded_by, uploaded_by_name, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(a.order_id.0).bind(a.file_name).bind(a.content_type).bind(a.data.len() as i64).bind(a.sha256)
        .bind(a.data).bind(a.uploaded_by.map(|u| u.0)).bind(a.uploaded_by_name).bind(millis(a.at))
        .fetch_one(c).await)?)
}

/// What is known of a stored file, without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    pub id: i64,
    pub order_id: OrderId,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by_name: String,
    pub uploaded_at: DateTime<Utc>,
}

type InfoRow = (i64, i64, String, String, i64, String, String, i64);

fn info(
    (id, order_id, file_name, content_type, size, sha256, uploaded_by_name, at): InfoRow,
) -> Result<AttachmentInfo> {
    Ok(AttachmentInfo {
        id,
        order_id: OrderId(order_id),
        file_name,
        content_type,
        size,
        sha256,
        uploaded_by_name,
        uploaded_at: instant(at)?,
    })
}

const INFO: &str =
    "id, order_id, file_name, content_type, size, sha256, uploaded_by_name, uploaded_at";

pub async fn of_order(conn: &mut Conn<'_>, order: OrderId) -> Result<Vec<AttachmentInfo>> {
    let rows: Vec<InfoRow> = on!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {INFO} FROM attachments WHERE order_id = $1 ORDER BY id")))
        .bind(order.0).fetch_all(c).await)?;
    rows.into_iter().map(info).collect()
}

/// One file with its content.
pub async fn get(conn: &mut Conn<'_>, id: i64) -> Result<Option<(AttachmentInfo, Vec<u8>)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        order_id: i64,
        file_name: String,
        content_type: String,
        size: i64,
        sha256: String,
        uploaded_by_name: String,
        uploaded_at: i64,
        data: Vec<u8>,
    }
    let row: Option<Row> = on!(conn, c => sqlx::query_as(
        sqlx::AssertSqlSafe(format!("SELECT {INFO}, data FROM attachments WHERE id = $1")))
        .bind(id).fetch_optional(c).await)?;
    row.map(|r| {
        let meta = (
            r.id,
            r.order_id,
            r.file_name,
            r.content_type,
            r.size,
            r.sha256,
            r.uploaded_by_name,
            r.uploaded_at,
        );
        Ok((info(meta)?, r.data))
    })
    .transpose()
}
