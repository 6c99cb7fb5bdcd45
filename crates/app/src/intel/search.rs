//! 全文检索 full-text search over the orders the reader may see: the database finds the
//! newest orders in the reader's scope containing every query word (bounded, so that very
//! common words stay cheap), and they are ranked here — the exact phrase first, then BM25 term
//! frequencies, newest first among equals — so that SQLite and PostgreSQL give the same order.

use serde_json::json;
use tongban_domain::order::{WorkOrder, may_see};
use tongban_domain::{DomainError, OrderId};
use tongban_store::{orders, search};
use tongban_text::search::{Snippet, phrase_hits, query_phrases, query_terms, rank, snippet};

use crate::{App, AppError, Ctx, audit};

/// The most matching orders ranked; a query matching more ranks the newest this many.
pub const MAX_CANDIDATES: i64 = 1_000;
/// Characters of a snippet.
const SNIPPET_WIDTH: usize = 80;

/// One found order.
#[derive(Debug, Clone)]
pub struct Hit {
    pub order: WorkOrder,
    pub score: f32,
    /// Where the snippet comes from: `content` or `reply` (a match in a note shows the content).
    pub field: &'static str,
    pub snippet: Snippet,
}

/// A page of search results.
#[derive(Debug, Clone)]
pub struct Found {
    pub items: Vec<Hit>,
    /// How many orders match (at most [`MAX_CANDIDATES`]).
    pub total: i64,
    /// Whether more orders match than were ranked.
    pub capped: bool,
    /// The words searched for.
    pub terms: Vec<String>,
}

/// The query as search words, or a 422 when it has none.
pub fn terms_of(query: &str) -> Result<Vec<String>, AppError> {
    let terms = query_terms(query);
    if terms.is_empty() {
        return Err(
            DomainError::invalid("q", "empty_query", "请输入检索词（汉字、字母或数字）").into(),
        );
    }
    Ok(terms)
}

/// Searches the orders in the reader's scope; pages start at 1.
pub async fn search(
    app: &App,
    ctx: &Ctx,
    query: &str,
    page: u32,
    per_page: u32,
) -> Result<Found, AppError> {
    let terms = terms_of(query)?;
    if page == 0 || per_page == 0 || per_page > crate::orders::MAX_PER_PAGE {
        return Err(
            DomainError::invalid("per_page", "invalid_page", "页码从1开始，每页1至200条").into(),
        );
    }
    app.intel().indexer().sync(app).await?;
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let candidates = search::candidates(conn, &ctx.actor.scope(), &terms, MAX_CANDIDATES).await?;
    let total = candidates.len() as i64;
    let avg_len = candidates
        .iter()
        .map(|(_, w)| w.split(' ').count() as f32)
        .sum::<f32>()
        / candidates.len().max(1) as f32;
    let phrases = query_phrases(query);
    let mut ranked: Vec<(i64, usize, f32)> = candidates
        .iter()
        .map(|(id, words)| {
            let phrase = phrase_hits(words, &phrases);
            (*id, phrase, rank(words, &terms, avg_len))
        })
        .collect();
    ranked.sort_by(|a, b| {
        (b.1.cmp(&a.1))
            .then(b.2.total_cmp(&a.2))
            .then(b.0.cmp(&a.0))
    });
    let skip = ((page - 1) * per_page) as usize;
    let mut items = Vec::new();
    for (id, _, score) in ranked.into_iter().skip(skip).take(per_page as usize) {
        let Some(order) = orders::get(conn, OrderId(id))
            .await?
            .filter(|o| may_see(&ctx.actor, o))
        else {
            continue;
        };
        let (field, snippet) = best_snippet(&order, &terms);
        items.push(Hit {
            order,
            score,
            field,
            snippet,
        });
    }
    drop(read);
    let ids: Vec<i64> = items.iter().map(|h| h.order.id.0).collect();
    audit::record_view(
        app,
        ctx,
        "order.search",
        "order",
        None,
        json!({"q": query, "total": total, "page": page, "ids": ids}),
    )
    .await?;
    Ok(Found {
        items,
        total,
        capped: total == MAX_CANDIDATES,
        terms,
    })
}

fn best_snippet(order: &WorkOrder, terms: &[String]) -> (&'static str, Snippet) {
    if let Some(s) = snippet(&order.content, terms, SNIPPET_WIDTH, true) {
        return ("content", s);
    }
    if let Some(s) = order
        .reply
        .as_deref()
        .and_then(|r| snippet(r, terms, SNIPPET_WIDTH, true))
    {
        return ("reply", s);
    }
    let s = snippet(&order.content, terms, SNIPPET_WIDTH, false).unwrap_or(Snippet {
        text: String::new(),
        marks: Vec::new(),
    });
    ("note", s)
}
