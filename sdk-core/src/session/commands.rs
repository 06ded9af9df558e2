//! Technicians' commands executed on the phone: torch and zoom through the app's
//! camera (acknowledged with the camera's state after them), snapshots (the camera's
//! still, uploaded before the answer; likewise for live text), freezes (the stream held, and the still uploaded
//! before the answer), and scans that decode live frames off the
//! capture thread at a bounded rate.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use sightline_wire::signal::{Command, CommandOutcome, ScanKind, ScannedCode};
use tokio::sync::mpsc;

use super::camera_settings::CameraSettings;
use super::freeze::Freeze;
use super::upload::Uploader;
use super::video::{VideoGate, VideoState};
use crate::camera::Camera;
use crate::scan::{BarcodeFormat, LiveScanner, ScanResult, Scanner, ScannerConfig};
use crate::VideoFrame;

/// A scan gives up when it found nothing for this long.
pub const SCAN_TIMEOUT: Duration = Duration::from_secs(20);
/// At most this many frames a second go to the decoder, so the stream never stutters.
const SCAN_INTERVAL: Duration = Duration::from_millis(150);

/// What a command produced, for the driver to send to the server.
#[derive(Debug)]
pub enum Report {
    Done { id: String, outcome: CommandOutcome },
    /// Codes a scan found: the technicians get them, and the app's listener too.
    Found { id: String, results: Vec<ScanResult> },
}

struct ScanJob {
    id: String,
    frames: SyncSender<VideoFrame>,
    last_handoff: Option<Instant>,
    stop: Arc<AtomicBool>,
}

/// The running scan, if any, shared with `Session::push`.
#[derive(Default)]
pub struct Scans {
    job: Mutex<Option<ScanJob>>,
}

impl Scans {
    /// Offers a captured frame to the running scan (a copy, at most every `SCAN_INTERVAL`).
    pub fn offer(&self, frame: &VideoFrame) {
        let mut job = self.job.lock();
        let Some(job) = job.as_mut() else { return };
        let now = Instant::now();
        if job.last_handoff.is_some_and(|at| now.duration_since(at) < SCAN_INTERVAL) {
            return;
        }
        // A busy decoder skips this frame rather than holding up the camera.
        if job.frames.try_send(frame.clone()).is_ok() {
            job.last_handoff = Some(now);
        }
    }

    /// Stops the running scan, if any; its outcome reports that it was stopped.
    pub fn stop(&self) {
        if let Some(job) = self.job.lock().take() {
            job.stop.store(true, Ordering::Release);
        }
    }

    fn start(self: &Arc<Self>, id: String, kind: ScanKind, reports: mpsc::UnboundedSender<Report>) {
        self.stop();
        let (frames, receiver) = sync_channel::<VideoFrame>(1);
        let stop = Arc::new(AtomicBool::new(false));
        *self.job.lock() =
            Some(ScanJob { id: id.clone(), frames, last_handoff: None, stop: stop.clone() });
        let scans = Arc::downgrade(self);
        thread::spawn(move || {
            let config = match kind {
                ScanKind::Qr => ScannerConfig::qr_only(),
                // QR codes have a tool of their own; this one looks for every other symbology.
                ScanKind::Barcode => ScannerConfig::with_formats(BarcodeFormat::ALL.iter().copied().filter(|f| *f != BarcodeFormat::QrCode).collect()),
            };
            let live = LiveScanner::new(Arc::new(Scanner::new(config)));
            let deadline = Instant::now() + SCAN_TIMEOUT;
            let outcome = loop {
                if stop.load(Ordering::Acquire) {
                    break CommandOutcome::Failed { reason: "the scan was stopped".into() };
                }
                let wait = deadline.saturating_duration_since(Instant::now()).min(Duration::from_millis(250));
                match receiver.recv_timeout(wait) {
                    Ok(frame) => match live.process(&frame) {
                        Ok(results) if !results.is_empty() => {
                            let _ = reports.send(Report::Found { id: id.clone(), results });
                            break CommandOutcome::DONE;
                        }
                        Ok(_) => {}
                        Err(err) => tracing::debug!(%err, "a scan of one frame failed"),
                    },
                    Err(RecvTimeoutError::Timeout) if Instant::now() >= deadline => {
                        break CommandOutcome::Failed { reason: format!("no code found within {} seconds", SCAN_TIMEOUT.as_secs()) };
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => break CommandOutcome::Failed { reason: "the scan was stopped".into() },
                }
            };
            if let Some(scans) = scans.upgrade() {
                let mut job = scans.job.lock();
                if job.as_ref().is_some_and(|j| j.id == id) {
                    *job = None;
                }
            }
            let _ = reports.send(Report::Done { id, outcome });
        });
    }
}

/// Whether the command would show the technicians something of the picture.
fn takes_picture(command: &Command) -> bool {
    matches!(command, Command::Snapshot | Command::Freeze | Command::ReadText { .. } | Command::Scan { .. })
}

/// Why no picture may be taken now, in words for the technician.
fn kept_back(video: VideoState) -> Option<&'static str> {
    match video {
        VideoState::Sending => None,
        VideoState::Paused => Some("the customer paused the video"),
        VideoState::AwaitingConsent => Some("the customer has not agreed to show the video yet"),
    }
}

