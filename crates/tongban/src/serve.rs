//! `tongban serve`: the server, with the demo city on request.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use tongban_app::{App, SystemClock, TestClock};
use tongban_domain::time::Clock;
use tongban_store::Db;
use tongban_web::AppState;

use crate::cli::DEFAULT_DATABASE;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Create the demo city (courts, staff, historical orders) if the database is empty.
    #[arg(long)]
    demo: bool,
    #[arg(long, env = "TONGBAN_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// `sqlite:///path/to/file.db` or `postgres://…`
    #[arg(long, env = "TONGBAN_DATABASE", default_value = DEFAULT_DATABASE)]
    database: String,
    /// Let tests move the clock through `POST /api/v1/test/clock`.
    #[arg(long)]
    test_clock: bool,
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let db = Db::connect(&args.database)
        .await
        .with_context(|| format!("connecting to {}", redact(&args.database)))?;
    if args.demo {
        crate::demo::seed_if_empty(&db).await?;
    }
    let test_clock = args.test_clock.then(|| Arc::new(TestClock::default()));
    let clock: Arc<dyn Clock> = match &test_clock {
        Some(clock) => clock.clone(),
        None => Arc::new(SystemClock),
    };
    let (app, writer) = App::start(db.clone(), clock).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    tracing::info!(address = %listener.local_addr()?, database = %redact(&args.database), "tongban is serving");
    println!("通办已启动：http://{}", listener.local_addr()?);
    if args.demo {
        crate::demo::print_logins();
    }
    let state = AppState { app, test_clock };
    tongban_web::serve(listener, state, shutdown_signal()).await?;
    // Every handle of the app is gone with the router: the writer drains and stops.
    writer.await?;
    db.close().await;
    tracing::info!("tongban stopped");
    Ok(())
}

/// Hides a password in a database URL for the logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
