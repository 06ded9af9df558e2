//! A whole virtual phone: the synthetic camera joined to a session through the SDK
//! core, with a capture thread pushing frames at the camera's rate, as a real
//! phone's camera would: raw frames for the SDK's VP8 encoder, or H.264 samples from
//! the stand-in hardware encoder, which makes an IDR whenever the SDK asks. The
//! technicians' annotations are drawn into every frame. With audio, a microphone
//! thread pushes a tone and the loudspeaker measures the tone it is listening for.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use sightline_sdk_core::camera::{CameraConfig, Resolution};
use sightline_sdk_core::media::{MediaInput, VideoCodec};
use sightline_sdk_core::VideoFrame;
use sightline_sdk_core::session::{ConnectionEvent, DeviceInfo, EndReason, NetworkType, Session, SessionConfig, SessionListener, SessionState};
use tokio::sync::watch;

use crate::h264::{H264Settings, HardwareEncoder};
use crate::camera::Lens;
use crate::overlay;
use crate::tone::{spawn_microphone, ToneArgs, ToneDevice, ToneReading};
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
    /// VP8: raw frames, encoded by the SDK; H.264: samples of the stand-in hardware encoder.
    pub codec: VideoCodec,
    pub lens: Lens,
    /// The network the phone reports at join.
    pub network: NetworkType,
    /// Join without streaming until the customer consents (`Session::consent`).
    pub consent_required: bool,
}

/// A running virtual phone.
pub struct VirtualPhone {
    pub session: Arc<Session>,
    pub camera: Arc<VirtualCamera>,
    states: watch::Receiver<SessionState>,
    capturing: Arc<AtomicBool>,
    /// Frames the camera thread pushed and the SDK took without an error.
    pushed: Arc<AtomicU64>,
}

/// Forwards the SDK's callbacks to the app's listener and keeps the latest state.
struct Watcher {
    states: watch::Sender<SessionState>,
    /// Set when the SDK asks the app's encoder for a key frame.
    keyframe_wanted: Arc<AtomicBool>,
    inner: Arc<dyn SessionListener>,
}

impl SessionListener for Watcher {
    fn on_state_changed(&self, state: SessionState) {
        self.states.send_replace(state.clone());
        self.inner.on_state_changed(state);
    }

    fn on_connection_event(&self, event: ConnectionEvent) {
        if event == ConnectionEvent::KeyframeRequested {
            self.keyframe_wanted.store(true, Ordering::Release);
        }
        self.inner.on_connection_event(event);
    }
}

impl VirtualPhone {
    /// Joins the session for `options.code` and starts streaming.
    pub async fn join(options: PhoneOptions, listener: Arc<dyn SessionListener>) -> Result<VirtualPhone> {
        VirtualPhone::start(options, listener, None).await
    }

    /// Joins with two-way audio: the microphone hears `tone.tone_hz`, and `report` gets
    /// how loud `tone.listen_hz` is in what the loudspeaker plays.
    pub async fn join_with_audio(
        options: PhoneOptions,
        listener: Arc<dyn SessionListener>,
        tone: ToneArgs,
        report: impl Fn(ToneReading) + Send + Sync + 'static,
    ) -> Result<VirtualPhone> {
        VirtualPhone::start(options, listener, Some((tone, Arc::new(ToneDevice::new(&tone, report))))).await
    }

