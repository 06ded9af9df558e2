//! `sightline-bench-relay`: the Rust side of the live-camera benchmarks
//! (`bench/live/run.sh` runs them all).
//!
//! - `phone CODE`: a virtual phone joining through the relay; prints its join start
//!   (and its steps: `join_steps`) and each frame's capture time as JSON lines.
//! - `direct`: the same camera and publisher straight to a browser (signaling on
//!   stdin/stdout), the floor for glass-to-glass latency.
//! - `load --sessions N`: the relay's CPU and memory with N sessions of one phone and
//!   two technicians.
//! - `janus --sessions N`: the same load forwarded by Janus's videoroom plugin, measured
//!   the same way, for the side-by-side comparison (`bench/relay-vs-janus/run.sh`).

mod camera_args;
mod direct;
mod error;
mod feed;
mod janus;
mod join_steps;
mod load;
mod pace;
mod phone;
mod report;
mod shutdown;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

#[derive(Debug, Parser)]
#[command(name = "sightline-bench-relay", version, about = "Live-camera benchmarks of the Sightline relay")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Join a session through the relay and stream, printing capture times.
    Phone(phone::PhoneArgs),
    /// Stream straight to a browser peer (signaling over stdin/stdout), printing capture times.
    Direct(direct::DirectArgs),
    /// Measure the relay's CPU and memory with N concurrent sessions.
    Load(load::LoadArgs),
    /// Measure Janus's CPU and memory with the same N sessions, forwarded by its videoroom.
    Janus(janus::JanusArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
    let command = Cli::parse().command;
    // Only a single phone's join is taken apart; a load's hundred joins would drown its lines.
    let join_steps = matches!(command, Command::Phone(_)).then(|| join_steps::JoinSteps.with_filter(join_steps::JoinSteps::filter()));
    tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_filter(EnvFilter::from_default_env()))
        .with(join_steps)
        .init();
    let outcome = match command {
        Command::Phone(args) => phone::run(args).await,
        Command::Direct(args) => direct::run(args).await,
        Command::Load(args) => load::run(args).await,
        Command::Janus(args) => janus::run(args).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("sightline-bench-relay: {err}");
            ExitCode::FAILURE
        }
    }
}
