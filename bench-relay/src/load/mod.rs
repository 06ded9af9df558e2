//! `load`: the relay's cost. Starts a fresh server (or several nodes sharing one
//! PostgreSQL, the sessions spread over them), starts N sessions with one phone
//! (pushing a pre-encoded clip) and two technicians (webrtc-rs peers that count RTP)
//! each, and reads the server's CPU time and memory from /proc over a window once
//! every technician receives video. Prints one JSON line. With `--audio` every phone
//! also talks (a tone), so the relay decodes, mixes and encodes the voice channel for
//! each of the session's three listeners; the difference to a run without is its cost.
//! With `--record` the primary records every session through the window (the relay's
//! recorder rebuilds, muxes and writes each stream); the line adds the bytes written per
//! minute, and the CPU difference to a run without is the recording's cost.

pub mod api;
pub mod clip;
pub mod faults;
mod phones;
pub mod procfs;
mod server;
pub mod viewer;
pub mod window;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use sightline_rtc::NetworkSettings;

use crate::camera_args::CameraArgs;
use crate::error::Result;
use crate::report;
use api::Technician;
use clip::Clip;
use faults::Faults;
use phones::Phones;
use server::Nodes;
use viewer::{Received, Viewer};
use window::{mean, round};

/// Frames in the pre-encoded clip (two seconds at 30 fps).
pub const CLIP_FRAMES: usize = 60;
/// The idle server settles this long before its baseline is read.
pub const SETTLE: Duration = Duration::from_secs(2);
const TECH_EMAIL: &str = "tech@bench.example";
const TECH_PASSWORD: &str = "bench technician password";

/// What every load benchmark takes: how many sessions, how long, what camera.
#[derive(Debug, clap::Args)]
pub struct Shape {
    /// Concurrent sessions, each with one phone and two technicians.
    #[arg(long)]
    pub sessions: usize,
    /// Seconds between the phones' start and the measurement.
    #[arg(long, default_value_t = 3)]
    pub warmup_secs: u64,
    /// Seconds measured.
    #[arg(long, default_value_t = 10)]
    pub window_secs: u64,
    /// A soak: also read and print the server's memory and CPU and the viewers' frame
    /// rate and loss every this many seconds along the window.
    #[arg(long)]
    pub sample_secs: Option<u64>,
    #[command(flatten)]
    pub camera: CameraArgs,
}

impl Shape {
    pub fn warmup(&self) -> Duration {
        Duration::from_secs(self.warmup_secs)
    }

    pub fn window(&self) -> Duration {
        Duration::from_secs(self.window_secs)
    }

    pub fn sample_period(&self) -> Option<Duration> {
        self.sample_secs.filter(|&secs| secs > 0).map(Duration::from_secs)
    }
}

#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// The `sightline` binary to start and measure.
    #[arg(long)]
    server_bin: String,
    #[command(flatten)]
    shape: Shape,
    /// Phones push a tone in the voice channel too (the relay mixes and encodes it for
    /// every listener: the phone and both technicians).
    #[arg(long)]
    audio: bool,
    /// The primary records every session during the measurement (the relay writes each
    /// one's video and voice mix to WebM and stores it when it stops).
    #[arg(long)]
    record: bool,
    /// Server nodes to start; session k's phone and technicians use node k mod N, as a
    /// balancer hashing on the session would send them. More than one needs `--database-url`.
    #[arg(long, default_value_t = 1)]
    nodes: usize,
    /// An empty PostgreSQL database for the nodes (default: one node on its own SQLite).
    #[arg(long)]
    database_url: Option<String>,
}

pub async fn run(args: LoadArgs) -> Result<()> {
    let clip = Clip::record(&args.shape.camera, CLIP_FRAMES)?;
    let nodes = Nodes::start(&args.server_bin, args.nodes, args.database_url.as_deref()).await?;
    let outcome = measure(&args, &nodes, clip).await;
    nodes.stop().await;
    report::line(outcome?);
    Ok(())
}

