//! A customer's session: join with a code, publish the camera, follow the session
//! through reconnections until it ends.
//!
//! [`Session::join`] connects to the server's live endpoint, joins with the code and
//! returns a handle; a background task keeps signaling and media running, reconnects
//! across network changes (new ICE, same session) and reports every change to the
//! app's [`SessionListener`]. The technicians' annotations arrive in the session's
//! [`Overlay`], for the app to draw over its preview; a technician's freeze holds the
//! stream on one frame ([`Freeze`], which tells the app to show "frozen"). The customer
//! chats with the technicians through [`Session::send_chat`] and the session's [`Chat`]. With
//! [`Session::join_with_audio`] the session also carries the phone's voice (see
//! [`crate::audio`]). The customer decides whether the picture goes out: a session may
//! wait for its consent ([`SessionConfig::consent_required`], [`Session::consent`]), and
//! [`Session::pause_video`] keeps the picture back until [`Session::resume_video`].

mod camera_settings;
mod chat;
mod commands;
mod device;
mod driver;
mod freeze;
mod overlay;
mod signaling;
mod state;
mod upload;
mod video;

use std::sync::Arc;

use parking_lot::Mutex;
use sightline_rtc::JOIN_TRACE;
use sightline_wire::signal::{ClientMessage, ServerMessage, PROTOCOL_VERSION};
use tokio::sync::mpsc;

pub use chat::{Chat, ChatListener, ChatMessage};
pub use device::{DeviceInfo, NetworkType, SDK_VERSION};
pub use freeze::{Freeze, FreezeListener, REPEAT_EVERY};
pub use overlay::{Colour, Overlay, OverlayAnnotation, OverlayListener, OverlayShape, TEXT_HEIGHT_PER_WIDTH};
pub use state::{ConnectionEvent, EndReason, SessionListener, SessionState};
pub use video::VideoState;

use crate::audio::{self, AudioDevice, AudioStatus};
use crate::camera::{Camera, CameraConfig};
use crate::media::{EncoderConfig, MediaInput, ParameterSets, Publisher, PublisherStats, VideoCodec};
use crate::{Error, Result};
use signaling::{Incoming, Signaling};

/// How to join.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionConfig {
    /// The server, e.g. `https://help.example.org`.
    pub server_url: String,
    /// The nine-digit code, or the join link the technician sent.
    pub code: String,
    /// How technicians see the customer; the server defaults to "Customer".
    pub display_name: Option<String>,
    /// Offer only 127.0.0.1 candidates (tests and demos on one machine).
    pub loopback_only: bool,
    pub camera: CameraConfig,
    pub encoder: EncoderConfig,
    /// What the stream carries: VP8 (raw frames, encoded by the SDK, or pushed VP8
    /// samples) or H.264 (samples from the phone's hardware encoder).
    pub codec: VideoCodec,
    /// The phone and the app, shown to the technicians (the SDK adds its version).
    pub device: DeviceInfo,
    /// The phone's network at join, if the app knows it; later changes go through
    /// [`Session::set_network`].
    pub network: Option<NetworkType>,
    /// Join without streaming until the app reports the customer's consent
    /// ([`Session::consent`]); the technicians see that the customer has not agreed yet.
    pub consent_required: bool,
}

impl SessionConfig {
    pub fn new(server_url: impl Into<String>, code: impl Into<String>) -> SessionConfig {
        SessionConfig {
            server_url: server_url.into(),
            code: code.into(),
            display_name: None,
            loopback_only: false,
            camera: CameraConfig::default(),
            encoder: EncoderConfig::default(),
            codec: VideoCodec::Vp8,
            device: DeviceInfo::default(),
            network: None,
            consent_required: false,
        }
    }
}

/// What the app's handle and the background task share.
struct Shared {
    listener: Arc<dyn SessionListener>,
    state: Mutex<SessionState>,
    publisher: Mutex<Option<Arc<Publisher>>>,
    /// The H.264 stream's latest SPS/PPS, kept across publishers (reconnects).
    parameter_sets: Mutex<ParameterSets>,
    scans: Arc<commands::Scans>,
    camera_settings: Arc<Mutex<camera_settings::CameraSettings>>,
    overlay: Arc<Overlay>,
    freeze: Arc<Freeze>,
    chat: Arc<Chat>,
    /// The app's microphone and loudspeaker, when it enabled audio.
    audio: Option<Arc<dyn AudioDevice>>,
    /// What the app last reported of its audio, and whether the phone muted itself: sent
    /// again on every new connection.
    audio_status: Mutex<Option<AudioStatus>>,
    muted: Mutex<bool>,
    /// The phone's network as the app last reported it: sent on every new connection.
    network: Mutex<Option<NetworkType>>,
    /// Whether the customer lets the picture out: sent on every new connection.
    video: Arc<video::VideoGate>,
}

