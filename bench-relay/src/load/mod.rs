//! `load`: the relay's cost. Starts a fresh server, starts N sessions with one phone
//! (pushing a pre-encoded clip) and two technicians (webrtc-rs peers that count RTP)
//! each, and reads the server's CPU time and memory from /proc over a window once
//! every technician receives video. Prints one JSON line. With `--audio` every phone
//! also talks (a tone), so the relay decodes, mixes and encodes the voice channel for
//! each of the session's three listeners; the difference to a run without is its cost.
//! With `--record` the primary records every session through the window (the relay's
//! recorder rebuilds, muxes and writes each stream); the line adds the bytes written per
//! minute, and the CPU difference to a run without is the recording's cost.

mod api;
mod clip;
mod phones;
mod procfs;
mod server;
mod viewer;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use sightline_rtc::NetworkSettings;

use crate::camera_args::CameraArgs;
use crate::error::{Error, Result};
use crate::report;
use api::Technician;
use clip::Clip;
use phones::Phones;
use procfs::ProcSample;
use server::Server;
use viewer::Viewer;

/// Frames in the pre-encoded clip (two seconds at 30 fps).
const CLIP_FRAMES: usize = 60;
/// How long every viewer may take to receive its first frame.
const SETUP_TIMEOUT: Duration = Duration::from_secs(120);
/// The idle server settles this long before its baseline is read.
const SETTLE: Duration = Duration::from_secs(2);
const TECH_EMAIL: &str = "tech@bench.example";
const TECH_PASSWORD: &str = "bench technician password";

#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// The `sightline` binary to start and measure.
    #[arg(long)]
    server_bin: String,
    /// Concurrent sessions, each with one phone and two technicians.
    #[arg(long)]
    sessions: usize,
    /// Seconds between the phones' start and the measurement.
    #[arg(long, default_value_t = 3)]
    warmup_secs: u64,
    /// Seconds measured.
    #[arg(long, default_value_t = 10)]
    window_secs: u64,
    /// Phones push a tone in the voice channel too (the relay mixes and encodes it for
    /// every listener: the phone and both technicians).
    #[arg(long)]
    audio: bool,
    /// The primary records every session during the measurement (the relay writes each
    /// one's video and voice mix to WebM and stores it when it stops).
    #[arg(long)]
    record: bool,
    #[command(flatten)]
    camera: CameraArgs,
}

pub async fn run(args: LoadArgs) -> Result<()> {
    let clip = Clip::record(&args.camera, CLIP_FRAMES)?;
    let server = Server::start(&args.server_bin).await?;
    let outcome = measure(&args, &server, clip).await;
    server.stop().await;
    report::line(outcome?);
    Ok(())
}

