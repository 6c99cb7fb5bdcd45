//! The cost a registration's triage adds, in process (no HTTP): the suggestion labels the
//! indexer records (fast path), and the full triage of the registration screen (suggestions
//! with explanations plus the repeat check against the database).

use std::sync::Arc;
use std::time::Instant;

use rand::Rng;
use tongban_app::intel::triage::{self, TriageInput};
use tongban_app::{App, Ctx, SystemClock};
use tongban_store::Db;

use super::report::Report;
use crate::demo::content;

pub async fn run(database: &str, count: usize) -> anyhow::Result<()> {
    let db = Db::connect_existing(database).await?;
    let (app, writer) = App::start_with(db.clone(), Arc::new(SystemClock), false).await?;
    let texts: Vec<String> = content::templates()
        .into_iter()
        .map(|t| t.content.replace("{case}", ""))
        .collect();
    let model = tongban_app::intel::active_model(&app)
        .ok_or_else(|| anyhow::anyhow!("no triage model: run `tongban model train` first"))?;
    let mut fast = Vec::with_capacity(count);
    let started = Instant::now();
    for i in 0..count {
        let at = Instant::now();
        std::hint::black_box(model.1.labels(&texts[i % texts.len()]));
        fast.push(at.elapsed());
    }
    Report::of(fast, 0, started.elapsed())
        .print("triage labels, 5 fields (the indexer's suggestion per registration)");
    let mut full = Vec::with_capacity(count);
    let started = Instant::now();
    for i in 0..count {
        let input = TriageInput {
            content: texts[i % texts.len()].clone(),
            phone: Some(format!(
                "139{:08}",
                rand::rng().random_range(0..100_000_000)
            )),
            id_number: None,
            case_number: None,
        };
        let at = Instant::now();
        triage::triage(&app, &Ctx::system(), input).await?;
        full.push(at.elapsed());
    }
    Report::of(full, 0, started.elapsed()).print(
        "full triage: suggestions with words + repeat check (POST /api/v1/triage without HTTP)",
    );
    drop(app);
    writer.await?;
    db.close().await;
    Ok(())
}
