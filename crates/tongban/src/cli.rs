//! The command line: `serve`, `migrate`, `audit verify`, `model eval`, `match eval`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tongban_store::Db;

/// The default database: an SQLite file next to where tongban runs.
pub const DEFAULT_DATABASE: &str = "sqlite://./data/tongban.db";

#[derive(Debug, Parser)]
#[command(name = "tongban", version, about = "通办 — 法院群众诉求一号通办平台")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the server.
    Serve(crate::serve::ServeArgs),
    /// Bring the database schema up to date.
    Migrate {
        #[arg(long, env = "TONGBAN_DATABASE", default_value = DEFAULT_DATABASE)]
        database: String,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The text classifier.
    Model {
        #[command(subcommand)]
        command: ModelCommand,
    },
    /// Load generators and fixtures for BENCHMARKS.md.
    Bench {
        #[command(subcommand)]
        command: crate::bench::BenchCommand,
    },
    /// The court calendar (法院工作日历).
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Drive a realistic month of hotline traffic through the HTTP API with the test clock.
    Simulate(crate::simulate::SimulateArgs),
    /// The paraphrase (same matter) decision.
    Match {
        #[command(subcommand)]
        command: MatchCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Check the hash chain; exit non-zero naming the first broken record.
    Verify {
        #[arg(long, env = "TONGBAN_DATABASE", default_value = DEFAULT_DATABASE)]
        database: String,
    },
}

#[derive(Debug, Subcommand)]
enum CalendarCommand {
    /// Load a year's holidays and make-up working days from a file of lines
    /// `YYYY-MM-DD<TAB>holiday|workday<TAB>name`; each year in the file replaces that year.
    Import {
        file: PathBuf,
        #[arg(long, env = "TONGBAN_DATABASE", default_value = DEFAULT_DATABASE)]
        database: String,
    },
}

#[derive(Debug, Subcommand)]
enum ModelCommand {
    /// Train a new triage model version on the database's screened orders and make it active.
    Train {
        #[arg(long, env = "TONGBAN_DATABASE", default_value = DEFAULT_DATABASE)]
        database: String,
    },
    /// Train a fresh model on the CSV file A and measure it on B; the last line is JSON.
    Eval {
        #[arg(long)]
        train: PathBuf,
        #[arg(long)]
        test: PathBuf,
        /// Text column(s), comma-separated.
        #[arg(long, default_value = "text")]
        text: String,
        #[arg(long, default_value = "label")]
        label: String,
    },
}

#[derive(Debug, Subcommand)]
enum MatchCommand {
    /// Train on the pairs of A (TSV text_a, text_b, label), choose the threshold on A, measure on B.
    Eval {
        #[arg(long)]
        train: PathBuf,
        #[arg(long)]
        test: PathBuf,
    },
}

impl Cli {
    pub async fn run(self) -> anyhow::Result<ExitCode> {
        match self.command {
            Command::Serve(args) => crate::serve::run(args).await.map(|()| ExitCode::SUCCESS),
            Command::Bench { command } => command.run().await.map(|()| ExitCode::SUCCESS),
            Command::Simulate(args) => crate::simulate::run(args).await.map(|()| ExitCode::SUCCESS),
            Command::Migrate { database } => {
                let db = Db::connect(&database)
                    .await
                    .context("connecting to the database")?;
                db.migrate().await?;
                println!("数据库已是最新结构");
                Ok(ExitCode::SUCCESS)
            }
            Command::Audit {
                command: AuditCommand::Verify { database },
            } => verify_audit(&database).await,
            Command::Calendar {
                command: CalendarCommand::Import { file, database },
            } => import_calendar(&file, &database).await,
            Command::Model {
                command: ModelCommand::Train { database },
            } => train_model(&database).await,
            Command::Model {
                command:
                    ModelCommand::Eval {
                        train,
                        test,
                        text,
                        label,
                    },
            } => {
                let columns: Vec<&str> = text.split(',').map(str::trim).collect();
                let result = tongban_text::eval::model_eval(&train, &test, &columns, &label)?;
                println!("{}", serde_json::to_string(&result)?);
                Ok(ExitCode::SUCCESS)
            }
            Command::Match {
                command: MatchCommand::Eval { train, test },
            } => {
                let result = tongban_text::eval::match_eval(&train, &test)?;
                println!("{}", serde_json::to_string(&result)?);
                Ok(ExitCode::SUCCESS)
            }
        }
    }
}

async fn verify_audit(database: &str) -> anyhow::Result<ExitCode> {
    let db = Db::connect(database)
        .await
        .context("connecting to the database")?;
    let outcome = {
        let mut read = db.read().await?;
        tongban_store::audit::verify(&mut read.conn()).await?
    };
    db.close().await;
    match outcome {
        Ok(count) => {
            println!("审计日志完整：共 {count} 条记录，哈希链校验通过");
            Ok(ExitCode::SUCCESS)
        }
        Err(broken) => {
            eprintln!(
                "审计日志校验失败：第一条损坏的记录为 #{}（{}）",
                broken.seq, broken.reason
            );
            Ok(ExitCode::from(2))
        }
    }
}

/// Trains a triage model version from the database and prints its held-out figures.
async fn train_model(database: &str) -> anyhow::Result<ExitCode> {
    let db = Db::connect_existing(database)
        .await
        .context("connecting to the database")?;
    let clock = std::sync::Arc::new(tongban_app::SystemClock);
    // A command-line tool leaves the timers to the servers.
    let (app, writer) = tongban_app::App::start_with(db.clone(), clock, false).await?;
    let trained = tongban_app::intel::triage::train(&app, &tongban_app::Ctx::system()).await;
    drop(app);
    writer.await?;
    db.close().await;
    let trained = trained?;
    println!(
        "分类模型第 {} 版已训练并启用（{} 件已甄别工单）",
        trained.version, trained.trained_on
    );
    println!("{}", serde_json::to_string(&trained)?);
    Ok(ExitCode::SUCCESS)
}

async fn import_calendar(file: &std::path::Path, database: &str) -> anyhow::Result<ExitCode> {
    use std::collections::BTreeMap;

    use chrono::Datelike;

    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let days = match tongban_app::calendar::parse(&text) {
        Ok(days) => days,
        Err(message) => {
            eprintln!("日历文件有误：{message}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut years: BTreeMap<i32, Vec<_>> = BTreeMap::new();
    for day in days {
        years.entry(day.date.year()).or_default().push(day);
    }
    let db = Db::connect(database)
        .await
        .context("connecting to the database")?;
    let clock: std::sync::Arc<dyn tongban_domain::time::Clock> =
        std::sync::Arc::new(tongban_app::SystemClock);
    // No timers (deadline sweep, scheduled retrain) in a command-line tool: the servers run them.
    let (app, writer) = tongban_app::App::start_with(db.clone(), clock, false).await?;
    let ctx = tongban_app::Ctx::system();
    for (year, days) in years {
        let count = tongban_app::calendar::replace_year(&app, &ctx, year, days).await?;
        println!("{year}年：已导入 {count} 个特殊日（节假日与调休上班日）");
    }
    drop(app);
    writer.await?;
    db.close().await;
    Ok(ExitCode::SUCCESS)
}
