//! 知识库 the knowledge base: entries written by their owners as drafts, published for the
//! agents and the virtual agent, every version kept; search over the published entries in
//! force. The search index lives in memory and is rebuilt after each change.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tongban_domain::DomainError;
use tongban_domain::codes::Role;
use tongban_domain::hotline::{KbDraft, KbStatus};
use tongban_store::Tx;
use tongban_store::hotline::knowledge::{self as store, EntryRow};

use super::page_bounds;
use crate::{App, AppError, Ctx, audit};

pub use super::knowledge_index::{Suggestion, search};

const MANAGERS: &[Role] = &[Role::Admin, Role::ServiceOffice];

/// An entry as sent (create, update, import).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryInput {
    /// 分类, e.g. 立案、诉讼费、执行.
    pub category: String,
    /// 标准问.
    pub question: String,
    /// 相似问.
    #[serde(default)]
    pub alternatives: Vec<String>,
    pub answer: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// Who keeps the entry right (a department or person); the author when absent.
    pub owner: Option<String>,
    /// `draft` (default) or `published`.
    pub status: Option<KbStatus>,
    /// For updates: the version edited (a newer one stored means someone else changed it).
    pub version: Option<i64>,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: i64,
    #[serde(flatten)]
    pub content: KbDraft,
    pub status: KbStatus,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// A kept version.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub version: i64,
    pub content: serde_json::Value,
    pub at: DateTime<Utc>,
    pub by: String,
}

fn corrupt(what: &str) -> AppError {
    AppError::Store(tongban_store::StoreError::Corrupt(format!(
        "kb entry {what}"
    )))
}

impl Entry {
    pub(super) fn of(row: EntryRow) -> Result<Entry, AppError> {
        let day = |v: &Option<String>| {
            v.as_deref()
                .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| corrupt("date")))
                .transpose()
        };
        Ok(Entry {
            id: row.id,
            content: KbDraft {
                category: row.category,
                question: row.question,
                alternatives: serde_json::from_str(&row.alternatives)
                    .map_err(|_| corrupt("alternatives"))?,
                answer: row.answer,
                valid_from: day(&row.valid_from)?,
                valid_to: day(&row.valid_to)?,
                owner: row.owner,
            },
            status: KbStatus::from_code(&row.status).ok_or_else(|| corrupt("status"))?,
            version: row.version,
            updated_at: tongban_store::instant(row.updated_at)?,
            updated_by: row.updated_by,
        })
    }

    fn row(&self) -> EntryRow {
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        EntryRow {
            id: self.id,
            category: self.content.category.clone(),
            question: self.content.question.clone(),
            alternatives: json!(self.content.alternatives).to_string(),
            answer: self.content.answer.clone(),
            valid_from: day(self.content.valid_from),
            valid_to: day(self.content.valid_to),
            owner: self.content.owner.clone(),
            status: self.status.code().to_string(),
            version: self.version,
            updated_at: self.updated_at.timestamp_millis(),
            updated_by: self.updated_by.clone(),
        }
    }
}

fn author(ctx: &Ctx) -> String {
    ctx.actor.username.clone()
}

fn draft_of(
    ctx: &Ctx,
    input: EntryInput,
) -> Result<(KbDraft, Option<KbStatus>, Option<i64>), DomainError> {
    let draft = KbDraft {
        category: input.category,
        question: input.question,
        alternatives: input.alternatives,
        answer: input.answer,
        valid_from: input.valid_from,
        valid_to: input.valid_to,
        owner: input.owner.unwrap_or_else(|| author(ctx)),
    }
    .checked()?;
    Ok((draft, input.status, input.version))
}

/// Stores a version row and the audit record of an entry's change.
async fn record(tx: &mut Tx, ctx: &Ctx, entry: &Entry, action: &str) -> Result<(), AppError> {
    let content = serde_json::to_string(&entry).map_err(|_| corrupt("json"))?;
    store::add_version(
        tx,
        entry.id,
        entry.version,
        &content,
        entry.updated_at.timestamp_millis(),
        &entry.updated_by,
    )
    .await?;
    let fact = audit::fact(
        ctx,
        entry.updated_at,
        action,
        "kb_entry",
        Some(entry.id),
        json!({"version": entry.version, "status": entry.status.code(), "question": entry.content.question}),
    );
    audit::record(tx, fact).await
}

/// Creates entries (one, or a whole import) in one transaction; returns them.
async fn insert_all(app: &App, ctx: &Ctx, entries: Vec<Entry>) -> Result<Vec<Entry>, AppError> {
    let ctx2 = ctx.clone();
    let stored = app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let mut out = Vec::with_capacity(entries.len());
                for mut entry in entries {
                    entry.id = store::insert(tx, &entry.row()).await?;
                    record(tx, &ctx2, &entry, "kb.create").await?;
                    out.push(entry);
                }
                Ok::<_, AppError>(out)
            })
        })
        .await?;
    if stored.iter().any(|e| e.status == KbStatus::Published) {
        if stored.len() == 1 {
            app.knowledge().rebuild(app.db()).await?;
        } else {
            // A bulk import answers at once; its entries are searched once the index is rebuilt
            // (seconds for thousands of entries), which `wait_for_index` awaits.
            app.knowledge().rebuild_soon(app);
        }
    }
    Ok(stored)
}

/// Rebuilds the index now, after the rebuilds already under way (a bulk import's).
pub async fn wait_for_index(app: &App, ctx: &Ctx) -> Result<(), AppError> {
    require_manager(ctx)?;
    app.knowledge().rebuild(app.db()).await
}