/// A decoded code as the technicians get it.
pub(super) fn scanned(result: &ScanResult) -> ScannedCode {
    ScannedCode {
        format: result.format,
        text: result.text.clone(),
        points: result.points.iter().map(|p| [p.x, p.y]).collect(),
    }
}

/// What commands act on.
#[derive(Clone)]
pub struct Tools {
    pub camera: Arc<dyn Camera>,
    pub settings: Arc<Mutex<CameraSettings>>,
    pub scans: Arc<Scans>,
    pub uploader: Arc<Uploader>,
    pub freeze: Arc<Freeze>,
    pub video: Arc<VideoGate>,
}

/// Executes one command; camera commands report at once (with the camera's state
/// after them, `settings` updated), snapshots and freezes once uploaded (a freeze
/// that held the picture lets it go again when its still fails), scans when they finish.
/// While the customer keeps the picture back, what would take a picture fails at once.
pub async fn execute(id: String, command: Command, tools: Tools, reports: mpsc::UnboundedSender<Report>) {
    let Tools { camera, settings, scans, uploader, freeze, video } = tools;
    if takes_picture(&command) {
        if let Some(reason) = kept_back(video.state()) {
            let _ = reports.send(Report::Done { id, outcome: CommandOutcome::Failed { reason: reason.into() } });
            return;
        }
    }
    let camera_call = match command {
        Command::Snapshot | Command::Freeze | Command::ReadText { .. } => {
            // Only the freeze that held the picture lets it go when its still fails.
            let froze = command == Command::Freeze && !freeze.is_frozen();
            if command == Command::Freeze {
                freeze.set(true);
            }
            let outcome = match uploader.capture_and_upload(&id, camera).await {
                Ok(()) => CommandOutcome::DONE,
                Err(err) => {
                    if froze {
                        freeze.set(false);
                    }
                    CommandOutcome::Failed { reason: err.to_string() }
                }
            };
            let _ = reports.send(Report::Done { id, outcome });
            return;
        }
        Command::Unfreeze => {
            freeze.set(false);
            let _ = reports.send(Report::Done { id, outcome: CommandOutcome::DONE });
            return;
        }
        Command::Scan { kind } => return scans.start(id, kind, reports),
        Command::StopScan => {
            scans.stop();
            let _ = reports.send(Report::Done { id, outcome: CommandOutcome::DONE });
            return;
        }
        Command::Torch { on } => tokio::task::spawn_blocking(move || -> crate::Result<_> {
            camera.set_torch(on)?;
            let mut settings = settings.lock();
            settings.torch = Some(on);
            Ok(settings.state(&camera.capabilities()))
        }),
        // By the camera's contract a zoom either applies the ratio asked for or fails.
        Command::Zoom { ratio } => tokio::task::spawn_blocking(move || -> crate::Result<_> {
            camera.set_zoom(ratio)?;
            let mut settings = settings.lock();
            settings.zoom = Some(ratio);
            Ok(settings.state(&camera.capabilities()))
        }),
    };
    let outcome = match camera_call.await {
        Ok(Ok(camera)) => CommandOutcome::Done { camera: Some(camera) },
        Ok(Err(err)) => CommandOutcome::Failed { reason: err.to_string() },
        Err(_) => CommandOutcome::Failed { reason: "the camera stopped answering".into() },
    };
    let _ = reports.send(Report::Done { id, outcome });
}
