//! tongban 通办 — one binary: the server, its database tools, and the measurements.

mod bench;
mod cli;
mod demo;
mod serve;
mod simulate;

use clap::Parser;

fn main() -> anyhow::Result<std::process::ExitCode> {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TONGBAN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_target(false)
        .init();
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(cli.run())
}
