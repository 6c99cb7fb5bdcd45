//! 共性问题 common problems: a period's orders grouped into topics by their distinctive words
//! (greedily: the word shared by most orders, weighted by how specific it is, takes its
//! orders; then the next), each with its count, examples and the courts and departments
//! concerned, and flagged when it grows abnormally against the previous weeks.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use tongban_domain::DomainError;
use tongban_store::{millis, search};

use crate::{App, AppError, Ctx};

/// The most orders of a period looked at.
const MAX_ORDERS: i64 = 20_000;
/// Weeks before the period that set the expected level.
const BASELINE_WEEKS: i64 = 4;
/// The most topics listed.
const MAX_TOPICS: usize = 12;
/// A topic needs at least this many orders.
const MIN_TOPIC: usize = 3;

/// One topic of the period.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Topic {
    /// The word that defines the topic first, then up to four words most often with it.
    pub keywords: Vec<String>,
    pub count: usize,
    /// Orders with the defining word expected in a period this long, from the previous weeks.
    pub expected: f64,
    /// Whether the topic grows abnormally (at least twice the expected count and 3 more).
    pub rising: bool,
    /// Up to five order ids, newest first.
    pub examples: Vec<i64>,
    /// Courts concerned, most orders first.
    pub courts: Vec<Tally>,
    /// Departments concerned, most orders first.
    pub departments: Vec<Tally>,
}

/// How many orders of a topic one court or department has.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub id: i64,
    pub count: usize,
}

/// The topics of the orders in the reader's scope registered in `[from, to)`.
pub async fn topics(
    app: &App,
    ctx: &Ctx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Topic>, AppError> {
    if to <= from || to - from > Duration::days(366) {
        return Err(DomainError::invalid(
            "to",
            "invalid_period",
            "统计期间应在一年以内且结束晚于开始",
        )
        .into());
    }
    app.intel().indexer().sync(app).await?;
    let scope = ctx.actor.scope();
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let period = search::words_between(conn, &scope, millis(from), millis(to), MAX_ORDERS).await?;
    let base_from = from - Duration::weeks(BASELINE_WEEKS);
    let baseline =
        search::words_between(conn, &scope, millis(base_from), millis(from), MAX_ORDERS).await?;
    let scale =
        (to - from).num_seconds() as f64 / Duration::weeks(BASELINE_WEEKS).num_seconds() as f64;
    Ok(group(&period, &baseline, scale))
}

fn distinct_words(words: &str) -> HashSet<&str> {
    words
        .split(' ')
        .filter(|w| w.chars().count() >= 2 && !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// Greedy grouping; `scale` turns baseline counts into the period's expected counts.
fn group(
    period: &[search::PeriodOrder],
    baseline: &[search::PeriodOrder],
    scale: f64,
) -> Vec<Topic> {
    let docs: Vec<HashSet<&str>> = period.iter().map(|o| distinct_words(&o.words)).collect();
    let base_docs: Vec<HashSet<&str>> = baseline.iter().map(|o| distinct_words(&o.words)).collect();
    let mut base_df: HashMap<&str, usize> = HashMap::new();
    for d in &base_docs {
        for w in d {
            *base_df.entry(w).or_default() += 1;
        }
    }
    let n_all = (docs.len() + base_docs.len()).max(1) as f64;
    let mut remaining: Vec<usize> = (0..docs.len()).collect();
    let mut topics = Vec::new();
    while topics.len() < MAX_TOPICS {
        let mut df: HashMap<&str, usize> = HashMap::new();
        for &i in &remaining {
            for w in &docs[i] {
                *df.entry(w).or_default() += 1;
            }
        }
        // A word in nearly every order (法院, 案件) says nothing: weigh by specificity.
        let best = df
            .iter()
            .filter(|(_, n)| **n >= MIN_TOPIC)
            .map(|(w, n)| {
                let total = (*n + base_df.get(w).copied().unwrap_or(0)) as f64;
                (*w, *n, *n as f64 * (n_all / total).ln())
            })
            .filter(|(_, _, score)| *score > 0.0)
            .max_by(|a, b| {
                a.2.total_cmp(&b.2)
                    .then(a.0.chars().count().cmp(&b.0.chars().count()))
                    .then(b.0.cmp(a.0))
            });
        let Some((word, _, _)) = best else { break };
        let (members, rest): (Vec<usize>, Vec<usize>) =
            remaining.iter().partition(|&&i| docs[i].contains(word));
        remaining = rest;
        topics.push(topic(word, &members, period, &docs, &base_df, scale));
    }
    topics
}

fn topic(
    word: &str,
    members: &[usize],
    period: &[search::PeriodOrder],
    docs: &[HashSet<&str>],
    base_df: &HashMap<&str, usize>,
    scale: f64,
) -> Topic {
    let mut with: HashMap<&str, usize> = HashMap::new();
    for &i in members {
        for w in &docs[i] {
            if *w != word {
                *with.entry(w).or_default() += 1;
            }
        }
    }
    let mut companions: Vec<(&str, usize)> = with
        .into_iter()
        .filter(|(_, n)| *n * 2 >= members.len())
        .collect();
    // Most frequent first; among equals the more specific (rarer before the period), then the longer.
    companions.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(base_df.get(a.0).cmp(&base_df.get(b.0)))
            .then(b.0.chars().count().cmp(&a.0.chars().count()))
            .then(a.0.cmp(b.0))
    });
    let mut keywords = vec![word.to_string()];
    keywords.extend(companions.iter().take(4).map(|(w, _)| w.to_string()));
    let count = members.len();
    let expected = base_df.get(word).copied().unwrap_or(0) as f64 * scale;
    let tally = |key: fn(&search::PeriodOrder) -> Option<i64>| {
        let mut counts: HashMap<i64, usize> = HashMap::new();
        for &i in members {
            if let Some(k) = key(&period[i]) {
                *counts.entry(k).or_default() += 1;
            }
        }
        let mut v: Vec<Tally> = counts
            .into_iter()
            .map(|(id, count)| Tally { id, count })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then(a.id.cmp(&b.id)));
        v
    };
    Topic {
        keywords,
        count,
        expected,
        rising: count as f64 >= 2.0 * expected + 3.0,
        examples: members.iter().take(5).map(|&i| period[i].id).collect(),
        courts: tally(|o| o.court_id),
        departments: tally(|o| o.department_id),
    }
}
