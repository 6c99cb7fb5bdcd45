//! `tongban bench`: reproducible load and fixtures for BENCHMARKS.md.

mod fill;
mod load;
mod report;
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
    /// The cost of triage per registration, in process: `--count` texts one after another.
    Triage {
        #[arg(long, default_value = DEFAULT_DATABASE)]
        database: String,
        #[arg(long, default_value_t = 2_000)]
        count: usize,
    },
    /// Register orders through the HTTP API as fast as `--clients` clients can.
    Register(LoadArgs),
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
            BenchCommand::Triage { database, count } => triage_cost::run(&database, count).await,
            BenchCommand::Register(args) => {
                let target =
                    load::Target::connect(&args.url, &args.username, &args.password).await?;
                let report =
                    load::register(&target, args.clients, Duration::from_secs(args.seconds)).await;
                report.print("register (POST /api/v1/orders)");
                Ok(())
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
