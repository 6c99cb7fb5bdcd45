//! `tongban bench`: reproducible load and fixtures for BENCHMARKS.md.

mod fill;
mod hotline;
mod load;
mod report;
mod sweep;
mod text;
mod triage_cost;

use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use crate::cli::DEFAULT_DATABASE;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Fill a database with the demo city and `--orders` more orders in realistic states,
    /// written directly (no audit records): a fixture for read benchmarks.
    Fill {
        #[arg(long, default_value = DEFAULT_DATABASE)]
        database: String,
        #[arg(long, default_value_t = 1_000_000)]
        orders: usize,
    },
    /// The deadline sweep over `--orders` open orders of which `--due-share` come due
    /// between two sweeps, in `--rounds` rounds (see BENCHMARKS.md).
    Sweep {
        #[arg(long, default_value = DEFAULT_DATABASE)]
        database: String,
        #[arg(long, default_value_t = 1_000_000)]
        orders: usize,
        #[arg(long, default_value_t = 0.01)]
        due_share: f64,
        #[arg(long, default_value_t = 6)]
        rounds: usize,
    },
    /// The cost of triage per registration, in process: `--count` texts one after another.
    Triage {
        #[arg(long, default_value = DEFAULT_DATABASE)]
        database: String,
        #[arg(long, default_value_t = 2_000)]
        count: usize,
    },
    /// Register orders through the HTTP API as fast as `--clients` clients can.
    Register(LoadArgs),
    /// Send call events (offered, answered or abandoned, ended) as the switch would.
    Calls(LoadArgs),
    /// Talk to the virtual agent: one session per client, turns as fast as answered.
    Turns(LoadArgs),
    /// Fill the knowledge base to `--entries` published entries (as `--username`, an admin).
    KbFill {
        #[command(flatten)]
        load: LoadArgs,
        #[arg(long, default_value_t = 10_000)]
        entries: usize,
    },
    /// Read through the HTTP API: one order with its timeline, or a filtered list's first page.
    Read {
        #[command(flatten)]
        load: LoadArgs,
        #[arg(long, value_enum)]
        kind: ReadKind,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReadKind {
    /// `GET /api/v1/orders/{id}` of a random order.
    Order,
    /// `GET /api/v1/orders?status=accepted&court_id=…&overdue=true`, first page.
    List,
    /// The web UI's order page `GET /orders/{id}` (HTML).
    OrderPage,
    /// The web UI's list page `GET /orders?status=accepted&court_id=…&overdue=true` (HTML).
    ListPage,
    /// `GET /api/v1/search?q=…` over rare to very common words.
    Search,
    /// `POST /api/v1/triage`: suggestions and the repeat check of a registration.
    Triage,
}

#[derive(Debug, Args)]
pub struct LoadArgs {
    /// The running server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    #[arg(long, default_value_t = 32)]
    clients: usize,
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    #[arg(long, default_value = "agent1")]
    username: String,
    #[arg(long, default_value = crate::demo::PASSWORD)]
    password: String,
}

impl BenchCommand {
    pub async fn run(self) -> anyhow::Result<()> {
        match self {
            BenchCommand::Fill { database, orders } => fill::run(&database, orders).await,
            BenchCommand::Sweep {
                database,
                orders,
                due_share,
                rounds,
            } => sweep::run(&database, orders, due_share, rounds).await,
            BenchCommand::Triage { database, count } => triage_cost::run(&database, count).await,
            BenchCommand::Register(args) => {
                let target =
                    load::Target::connect(&args.url, &args.username, &args.password).await?;
                let report =
                    load::register(&target, args.clients, Duration::from_secs(args.seconds)).await;
                report.print("register (POST /api/v1/orders)");
                Ok(())
            }
            BenchCommand::Calls(args) => {
                let target =
                    load::Target::connect(&args.url, &args.username, &args.password).await?;
                let report =
                    hotline::calls(&target, args.clients, Duration::from_secs(args.seconds)).await;
                report.print("call events (POST /api/v1/calls)");
                Ok(())
            }
            BenchCommand::Turns(args) => {
                let target =
                    load::Target::connect(&args.url, &args.username, &args.password).await?;
                let report =
                    hotline::turns(&target, args.clients, Duration::from_secs(args.seconds))
                        .await?;
                report.print("virtual agent turns (POST /api/v1/assistant/sessions/{id}/turns)");
                Ok(())
            }
            BenchCommand::KbFill {
                load: args,
                entries,
            } => {
                let target =
                    load::Target::connect(&args.url, &args.username, &args.password).await?;
                hotline::fill_knowledge(&target, entries).await
            }
            BenchCommand::Read { load: args, kind } => {
                let target =
                    load::Target::connect(&args.url, &args.username, &args.password).await?;
                let duration = Duration::from_secs(args.seconds);
                let (api, page) = ("/api/v1/orders", "/orders");
                let (report, what) = match kind {
                    ReadKind::Order => (
                        load::read_orders(&target, args.clients, duration, api).await?,
                        "read one order with its timeline (GET /api/v1/orders/{id})",
                    ),
                    ReadKind::List => (
                        load::read_lists(&target, args.clients, duration, api).await?,
                        "first page of status + court + overdue (GET /api/v1/orders?…)",
                    ),
                    ReadKind::OrderPage => (
                        load::read_orders(&target, args.clients, duration, page).await?,
                        "order page (GET /orders/{id}, HTML)",
                    ),
                    ReadKind::ListPage => (
                        load::read_lists(&target, args.clients, duration, page).await?,
                        "list page, status + court + overdue (GET /orders?…, HTML)",
                    ),
                    ReadKind::Search => (
                        text::search(&target, args.clients, duration).await,
                        "full-text search, first page (GET /api/v1/search?q=…)",
                    ),
                    ReadKind::Triage => (
                        text::triage(&target, args.clients, duration).await,
                        "triage + repeat check (POST /api/v1/triage)",
                    ),
                };
                report.print(what);
                Ok(())
            }
        }
    }
}