    async fn start(options: PhoneOptions, listener: Arc<dyn SessionListener>, audio: Option<(ToneArgs, Arc<ToneDevice>)>) -> Result<VirtualPhone> {
        let camera = Arc::new(VirtualCamera::with_lens(&options.content, options.lens)?);
        let (sender, states) = watch::channel(SessionState::Connecting);
        let keyframe_wanted = Arc::new(AtomicBool::new(false));
        let watcher = Arc::new(Watcher { states: sender, keyframe_wanted: keyframe_wanted.clone(), inner: listener });
        let mut config = SessionConfig::new(options.server_url, options.code);
        config.display_name = Some("Virtual phone".into());
        config.loopback_only = options.loopback_only;
        let mut camera_config = CameraConfig::default();
        camera_config.resolution = options.resolution;
        camera_config.fps = options.fps;
        config.camera = camera_config;
        config.encoder.fps = options.fps;
        config.codec = options.codec;
        config.device = device();
        config.network = Some(options.network);
        config.consent_required = options.consent_required;
        let output = match options.codec {
            VideoCodec::Vp8 => Output::Raw,
            VideoCodec::H264 => {
                let settings = H264Settings {
                    bitrate_kbps: config.encoder.bitrate_kbps,
                    fps: options.fps,
                    keyframe_interval: config.encoder.keyframe_interval,
                };
                Output::H264 { encoder: HardwareEncoder::new(settings)?, keyframe_wanted }
            }
        };
        let capturing = Arc::new(AtomicBool::new(true));
        let session = match audio {
            Some((tone, device)) => {
                let session = Session::join_with_audio(config, camera.clone(), device.clone(), watcher).await?;
                spawn_microphone(session.clone(), device, tone, capturing.clone());
                session
            }
            None => Session::join(config, camera.clone(), watcher).await?,
        };
        let pushed = Arc::new(AtomicU64::new(0));
        spawn_capture(session.clone(), camera.clone(), options.fps, output, capturing.clone(), pushed.clone());
        Ok(VirtualPhone { session, camera, states, capturing, pushed })
    }

    /// How many frames the camera pushed that the SDK took without an error.
    pub fn frames_pushed(&self) -> u64 {
        self.pushed.load(Ordering::Acquire)
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

/// What the capture thread pushes.
enum Output {
    /// Raw frames: the SDK encodes them.
    Raw,
    /// H.264 samples of the stand-in hardware encoder (raw frames still feed the scanner).
    H264 { encoder: HardwareEncoder, keyframe_wanted: Arc<AtomicBool> },
}

impl Output {
    fn push(&mut self, session: &Session, frame: VideoFrame) -> Result<()> {
        if let Output::H264 { encoder, keyframe_wanted } = self {
            if keyframe_wanted.swap(false, Ordering::AcqRel) {
                encoder.request_keyframe();
            }
            if let Some(sample) = encoder.encode(&frame)? {
                session.push(MediaInput::Encoded(sample))?;
            }
        }
        Ok(session.push(MediaInput::Raw(frame))?)
    }
}

/// The camera thread: renders and pushes a frame every `1/fps`, never waiting on the network.
fn spawn_capture(session: Arc<Session>, camera: Arc<VirtualCamera>, fps: u32, mut output: Output, capturing: Arc<AtomicBool>, pushed: Arc<AtomicU64>) {
    let period = Duration::from_secs(1) / fps.max(1);
    thread::spawn(move || {
        let mut next = Instant::now();
        while capturing.load(Ordering::Acquire) {
            if matches!(session.state(), SessionState::Ended { .. }) {
                break;
            }
            let annotations = session.overlay().annotations();
            match camera.next_frame_drawn(|canvas| overlay::draw(canvas, &annotations)) {
                Ok(frame) => match output.push(&session, frame) {
                    Ok(()) => {
                        pushed.fetch_add(1, Ordering::AcqRel);
                    }
                    Err(err) => tracing::warn!(%err, "a frame was refused"),
                },
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

/// The virtual phone as an app would describe it: this machine's kernel release as the
/// OS version, when it can be read.
fn device() -> DeviceInfo {
    let os_version = std::fs::read_to_string("/proc/sys/kernel/osrelease").map(|release| release.trim().to_owned()).unwrap_or_default();
    DeviceInfo {
        model: "Sightline virtual phone".into(),
        os: "Linux".into(),
        os_version,
        app_name: env!("CARGO_PKG_NAME").into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
    }
}