fn require_manager(ctx: &Ctx) -> Result<(), DomainError> {
    super::require(ctx, MANAGERS, "只有管理员或群众诉求服务处可以维护知识库")
}

fn new_entry(ctx: &Ctx, now: DateTime<Utc>, content: KbDraft, status: Option<KbStatus>) -> Entry {
    Entry {
        id: 0,
        content,
        status: status.unwrap_or(KbStatus::Draft),
        version: 1,
        updated_at: now,
        updated_by: author(ctx),
    }
}

/// 新建 a new entry (a draft unless `status` says published).
pub async fn create(app: &App, ctx: &Ctx, input: EntryInput) -> Result<Entry, AppError> {
    require_manager(ctx)?;
    let (content, status, _) = draft_of(ctx, input)?;
    let entry = new_entry(ctx, app.now(), content, status);
    Ok(insert_all(app, ctx, vec![entry]).await?.remove(0))
}

/// 批量导入 entries all at once (all or nothing); returns how many. The search index follows
/// in the background.
pub async fn import(app: &App, ctx: &Ctx, inputs: Vec<EntryInput>) -> Result<usize, AppError> {
    require_manager(ctx)?;
    let now = app.now();
    let entries = inputs
        .into_iter()
        .enumerate()
        .map(|(i, input)| {
            let (content, status, _) = draft_of(ctx, input).map_err(|e| {
                DomainError::invalid(
                    "entries",
                    "invalid_entry",
                    format!("第{}条：{}", i + 1, e.message),
                )
            })?;
            Ok(new_entry(ctx, now, content, status))
        })
        .collect::<Result<Vec<_>, DomainError>>()?;
    Ok(insert_all(app, ctx, entries).await?.len())
}

/// 修改 an entry: a new version; refused when someone else changed it since `version`.
pub async fn update(app: &App, ctx: &Ctx, id: i64, input: EntryInput) -> Result<Entry, AppError> {
    require_manager(ctx)?;
    let (content, status, version) = draft_of(ctx, input)?;
    let expected = version.ok_or(DomainError::missing("version"))?;
    change(app, ctx, id, Some(expected), "kb.update", move |entry| {
        entry.content = content;
        if let Some(status) = status {
            entry.status = status;
        }
    })
    .await
}

/// 发布 / 停用 / 退回草稿: changes an entry's status (a new version).
pub async fn set_status(
    app: &App,
    ctx: &Ctx,
    id: i64,
    status: KbStatus,
) -> Result<Entry, AppError> {
    require_manager(ctx)?;
    let action = match status {
        KbStatus::Published => "kb.publish",
        KbStatus::Retired => "kb.retire",
        KbStatus::Draft => "kb.unpublish",
    };
    change(app, ctx, id, None, action, move |entry| {
        entry.status = status
    })
    .await
}

async fn change(
    app: &App,
    ctx: &Ctx,
    id: i64,
    expected: Option<i64>,
    action: &'static str,
    edit: impl FnOnce(&mut Entry) + Send + 'static,
) -> Result<Entry, AppError> {
    let (ctx2, now) = (ctx.clone(), app.now());
    let (before, after) = app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let row = {
                    let conn = &mut tx.conn();
                    store::get(conn, id).await?
                };
                let mut entry = Entry::of(row.ok_or_else(not_found)?)?;
                let stored_version = entry.version;
                if expected.is_some_and(|v| v != stored_version) {
                    return Err(stale().into());
                }
                let before = entry.status;
                edit(&mut entry);
                entry.version += 1;
                entry.updated_at = now;
                entry.updated_by = author(&ctx2);
                if !store::update(tx, &entry.row(), stored_version).await? {
                    return Err(stale().into());
                }
                record(tx, &ctx2, &entry, action).await?;
                Ok::<_, AppError>((before, entry))
            })
        })
        .await?;
    if before == KbStatus::Published || after.status == KbStatus::Published {
        app.knowledge().rebuild(app.db()).await?;
    }
    Ok(after)
}

fn not_found() -> DomainError {
    DomainError::not_found("kb_entry_not_found", "知识条目不存在")
}

fn stale() -> DomainError {
    DomainError::conflict("stale_version", "该条目已被他人修改，请刷新后再改")
}

/// One entry with every version (newest first).
pub async fn get(app: &App, id: i64) -> Result<(Entry, Vec<Version>), AppError> {
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let entry = Entry::of(store::get(conn, id).await?.ok_or_else(not_found)?)?;
    let versions = store::versions(conn, id)
        .await?
        .into_iter()
        .map(|v| {
            Ok(Version {
                version: v.version,
                content: serde_json::from_str(&v.content).map_err(|_| corrupt("version"))?,
                at: tongban_store::instant(v.at)?,
                by: v.by_name,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok((entry, versions))
}

/// A page of entries (by category) and how many match.
pub async fn list(
    app: &App,
    status: Option<KbStatus>,
    category: Option<&str>,
    page: u32,
    per_page: u32,
) -> Result<(Vec<Entry>, i64), AppError> {
    let (offset, limit) = page_bounds(page, per_page)?;
    let (rows, total) = {
        let mut read = app.db().read().await?;
        store::list(
            &mut read.conn(),
            status.map(KbStatus::code),
            category,
            offset,
            limit,
        )
        .await?
    };
    let entries = rows.into_iter().map(Entry::of).collect::<Result<_, _>>()?;
    Ok((entries, total))
}