impl Shared {
    fn set_state(&self, state: SessionState) {
        let changed = {
            let mut current = self.state.lock();
            if *current == state {
                false
            } else {
                *current = state.clone();
                true
            }
        };
        if changed {
            self.listener.on_state_changed(state);
        }
    }

    fn state(&self) -> SessionState {
        self.state.lock().clone()
    }

    fn set_publisher(&self, publisher: Option<Arc<Publisher>>) {
        *self.publisher.lock() = publisher;
    }

    fn publisher(&self) -> Option<Arc<Publisher>> {
        self.publisher.lock().clone()
    }
}

/// What the app asks of the background task (not to be confused with a technician's
/// [`sightline_wire::signal::Command`] to the phone).
enum SessionControl {
    End,
    NetworkChanged,
    /// The app's audio status or the phone's mute changed: tell the server.
    AudioChanged,
    /// The app reported the phone's network: tell the server.
    NetworkReported,
    /// The customer consented, paused or resumed: tell the server.
    VideoChanged,
    /// The customer wrote a chat message: send it.
    Chat(chat::Outgoing),
}

/// A joined session.
pub struct Session {
    session_id: String,
    codec: VideoCodec,
    shared: Arc<Shared>,
    controls: mpsc::UnboundedSender<SessionControl>,
}

impl Session {
    /// Joins the session waiting for `config.code`. Fails with [`Error::JoinRefused`]
    /// (invalid or expired code, outdated SDK) or a connection error; otherwise the
    /// camera is started and the session runs until it ends.
    pub async fn join(config: SessionConfig, camera: Arc<dyn Camera>, listener: Arc<dyn SessionListener>) -> Result<Arc<Session>> {
        Session::start(config, camera, None, listener).await
    }

    /// Joins like [`Session::join`], with two-way audio: `audio` captures from the start
    /// (frames go in through [`Session::push_audio`]) and plays the technicians' voices.
    pub async fn join_with_audio(
        config: SessionConfig,
        camera: Arc<dyn Camera>,
        audio: Arc<dyn AudioDevice>,
        listener: Arc<dyn SessionListener>,
    ) -> Result<Arc<Session>> {
        Session::start(config, camera, Some(audio), listener).await
    }

    async fn start(
        config: SessionConfig,
        camera: Arc<dyn Camera>,
        audio: Option<Arc<dyn AudioDevice>>,
        listener: Arc<dyn SessionListener>,
    ) -> Result<Arc<Session>> {
        let shared = Arc::new(Shared {
            listener,
            state: Mutex::new(SessionState::Connecting),
            publisher: Mutex::new(None),
            parameter_sets: Mutex::new(ParameterSets::default()),
            scans: Arc::new(commands::Scans::default()),
            camera_settings: Arc::default(),
            overlay: Arc::default(),
            freeze: Arc::default(),
            chat: Arc::default(),
            audio,
            audio_status: Mutex::new(None),
            muted: Mutex::new(false),
            network: Mutex::new(config.network),
            video: Arc::new(video::VideoGate::new(config.consent_required)),
        });
        shared.listener.on_state_changed(SessionState::Connecting);
        let mut signaling = Signaling::connect(&config.server_url, None).await?;
        tracing::debug!(target: JOIN_TRACE, peer = "phone", step = "signaling_connected", "joining: WebSocket up");
        signaling
            .send(&ClientMessage::Join {
                code: config.code.clone(),
                display_name: config.display_name.clone(),
                protocol: PROTOCOL_VERSION,
                device: Some(config.device.to_wire()),
            })
            .await?;
        let (session_id, token) = match signaling.recv().await {
            Incoming::Message(ServerMessage::Joined { session_id, token, .. }) => {
                tracing::debug!(target: JOIN_TRACE, peer = "phone", step = "joined", session = %session_id, "joined");
                (session_id, token)
            }
            Incoming::Message(ServerMessage::Ended { reason }) => return Err(Error::JoinRefused(EndReason::from_wire(reason))),
            Incoming::Message(ServerMessage::Error { code, message }) => return Err(Error::Signaling(format!("{code}: {message}"))),
            Incoming::Message(other) => return Err(Error::Signaling(format!("unexpected first message {other:?}"))),
            Incoming::Closed => return Err(Error::Signaling("the server closed the connection while joining".into())),
        };
        // The join reached whichever node took the connection; the session goes on where the
        // session's id leads (behind a balancer, the node of its technicians). Should that
        // fail, the join's own connection serves, and the next reconnect names the session.
        let signaling = match signaling::session_connection(&config.server_url, &session_id, &token).await {
            Ok(routed) => {
                signaling.close().await;
                routed
            }
            Err(err) => {
                tracing::warn!(%err, "the session's own connection failed: staying on the join's");
                signaling
            }
        };
        let codec = config.codec;
        let (controls, receiver) = mpsc::unbounded_channel();
        let camera_config = config.camera;
        let task = driver::Driver::new(config, session_id.clone(), token, camera.clone(), shared.clone(), receiver)?;
        camera.start(camera_config)?;
        if let Some(audio) = &shared.audio {
            audio.start_capture()?;
        }
        tokio::spawn(task.run(signaling));
        tokio::spawn(repeat_held(Arc::downgrade(&shared)));
        Ok(Arc::new(Session { session_id, codec, shared, controls }))
    }

