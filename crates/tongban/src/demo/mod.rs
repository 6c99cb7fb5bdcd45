//! 演示数据 the demo city: one intermediate court and three basic courts, their departments,
//! about forty staff covering every role, and a few hundred historical orders in every state
//! from every channel over the last sixty days, created through the use cases themselves so
//! that every timeline and audit record is real.

mod city;
pub mod content;
mod history;
pub mod knowledge;

use std::sync::Arc;

use tongban_app::{App, TestClock};
use tongban_store::Db;

/// Every demo user's password.
pub const PASSWORD: &str = "demo12368";

/// Creates the demo city unless the database already holds courts.
pub async fn seed_if_empty(db: &Db) -> anyhow::Result<()> {
    let clock = Arc::new(TestClock::default());
    let (app, writer) = App::start(db.clone(), clock.clone()).await?;
    if !tongban_app::org::courts(&app).await?.is_empty() {
        knowledge::load_if_empty(&app).await?;
        drop(app);
        writer.await?;
        return Ok(());
    }
    println!("正在创建演示数据……");
    let started = std::time::Instant::now();
    let city = city::build(&app).await?;
    let orders = history::build(&app, &clock, &city).await?;
    // The demo starts with a triage model trained on its own screened orders.
    let model = tongban_app::intel::triage::train(&app, &tongban_app::Ctx::system()).await?;
    let entries = knowledge::load_if_empty(&app).await?;
    drop(app);
    writer.await?;
    println!(
        "演示数据已创建：{} 个法院、{} 名工作人员、{orders} 件工单、{entries} 条知识，分类模型第 {} 版（{:.1} 秒）",
        city.courts.len(),
        city.staff.len(),
        model.version,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Prints the demo logins.
pub fn print_logins() {
    println!("演示账号（密码均为 {PASSWORD}）：");
    for (username, description) in city::LOGINS {
        println!("  {username:<14} {description}");
    }
}
