//! A whole virtual phone: the synthetic camera joined to a session through the SDK
//! core, with a capture thread pushing frames at the camera's rate, as a real
//! phone's camera would.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use sightline_sdk_core::camera::{CameraConfig, Resolution};
use sightline_sdk_core::media::MediaInput;
use sightline_sdk_core::session::{ConnectionEvent, EndReason, Session, SessionConfig, SessionListener, SessionState};
use tokio::sync::watch;

use crate::camera::Lens;
use crate::{Result, SceneContent, VirtualCamera};

/// The camera's picture size and rate, as command-line options.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct PictureArgs {
    /// Picture width in pixels.
    #[arg(long, default_value_t = 1280)]
    pub width: u32,
    /// Picture height in pixels.
    #[arg(long, default_value_t = 720)]
    pub height: u32,
    /// Frames per second.
    #[arg(long, default_value_t = 30)]
    pub fps: u32,
}

impl PictureArgs {
    pub fn resolution(&self) -> Resolution {
        Resolution { width: self.width, height: self.height }
    }

    /// The camera configuration for this picture (back camera).
    pub fn camera_config(&self) -> CameraConfig {
        let mut config = CameraConfig::default();
        config.resolution = self.resolution();
        config.fps = self.fps;
        config
    }
}

/// How the virtual phone joins and what it shows.
#[derive(Debug, Clone)]
pub struct PhoneOptions {
    pub server_url: String,
    pub code: String,
    pub loopback_only: bool,
    pub resolution: Resolution,
    pub fps: u32,
    pub content: SceneContent,
    pub lens: Lens,
}

/// A running virtual phone.
pub struct VirtualPhone {
    pub session: Arc<Session>,
    pub camera: Arc<VirtualCamera>,
    states: watch::Receiver<SessionState>,
    capturing: Arc<AtomicBool>,
}

/// Forwards the SDK's callbacks to the app's listener and keeps the latest state.
struct Watcher {
    states: watch::Sender<SessionState>,
    inner: Arc<dyn SessionListener>,
}

impl SessionListener for Watcher {
    fn on_state_changed(&self, state: SessionState) {
        self.states.send_replace(state.clone());
        self.inner.on_state_changed(state);
    }

    fn on_connection_event(&self, event: ConnectionEvent) {
        self.inner.on_connection_event(event);
    }
}

impl VirtualPhone {
    /// Joins the session for `options.code` and starts streaming.
    pub async fn join(options: PhoneOptions, listener: Arc<dyn SessionListener>) -> Result<VirtualPhone> {
        let camera = Arc::new(VirtualCamera::with_lens(&options.content, options.lens)?);
        let (sender, states) = watch::channel(SessionState::Connecting);
        let watcher = Arc::new(Watcher { states: sender, inner: listener });
        let mut config = SessionConfig::new(options.server_url, options.code);
        config.display_name = Some("Virtual phone".into());
        config.loopback_only = options.loopback_only;
        let mut camera_config = CameraConfig::default();
        camera_config.resolution = options.resolution;
        camera_config.fps = options.fps;
        config.camera = camera_config;
        config.encoder.fps = options.fps;
        let session = Session::join(config, camera.clone(), watcher).await?;
        let capturing = Arc::new(AtomicBool::new(true));
        spawn_capture(session.clone(), camera.clone(), options.fps, capturing.clone());
        Ok(VirtualPhone { session, camera, states, capturing })
    }

    /// Waits until the session ends and returns why.
    pub async fn ended(&mut self) -> EndReason {
        loop {
            if let SessionState::Ended { reason } = &*self.states.borrow_and_update() {
                return reason.clone();
            }
            if self.states.changed().await.is_err() {
                return EndReason::Failed { message: "the session task stopped".into() };
            }
        }
    }
}

impl Drop for VirtualPhone {
    fn drop(&mut self) {
        self.capturing.store(false, Ordering::Release);
    }
}

/// The camera thread: renders and pushes a frame every `1/fps`, never waiting on the network.
fn spawn_capture(session: Arc<Session>, camera: Arc<VirtualCamera>, fps: u32, capturing: Arc<AtomicBool>) {
    let period = Duration::from_secs(1) / fps.max(1);
    thread::spawn(move || {
        let mut next = Instant::now();
        while capturing.load(Ordering::Acquire) {
            if matches!(session.state(), SessionState::Ended { .. }) {
                break;
            }
            match camera.next_frame() {
                Ok(frame) => {
                    if let Err(err) = session.push(MediaInput::Raw(frame)) {
                        tracing::warn!(%err, "a frame was refused");
                    }
                }
                Err(err) => {
                    tracing::debug!(%err, "camera not ready");
                }
            }
            next += period;
            let now = Instant::now();
            if next > now {
                thread::sleep(next - now);
            } else {
                next = now;
            }
        }
    });
}