async fn measure(args: &LoadArgs, server: &Server, clip: Clip) -> Result<serde_json::Value> {
    let pid = server.pid.to_string();
    let clip_kbps = clip.kbps(args.camera.fps);
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|err| Error::Server(format!("TLS: {err}")))?
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    let http = reqwest::Client::builder().tls_backend_preconfigured(tls).build()?;
    let admin = Technician::login(&http, &server.url, &server.admin_email, &server.admin_password).await?;
    admin.create_technician(TECH_EMAIL, TECH_PASSWORD).await?;
    let tech = Technician::login(&http, &server.url, TECH_EMAIL, TECH_PASSWORD).await?;
    tokio::time::sleep(SETTLE).await;
    let idle = procfs::sample(&pid)?;

    let setup_started = Instant::now();
    let mut sessions = Vec::with_capacity(args.sessions);
    for _ in 0..args.sessions {
        let session = tech.start_session().await?;
        admin.monitor(&session.id).await?;
        sessions.push(session);
    }
    let codes: Vec<String> = sessions.iter().map(|s| s.code.clone()).collect();
    let phones = Phones::join(&server.url, &codes, &args.camera, clip, args.audio).await?;
    let api = Arc::new(sightline_rtc::build_api(&NetworkSettings { loopback_only: true, ..NetworkSettings::default() })?);
    let mut viewers = Vec::with_capacity(2 * args.sessions);
    for session in &sessions {
        for technician in [&tech, &admin] {
            viewers.push(Viewer::connect(api.clone(), technician.live_request(&session.id)?).await?);
        }
    }
    wait_for_video(&viewers).await?;
    let setup_secs = setup_started.elapsed().as_secs_f64();
    if args.record {
        for session in &sessions {
            tech.start_recording(&session.id).await?;
        }
    }

    tokio::time::sleep(Duration::from_secs(args.warmup_secs)).await;
    let (before, client_before, received_before) = (procfs::sample(&pid)?, procfs::sample("self")?, received(&viewers));
    tokio::time::sleep(Duration::from_secs(args.window_secs)).await;
    let (after, client_after, received_after) = (procfs::sample(&pid)?, procfs::sample("self")?, received(&viewers));
    let mut recorded = Vec::new();
    if args.record {
        for session in &sessions {
            recorded.push(tech.stop_recording(&session.id).await?);
        }
    }
    // Bytes written per minute of each recording.
    let per_minute: Vec<f64> = recorded.iter().map(|(bytes, ms)| *bytes as f64 * 60_000.0 / (*ms).max(1) as f64).collect();

    let window = args.window_secs as f64;
    let per_viewer: Vec<(f64, f64)> = received_before
        .iter()
        .zip(&received_after)
        .map(|(b, a)| ((a.2 - b.2) as f64 / window, (a.1 - b.1) as f64 * 8.0 / 1000.0 / window))
        .collect();
    let fps: Vec<f64> = per_viewer.iter().map(|v| v.0).collect();
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len().max(1) as f64;
    let voice_packets: u64 = viewers.iter().map(|v| v.received.voice_packets.load(std::sync::atomic::Ordering::Relaxed)).sum();
    let forwarded = viewers.len() as f64;
    drop(viewers);
    drop(phones);
    // Let the phones' "end" reach the server before it is stopped.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let cpu = after.cpu_percent_since(&before);
    Ok(json!({
        "bench": "relay_cost",
        "sessions": args.sessions,
        "published_streams": args.sessions,
        "forwarded_streams": forwarded,
        "audio": args.audio,
        // The relay mixes one voice frame every 20 ms for each: the phone and both technicians.
        "voice_listeners": if args.audio { 3 * args.sessions } else { 0 },
        "recorded_streams": recorded.len(),
        "recording_bytes_per_minute_mean": (!per_minute.is_empty()).then(|| round(mean(&per_minute))),
        "resolution": format!("{}x{}", args.camera.width, args.camera.height),
        "fps": args.camera.fps,
        "clip_kbps": round(clip_kbps),
        "setup_s": round(setup_secs),
        "window_s": window,
        "server_cpu_percent": round(cpu),
        "server_cpu_percent_per_forwarded_stream": round(cpu / forwarded),
        "server_rss_idle_mib": round(mib(&idle)),
        "server_rss_mib": round(mib(&after)),
        "server_rss_added_kib_per_forwarded_stream": round(after.rss_kib.saturating_sub(idle.rss_kib) as f64 / forwarded),
        "server_threads_idle": idle.threads,
        "server_threads": after.threads,
        "viewer_fps_mean": round(mean(&fps)),
        "viewer_fps_min": round(fps.iter().copied().fold(f64::INFINITY, f64::min)),
        "viewer_kbps_mean": round(mean(&per_viewer.iter().map(|v| v.1).collect::<Vec<_>>())),
        "viewer_voice_packets_total": voice_packets,
        "bench_client_cpu_percent": round(client_after.cpu_percent_since(&client_before)),
    }))
}

fn mib(sample: &ProcSample) -> f64 {
    sample.rss_kib as f64 / 1024.0
}

fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn received(viewers: &[Viewer]) -> Vec<(u64, u64, u64)> {
    viewers.iter().map(|v| v.received.snapshot()).collect()
}

/// Waits until every viewer has received at least one whole frame.
async fn wait_for_video(viewers: &[Viewer]) -> Result<()> {
    let started = Instant::now();
    loop {
        let waiting = viewers.iter().filter(|v| v.received.snapshot().2 == 0).count();
        if waiting == 0 {
            return Ok(());
        }
        if started.elapsed() > SETUP_TIMEOUT {
            return Err(Error::Timeout(format!("{waiting} of {} viewers received no video", viewers.len())));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
