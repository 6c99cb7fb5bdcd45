//! `tongban simulate`: a realistic month of the hotline driven through the HTTP API with the
//! test clock — calls from the switch (most answered by the virtual agent, some by agents, a
//! few abandoned), virtual-agent conversations, appeals registered by agents and from other
//! channels, some dispatched to handlers who answer (sometimes late), and agents working the
//! callback queue — so that every screen and report has lifelike data, and the whole system
//! is load-tested end to end. The server runs in this process on a port of its own.

mod client;
mod day;
mod said;

use std::sync::Arc;

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use clap::Args;
use tongban_app::{App, TestClock};
use tongban_domain::time::china;
use tongban_store::Db;
use tongban_web::AppState;

use client::Api;

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The database to fill (the demo city is created first if it is empty).
    #[arg(long, default_value = "sqlite://./data/simulate.db")]
    database: String,
    #[arg(long, default_value_t = 30)]
    days: u32,
    #[arg(long, default_value_t = 3300)]
    calls_per_day: u32,
    /// The first day (China date); 30 days before today when absent.
    #[arg(long)]
    start: Option<NaiveDate>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
}

pub async fn run(args: SimulateArgs) -> anyhow::Result<()> {
    let db = Db::connect(&args.database)
        .await
        .context("connecting to the database")?;
    crate::demo::seed_if_empty(&db).await?;
    let clock = Arc::new(TestClock::default());
    let (app, writer) = App::start(db.clone(), clock.clone()).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let state = AppState {
        app,
        test_clock: Some(clock),
    };
    let server = tokio::spawn(tongban_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let api = Api::connect(&base, args.concurrency).await?;
    let today = Utc::now().with_timezone(&china()).date_naive();
    let start = args
        .start
        .unwrap_or(today - chrono::Duration::days(i64::from(args.days)));
    let world = day::World::prepare(&api).await?;
    let started = std::time::Instant::now();
    for n in 0..args.days {
        let date = start + chrono::Duration::days(i64::from(n));
        let done = day::simulate(&api, &world, date, args.calls_per_day).await?;
        println!(
            "{date}：{} 通来电，{} 次智能语音对话，{} 件工单，{} 条回拨（累计 {:.0} 秒）",
            done.calls,
            done.turns,
            done.orders,
            done.callbacks,
            started.elapsed().as_secs_f64()
        );
    }
    let end = start + chrono::Duration::days(i64::from(args.days.max(1) - 1));
    let stats = api
        .get(&format!("/api/v1/stats/hotline?from={start}&to={end}"))
        .await?;
    let t = &stats["total"];
    println!(
        "合计：呼入 {}，接通率 {:.1}%，智能语音办结 {}（占接通 {:.1}%），人工当场答复 {}，转办承办人 {}，放弃 {}，按时回拨 {}/{}，重复来电人 {}",
        t["offered"],
        t["answer_rate"].as_f64().unwrap_or(0.0) * 100.0,
        t["settled_by_assistant"],
        t["settled_by_assistant"].as_f64().unwrap_or(0.0)
            / t["answered"].as_f64().unwrap_or(1.0).max(1.0)
            * 100.0,
        t["settled_by_agents"],
        t["transferred_to_handlers"],
        t["abandoned"],
        t["called_back_in_time"],
        t["callbacks"],
        t["repeat_callers"],
    );
    let _ = stop.send(());
    server.await??;
    writer.await?;
    db.close().await;
    Ok(())
}
