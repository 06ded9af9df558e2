//! The measurement every load benchmark shares: wait until each viewer receives video,
//! let it settle, then read the server's CPU time and memory and the viewers' counters
//! at both ends of a window, and report them per forwarded stream. With a sample period
//! (a soak), the same readings are also taken and printed along the window, so memory
//! that keeps growing or a viewer that stalls for a while shows.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

use super::faults::Faults;
use super::procfs::{self, ProcSample};
use super::Shape;
use crate::report;
use super::viewer::{Counts, Received};
use crate::error::{Error, Result};

/// How long every viewer may take to receive its first frame.
const SETUP_TIMEOUT: Duration = Duration::from_secs(120);

/// Readings at both ends of the window.
pub struct Window {
    seconds: f64,
    server: (ProcSample, ProcSample),
    client: (ProcSample, ProcSample),
    viewers: Vec<(Counts, Counts)>,
    /// The server's RSS at each sample along the window (KiB).
    rss_samples: Vec<u64>,
    /// The lowest frame rate of any viewer over any sample period.
    fps_min_sampled: Option<f64>,
    /// Every frame's delay above its stream's fastest frame in the window (ms), sorted.
    added_delays: Vec<f64>,
    faults: (Value, u64),
}

/// Waits the shape's warm-up, then measures the server's processes `pids` (summed) and the viewers over its
/// window, sampling along it when it has a sample period; `faults` are read at its end.
pub async fn measure(pids: &[String], viewers: &[Arc<Received>], faults: &Faults, shape: &Shape) -> Result<Window> {
    tokio::time::sleep(shape.warmup()).await;
    let (server, client, counts) = (procfs::sample_total(pids)?, procfs::sample("self")?, snapshot(viewers));
    let started = Instant::now();
    let (mut rss_samples, mut fps_min_sampled) = (Vec::new(), None::<f64>);
    if let Some(period) = shape.sample_period() {
        let (mut last, mut last_counts) = (server, counts.clone());
        while started.elapsed() + period <= shape.window() {
            tokio::time::sleep(period).await;
            let (now, now_counts) = (procfs::sample_total(pids)?, snapshot(viewers));
            let span: Vec<(Counts, Counts)> = last_counts.iter().copied().zip(now_counts.iter().copied()).collect();
            let fps_min = lowest(&frame_rates(&span, period.as_secs_f64()));
            report::line(json!({
                "bench": "soak_sample",
                "t_s": round(started.elapsed().as_secs_f64()),
                "server_rss_mib": round(mib(now.rss_kib)),
                "server_cpu_percent": round(now.cpu_percent_since(&last)),
                "server_threads": now.threads,
                "viewer_fps_min": round(fps_min),
                "viewer_loss_percent": round(loss_percent(&span)),
                "viewer_added_delay_ms_p95": round(percentile(&added_delays(viewers, &span), 0.95)),
                "faults_total": faults.fields().1,
            }));
            rss_samples.push(now.rss_kib);
            fps_min_sampled = Some(fps_min_sampled.map_or(fps_min, |min| min.min(fps_min)));
            (last, last_counts) = (now, now_counts);
        }
    }
    tokio::time::sleep(shape.window().saturating_sub(started.elapsed())).await;
    let (server_after, client_after, counts_after) = (procfs::sample_total(pids)?, procfs::sample("self")?, snapshot(viewers));
    let span: Vec<(Counts, Counts)> = counts.into_iter().zip(counts_after).collect();
    Ok(Window {
        seconds: started.elapsed().as_secs_f64(),
        server: (server, server_after),
        client: (client, client_after),
        added_delays: added_delays(viewers, &span),
        viewers: span,
        rss_samples,
        fps_min_sampled,
        faults: faults.fields(),
    })
}