async fn measure(args: &LoadArgs, nodes: &Nodes, clip: Clip) -> Result<serde_json::Value> {
    let pids = nodes.pids();
    let clip_kbps = clip.kbps(args.shape.camera.fps);
    let http = api::http_client()?;
    let admin = Technician::login(&http, nodes.url(0), &nodes.admin_email, &nodes.admin_password).await?;
    admin.create_technician(TECH_EMAIL, TECH_PASSWORD).await?;
    let tech = Technician::login(&http, nodes.url(0), TECH_EMAIL, TECH_PASSWORD).await?;
    tokio::time::sleep(SETTLE).await;
    let idle = procfs::sample_total(&pids)?;

    let setup_started = Instant::now();
    // Session k lives on node k mod N: its primary, monitoring admin and phone all reach it there.
    let people: Vec<(Technician, Technician)> = (0..nodes.count()).map(|node| (tech.on(nodes.url(node)), admin.on(nodes.url(node)))).collect();
    let mut sessions = Vec::with_capacity(args.shape.sessions);
    for index in 0..args.shape.sessions {
        let (tech, admin) = &people[index % people.len()];
        let session = tech.start_session().await?;
        admin.monitor(&session.id).await?;
        sessions.push(session);
    }
    let codes: Vec<(String, String)> = sessions.iter().enumerate().map(|(index, s)| (nodes.url(index).to_owned(), s.code.clone())).collect();
    let faults = Arc::new(Faults::default());
    let phones = Phones::join(&codes, &args.shape.camera, clip, args.audio, &faults).await?;
    let api = Arc::new(sightline_rtc::build_api(&NetworkSettings { loopback_only: true, ..NetworkSettings::default() })?);
    let mut viewers = Vec::with_capacity(2 * args.shape.sessions);
    for (index, session) in sessions.iter().enumerate() {
        let (tech, admin) = &people[index % people.len()];
        for technician in [tech, admin] {
            viewers.push(Viewer::connect(api.clone(), technician.live_request(&session.id)?, &faults).await?);
        }
    }
    let received: Vec<Arc<Received>> = viewers.iter().map(|v| v.received.clone()).collect();
    window::wait_for_video(&received).await?;
    let setup_secs = setup_started.elapsed().as_secs_f64();
    if args.record {
        for session in &sessions {
            tech.start_recording(&session.id).await?;
        }
    }

    let measured = window::measure(&pids, &received, &faults, &args.shape).await?;
    let mut recorded = Vec::new();
    if args.record {
        for session in &sessions {
            recorded.push(tech.stop_recording(&session.id).await?);
        }
    }
    // Bytes written per minute of each recording.
    let per_minute: Vec<f64> = recorded.iter().map(|(bytes, ms)| *bytes as f64 * 60_000.0 / (*ms).max(1) as f64).collect();
    let voice_packets: u64 = received.iter().map(|r| r.voice_packets.load(std::sync::atomic::Ordering::Relaxed)).sum();
    drop(viewers);
    drop(phones);
    // Let the phones' "end" reach the server before it is stopped.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut report = json!({
        "bench": "relay_cost",
        "sessions": args.shape.sessions,
        "nodes": nodes.count(),
        "database": if args.database_url.is_some() { "postgres" } else { "sqlite" },
        "published_streams": args.shape.sessions,
        "audio": args.audio,
        // The relay mixes one voice frame every 20 ms for each: the phone and both technicians.
        "voice_listeners": if args.audio { 3 * args.shape.sessions } else { 0 },
        "recorded_streams": recorded.len(),
        "recording_bytes_per_minute_mean": (!per_minute.is_empty()).then(|| round(mean(&per_minute))),
        "resolution": format!("{}x{}", args.shape.camera.width, args.shape.camera.height),
        "fps": args.shape.camera.fps,
        "clip_kbps": round(clip_kbps),
        "setup_s": round(setup_secs),
        "viewer_voice_packets_total": voice_packets,
    });
    if let Some(map) = report.as_object_mut() {
        map.extend(measured.fields(&idle));
    }
    Ok(report)
}