    pub fn session_id(&self) -> String {
        self.session_id.clone()
    }

    pub fn state(&self) -> SessionState {
        self.shared.state()
    }

    /// Hands a camera frame or an encoded sample to the stream. Never blocks; while
    /// no media connection exists (joining, reconnecting) the frame is skipped. H.264
    /// samples must be Annex B; an IDR without SPS/PPS gets the latest ones the
    /// encoder emitted (hardware encoders emit them once). Raw frames feed the scanner;
    /// on an H.264 session that is all they do (the app's encoder makes the stream).
    /// While the picture is frozen, frames after the held one are not encoded and
    /// encoded samples are not sent. While the customer keeps the picture back (paused, or
    /// not agreed yet) every frame and sample is dropped, unscanned, without an error.
    /// A frame that does not describe its picture, or a sample of another codec, is
    /// refused at once; once the session has ended, everything is ([`Error::SessionEnded`]).
    pub fn push(&self, input: MediaInput) -> Result<()> {
        self.require_running()?;
        let input = match input {
            MediaInput::Raw(frame) => {
                frame.layout()?;
                if !self.shared.video.is_sending() {
                    return Ok(());
                }
                self.shared.scans.offer(&frame);
                if self.codec == VideoCodec::H264 {
                    return Ok(());
                }
                let Some(frame) = self.shared.freeze.pass(frame) else { return Ok(()) };
                MediaInput::Raw(frame)
            }
            MediaInput::Encoded(sample) => {
                sample.check_for(self.codec)?;
                if self.shared.freeze.is_frozen() || !self.shared.video.is_sending() {
                    return Ok(());
                }
                if sample.codec == VideoCodec::H264 {
                    MediaInput::Encoded(self.shared.parameter_sets.lock().complete(sample)?)
                } else {
                    MediaInput::Encoded(sample)
                }
            }
        };
        match self.shared.publisher() {
            Some(publisher) => publisher.push(input),
            None => Ok(()),
        }
    }

    /// Hands one captured audio frame (20 ms: 960 samples, 48 kHz mono) to the voice
    /// channel. Never blocks; while no media connection exists the frame is skipped.
    pub fn push_audio(&self, frame: Vec<i16>) -> Result<()> {
        self.require_running()?;
        if self.shared.audio.is_none() {
            return Err(Error::AudioNotEnabled);
        }
        audio::check_frame(&frame)?;
        match self.shared.publisher() {
            Some(publisher) => publisher.push_audio(frame),
            None => Ok(()),
        }
    }

    /// The app's microphone became busy or was refused, or the audio route changed: the
    /// listener and the technicians hear of it.
    pub fn audio_status_changed(&self, status: AudioStatus) -> Result<()> {
        if self.shared.audio.is_none() {
            return Err(Error::AudioNotEnabled);
        }
        *self.shared.audio_status.lock() = Some(status);
        self.shared.listener.on_audio_status(status);
        let _ = self.controls.send(SessionControl::AudioChanged);
        Ok(())
    }

    /// Mutes or unmutes the phone's microphone for everyone (the relay stops mixing it).
    pub fn set_muted(&self, muted: bool) -> Result<()> {
        if self.shared.audio.is_none() {
            return Err(Error::AudioNotEnabled);
        }
        *self.shared.muted.lock() = muted;
        let _ = self.controls.send(SessionControl::AudioChanged);
        Ok(())
    }

