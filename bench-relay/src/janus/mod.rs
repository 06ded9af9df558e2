//! `janus`: the same load as `load`, forwarded by Janus's videoroom plugin instead of
//! the relay. Starts a Janus process of its own, creates one room per session, publishes
//! the pre-encoded clip into each from a webrtc-rs peer and subscribes two webrtc-rs
//! viewers to it through Janus's HTTP API, then measures Janus's CPU time and memory and
//! the viewers' counters over the same window. Prints one JSON line with the relay's
//! field names, so the two compare row by row.
//!
//! Janus's ICE skips loopback interfaces: run it where the host has another address
//! (`bench/relay-vs-janus/run.sh` gives it a veth pair in a namespace of its own).

mod api;
mod negotiate;
mod process;
mod publisher;
mod subscriber;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use sightline_rtc::NetworkSettings;

use crate::error::Result;
use crate::load::clip::Clip;
use crate::load::faults::Faults;
use crate::load::viewer::Received;
use crate::load::window::{self, round};
use crate::load::{procfs, Shape, CLIP_FRAMES, SETTLE};
use crate::report;
use api::Session;
use process::Janus;
use publisher::{Pacer, Publisher};

const VIDEOROOM: &str = "janus.plugin.videoroom";
/// Subscribers per room, as the relay's sessions have two technicians.
const VIEWERS_PER_ROOM: usize = 2;
/// Room numbers start here.
const FIRST_ROOM: u64 = 1000;

#[derive(Debug, clap::Args)]
pub struct JanusArgs {
    /// The `janus` binary to start and measure.
    #[arg(long, default_value = "janus")]
    janus_bin: String,
    /// Janus's configuration folder, holding `janus.jcfg` (videoroom plugin, HTTP transport).
    #[arg(long)]
    janus_configs: PathBuf,
    /// Janus's HTTP API as that configuration serves it, e.g. `http://10.78.0.1:8088/janus`.
    #[arg(long)]
    janus_url: String,
    #[command(flatten)]
    shape: Shape,
}

pub async fn run(args: JanusArgs) -> Result<()> {
    let clip = Clip::record(&args.shape.camera, CLIP_FRAMES)?;
    let http = crate::load::api::http_client()?;
    let log = std::env::temp_dir().join(format!("sightline-bench-janus-{}.log", std::process::id()));
    let janus = Janus::start(&args.janus_bin, &args.janus_configs, &log, &http, &args.janus_url).await?;
    let outcome = measure(&args, &janus, http, clip).await;
    drop(janus);
    report::line(outcome?);
    Ok(())
}

async fn measure(args: &JanusArgs, janus: &Janus, http: reqwest::Client, clip: Clip) -> Result<serde_json::Value> {
    let pid = janus.pid.to_string();
    let clip_kbps = clip.kbps(args.shape.camera.fps);
    let session = Session::create(http, &args.janus_url).await?;
    tokio::time::sleep(SETTLE).await;
    let idle = procfs::sample(&pid)?;

    let setup_started = Instant::now();
    // Peers gather on every address but loopback: here, the test addresses.
    let api = Arc::new(sightline_rtc::build_api(&NetworkSettings::default())?);
    let mut rooms = Vec::with_capacity(args.shape.sessions);
    let mut publishers = Vec::with_capacity(args.shape.sessions);
    for index in 0..args.shape.sessions {
        let room = FIRST_ROOM + index as u64;
        let mut handle = session.attach(VIDEOROOM).await?;
        handle.call(json!({ "request": "create", "room": room, "publishers": 1, "videocodec": "vp8", "is_private": true })).await?;
        let publisher = Publisher::join(&api, &mut handle, room).await?;
        rooms.push((room, publisher.feed, handle));
        publishers.push(publisher);
    }
    let period = Duration::from_secs(1) / args.shape.camera.fps.max(1);
    let pacer = Pacer::start(publishers, clip, period);
    let faults = Arc::new(Faults::default());
    let mut viewers = Vec::with_capacity(VIEWERS_PER_ROOM * args.shape.sessions);
    for (room, feed, _) in &rooms {
        for _ in 0..VIEWERS_PER_ROOM {
            let received = Arc::new(Received::default());
            let mut handle = session.attach(VIDEOROOM).await?;
            let pc = subscriber::subscribe(&api, &mut handle, *room, *feed, &received, &faults).await?;
            viewers.push((received, pc, handle));
        }
    }
    let received: Vec<Arc<Received>> = viewers.iter().map(|v| v.0.clone()).collect();
    window::wait_for_video(&received).await?;
    let setup_secs = setup_started.elapsed().as_secs_f64();

    let measured = window::measure(std::slice::from_ref(&pid), &received, &faults, &args.shape).await?;
    drop(pacer);
    for (_, pc, _) in &viewers {
        let _ = pc.close().await;
    }

    let mut report = json!({
        "bench": "janus_cost",
        "janus_version": janus.info["version_string"],
        "sessions": args.shape.sessions,
        "published_streams": args.shape.sessions,
        "resolution": format!("{}x{}", args.shape.camera.width, args.shape.camera.height),
        "fps": args.shape.camera.fps,
        "clip_kbps": round(clip_kbps),
        "setup_s": round(setup_secs),
    });
    if let Some(map) = report.as_object_mut() {
        map.extend(measured.fields(&idle));
    }
    Ok(report)
}