impl Window {
    /// The report's fields on the server's cost (memory against its `idle` reading) and
    /// on what the viewers received.
    pub fn fields(&self, idle: &ProcSample) -> Map<String, Value> {
        let (before, after) = &self.server;
        let forwarded = self.viewers.len() as f64;
        let cpu = after.cpu_percent_since(before);
        let fps = frame_rates(&self.viewers, self.seconds);
        let kbps: Vec<f64> = self.viewers.iter().map(|(b, a)| (a.bytes - b.bytes) as f64 * 8.0 / 1000.0 / self.seconds).collect();
        let (lost, _) = packets_lost(&self.viewers);
        let mut fields = json!({
            "forwarded_streams": forwarded,
            "window_s": self.seconds,
            "server_cpu_percent": round(cpu),
            "server_cpu_percent_per_forwarded_stream": round(cpu / forwarded),
            "server_rss_idle_mib": round(mib(idle.rss_kib)),
            "server_rss_mib": round(mib(after.rss_kib)),
            "server_rss_added_kib_per_forwarded_stream": round(after.rss_kib.saturating_sub(idle.rss_kib) as f64 / forwarded),
            "server_threads_idle": idle.threads,
            "server_threads": after.threads,
            "viewer_fps_mean": round(mean(&fps)),
            "viewer_fps_min": round(lowest(&fps)),
            "viewer_kbps_mean": round(mean(&kbps)),
            "viewer_packets_lost": lost,
            "viewer_loss_percent": round(loss_percent(&self.viewers)),
            "viewer_added_delay_ms_p50": round(percentile(&self.added_delays, 0.5)),
            "viewer_added_delay_ms_p95": round(percentile(&self.added_delays, 0.95)),
            "viewer_added_delay_ms_max": round(percentile(&self.added_delays, 1.0)),
            "bench_client_cpu_percent": round(self.client.1.cpu_percent_since(&self.client.0)),
            "faults": self.faults.0.clone(),
            "faults_total": self.faults.1,
        });
        if let (Some(first), Some(max)) = (self.rss_samples.first(), self.rss_samples.iter().max()) {
            fields["soak_samples"] = json!(self.rss_samples.len());
            fields["server_rss_first_sample_mib"] = json!(round(mib(*first)));
            fields["server_rss_max_mib"] = json!(round(mib(*max)));
            fields["viewer_fps_min_sampled"] = json!(self.fps_min_sampled.map(round));
        }
        match fields {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}

/// Waits until every viewer has received at least one whole frame.
pub async fn wait_for_video(viewers: &[Arc<Received>]) -> Result<()> {
    let started = Instant::now();
    loop {
        let waiting = viewers.iter().filter(|v| v.snapshot().frames == 0).count();
        if waiting == 0 {
            return Ok(());
        }
        if started.elapsed() > SETUP_TIMEOUT {
            return Err(Error::Timeout(format!("{waiting} of {} viewers received no video", viewers.len())));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

pub fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Each viewer's frames per second between its two readings (before, after).
fn frame_rates(span: &[(Counts, Counts)], seconds: f64) -> Vec<f64> {
    span.iter().map(|(b, a)| (a.frames - b.frames) as f64 / seconds).collect()
}

fn lowest(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

/// Video packets the viewers' sequence numbers say were sent but did not arrive between
/// their two readings, and how many were sent.
fn packets_lost(span: &[(Counts, Counts)]) -> (u64, u64) {
    let expected: u64 = span.iter().map(|(b, a)| a.expected - b.expected).sum();
    let packets: u64 = span.iter().map(|(b, a)| a.packets - b.packets).sum();
    (expected.saturating_sub(packets), expected)
}

fn loss_percent(span: &[(Counts, Counts)]) -> f64 {
    let (lost, expected) = packets_lost(span);
    lost as f64 * 100.0 / expected.max(1) as f64
}

/// Every frame's delay above its own stream's fastest frame between two readings, sorted.
fn added_delays(viewers: &[Arc<Received>], span: &[(Counts, Counts)]) -> Vec<f64> {
    let mut delays: Vec<f64> = viewers.iter().zip(span).flat_map(|(viewer, (before, after))| viewer.added_delays(before, after)).collect();
    delays.sort_by(f64::total_cmp);
    delays
}

/// The value below which `share` (0 to 1) of the sorted values lie (nearest rank); 0 when empty.
fn percentile(sorted: &[f64], share: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else { return 0.0 };
    sorted[((last as f64 * share).round() as usize).min(last)]
}

fn snapshot(viewers: &[Arc<Received>]) -> Vec<Counts> {
    viewers.iter().map(|v| v.snapshot()).collect()
}