    /// The customer agreed to stream (a session joined with
    /// [`SessionConfig::consent_required`]): the picture goes out from now on, unless the
    /// customer paused it. Consenting again does nothing.
    pub fn consent(&self) -> Result<()> {
        self.require_running()?;
        self.video_changed(self.shared.video.consent());
        Ok(())
    }

    /// The customer paused the video: from now on the frames and samples the app pushes
    /// are dropped without an error, and the technicians see "paused".
    pub fn pause_video(&self) -> Result<()> {
        self.require_running()?;
        self.video_changed(self.shared.video.set_paused(true));
        Ok(())
    }

    /// The customer resumed the video after [`Session::pause_video`]; the next frame goes
    /// out as a key frame (an app pushing encoded samples hears
    /// [`ConnectionEvent::KeyframeRequested`]). Before the customer's consent it changes nothing.
    pub fn resume_video(&self) -> Result<()> {
        self.require_running()?;
        self.video_changed(self.shared.video.set_paused(false));
        Ok(())
    }

    /// Whether the picture goes out now, or why it does not.
    pub fn video_state(&self) -> VideoState {
        self.shared.video.state()
    }

    fn video_changed(&self, changed: bool) {
        if !changed {
            return;
        }
        // Resumed: the technicians' decoders need a key frame, from the SDK's encoder or the app's.
        if self.shared.video.is_sending() {
            if let Some(publisher) = self.shared.publisher() {
                publisher.request_keyframe();
            }
            self.shared.listener.on_connection_event(ConnectionEvent::KeyframeRequested);
        }
        let _ = self.controls.send(SessionControl::VideoChanged);
    }

    /// The technicians' annotations, to draw over the preview.
    pub fn overlay(&self) -> Arc<Overlay> {
        self.shared.overlay.clone()
    }

    /// The session's chat: the messages so far, and the app's listener for new ones.
    pub fn chat(&self) -> Arc<Chat> {
        self.shared.chat.clone()
    }

    /// Sends a chat message to the technicians and returns the phone's id for it (the
    /// `client_id` of the message when it comes back stored). Queued while the connection
    /// is away; fails with [`Error::InvalidChatMessage`] for an empty or too long text and
    /// [`Error::SessionEnded`] once the session has ended.
    pub fn send_chat(&self, text: &str) -> Result<String> {
        self.require_running()?;
        let outgoing = self.shared.chat.write(text)?;
        let client_id = outgoing.client_id.clone();
        let _ = self.controls.send(SessionControl::Chat(outgoing));
        Ok(client_id)
    }

    /// Whether a technician froze the picture, and the app's listener for it.
    pub fn freeze(&self) -> Arc<Freeze> {
        self.shared.freeze.clone()
    }

    /// Live statistics of the stream, while one runs.
    pub fn stats(&self) -> Option<PublisherStats> {
        self.shared.publisher().map(|p| p.stats())
    }

    /// Tells the SDK the phone's network changed (Wi-Fi ↔ cellular): it reconnects at
    /// once (new signaling connection, new ICE) instead of waiting for timeouts.
    pub fn network_changed(&self) {
        let _ = self.controls.send(SessionControl::NetworkChanged);
    }

    /// The phone's network as the app sees it (Wi-Fi, cellular, ...), at any time: the
    /// technicians see it. A change of paths also wants [`Session::network_changed`].
    pub fn set_network(&self, network: NetworkType) {
        *self.shared.network.lock() = Some(network);
        let _ = self.controls.send(SessionControl::NetworkReported);
    }

    /// Ends the session for everyone (the customer's "end" button).
    pub fn end(&self) {
        let _ = self.controls.send(SessionControl::End);
    }

    fn require_running(&self) -> Result<()> {
        match self.shared.state() {
            SessionState::Ended { .. } => Err(Error::SessionEnded),
            _ => Ok(()),
        }
    }
}

/// Sends the held frame again every [`REPEAT_EVERY`] while the picture is frozen, until
/// the session is gone or ended.
async fn repeat_held(shared: std::sync::Weak<Shared>) {
    let mut ticks = tokio::time::interval(REPEAT_EVERY);
    loop {
        ticks.tick().await;
        let Some(shared) = shared.upgrade() else { return };
        if matches!(shared.state(), SessionState::Ended { .. }) {
            return;
        }
        if !shared.video.is_sending() {
            continue;
        }
        if let (Some(frame), Some(publisher)) = (shared.freeze.repeat(), shared.publisher()) {
            if let Err(err) = publisher.push(MediaInput::Raw(frame)) {
                tracing::debug!(%err, "the held frame was refused");
            }
        }
    }
}
