//! The customer's session: join with a code, push the camera's frames (and voice), follow
//! the state, hear the technicians' annotations, freezes and chat, chat back.

use std::sync::Arc;

use sightline_sdk_core::audio::AudioStatus;
use sightline_sdk_core::media::{EncodedSample, MediaInput, PublisherStats, VideoCodec};
use sightline_sdk_core::session::{
    ChatMessage, ConnectionEvent, DeviceInfo, EndReason, NetworkType, OverlayAnnotation, Session,
    SessionConfig as CoreSessionConfig, SessionListener as CoreSessionListener, SessionState, VideoState,
};
use sightline_sdk_core::{ScanResult, VideoFrame};

use crate::audio::{AppAudio, AudioDevice};
use crate::camera::{AppCamera, Camera, CameraConfig};
use crate::chat::ChatListener;
use crate::listeners::{guarded, Slot, Subscription};
use crate::media::EncoderConfig;
use crate::overlay::{FreezeListener, OverlayListener};
use crate::{runtime, SdkError};

/// Why a session ended.
#[uniffi::remote(Enum)]
pub enum EndReason {
    /// A technician ended the session.
    TechnicianEnded,
    /// The customer ended it from the app.
    CustomerEnded,
    /// The last technician left the session (and did not come back within the reconnect grace).
    NoTechnician,
    /// The join code expired before it was used.
    SessionExpired,
    /// No session waits for this code.
    InvalidCode,
    /// The same customer connected from somewhere else, which took over.
    ConnectedElsewhere,
    /// The server no longer speaks this SDK's protocol: update the app.
    SdkTooOld,
    /// The session could not go on.
    Failed { message: String },
}

/// Where the session is.
#[uniffi::remote(Enum)]
pub enum SessionState {
    /// Connecting to the server.
    Connecting,
    /// Joined; no technician is watching yet.
    WaitingForTechnician,
    /// Video reaches at least one technician.
    Live,
    /// The connection was lost; the SDK is getting it back (same session).
    Reconnecting,
    Ended { reason: EndReason },
}

/// Finer-grained connection events, for apps that show them.
#[uniffi::remote(Enum)]
pub enum ConnectionEvent {
    SignalingConnected,
    SignalingLost,
    IceConnected,
    IceFailed,
    /// Media reconnected after a network change (new ICE, same session).
    IceReconnected,
    /// How many technicians are watching.
    ViewersChanged { count: u32 },
    /// The server refused something the SDK sent.
    ServerError { code: String, message: String },
    /// A technician needs a key frame: an app pushing pre-encoded samples must have its
    /// encoder emit one.
    KeyframeRequested,
    /// The session is being recorded, or no longer: show it to the customer.
    RecordingChanged { recording: bool },
}

/// Whether the customer lets the picture reach the technicians.
#[uniffi::remote(Enum)]
pub enum VideoState {
    /// The phone sends its picture.
    Sending,
    /// The customer paused the video (`pause_video`); pushed frames are dropped.
    Paused,
    /// The session waits for the customer's consent (`consent`); pushed frames are dropped.
    AwaitingConsent,
}

/// What the app hears about its session. Called from the SDK's threads; keep calls short.
#[uniffi::export(foreign)]
pub trait SessionListener: Send + Sync {
    fn on_state_changed(&self, state: SessionState);
    fn on_connection_event(&self, event: ConnectionEvent);
    /// The app reported a change of the microphone or the audio route
    /// (`audio_status_changed`, sessions with audio): show it to the customer.
    fn on_audio_status(&self, status: AudioStatus);
    /// A technician's scan found these codes in the live picture (the technicians get them
    /// too): show the customer what was read, if the app likes.
    fn on_codes_found(&self, codes: Vec<ScanResult>);
}

/// The app's listener, seen by the core; what it throws is caught ([`guarded`]).
struct AppListener(Arc<dyn SessionListener>);

impl CoreSessionListener for AppListener {
    fn on_state_changed(&self, state: SessionState) {
        guarded("on_state_changed", || self.0.on_state_changed(state));
    }

    fn on_connection_event(&self, event: ConnectionEvent) {
        guarded("on_connection_event", || self.0.on_connection_event(event));
    }

    fn on_audio_status(&self, status: AudioStatus) {
        guarded("on_audio_status", || self.0.on_audio_status(status));
    }

    fn on_codes_found(&self, codes: Vec<ScanResult>) {
        guarded("on_codes_found", || self.0.on_codes_found(codes));
    }
}

/// How to join.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SessionConfig {
    /// The server, e.g. `https://help.example.org`.
    pub server_url: String,
    /// The nine-digit code, or the join link the technician sent.
    pub code: String,
    /// How technicians see the customer; the server defaults to "Customer".
    #[uniffi(default)]
    pub display_name: Option<String>,
    /// Offer only 127.0.0.1 candidates (tests and demos on one machine).
    #[uniffi(default)]
    pub loopback_only: bool,
    /// The camera's streaming settings; unset for the SDK's defaults (1280x720, 30 fps, back).
    #[uniffi(default)]
    pub camera: Option<CameraConfig>,
    /// The encoder's settings; unset for the SDK's defaults.
    #[uniffi(default)]
    pub encoder: Option<EncoderConfig>,
    /// What the stream carries; unset for VP8 (raw frames, encoded by the SDK). H.264 takes
    /// the samples of the phone's hardware encoder (`push_encoded`).
    #[uniffi(default)]
    pub codec: Option<VideoCodec>,
    /// The phone and the app, shown to the technicians; unset says nothing but the SDK's version.
    #[uniffi(default)]
    pub device: Option<DeviceInfo>,
    /// The phone's network at join, if the app knows it (later: `set_network`).
    #[uniffi(default)]
    pub network: Option<NetworkType>,
    /// Join without streaming until the app calls `consent()` (after the customer agreed on
    /// the app's consent screen); the technicians see that the customer has not agreed yet.
    #[uniffi(default)]
    pub consent_required: bool,
}

impl From<SessionConfig> for CoreSessionConfig {
    fn from(config: SessionConfig) -> Self {
        let mut core = CoreSessionConfig::new(config.server_url, config.code);
        core.display_name = config.display_name;
        core.loopback_only = config.loopback_only;
        if let Some(camera) = config.camera {
            core.camera = camera.into();
        }
        if let Some(encoder) = config.encoder {
            core.encoder = encoder.into();
        }
        if let Some(codec) = config.codec {
            core.codec = codec;
        }
        if let Some(device) = config.device {
            core.device = device;
        }
        core.network = config.network;
        core.consent_required = config.consent_required;
        core
    }
}

/// A joined session. It runs in the background until it ends; the listener hears every change.
#[derive(uniffi::Object)]
pub struct SightlineSession {
    inner: Arc<Session>,
}

#[uniffi::export]
impl SightlineSession {
    /// Joins the session waiting for `config.code`, starts the camera and streams what the
    /// app pushes. Throws `SdkError.JoinRefused` for an invalid or expired code and
    /// `SdkError.Connection` when the server cannot be reached.
    #[uniffi::constructor]
    pub async fn join(
        config: SessionConfig,
        camera: Arc<dyn Camera>,
        listener: Arc<dyn SessionListener>,
    ) -> Result<Arc<Self>, SdkError> {
        let joining = Session::join(config.into(), Arc::new(AppCamera(camera)), Arc::new(AppListener(listener)));
        let inner = runtime::run(joining).await??;
        Ok(Arc::new(SightlineSession { inner }))
    }

    /// Joins like `join`, with two-way voice: `audio` captures from the join on (push its
    /// frames with `push_audio`) and plays the technicians' voices.
    #[uniffi::constructor]
    pub async fn join_with_audio(
        config: SessionConfig,
        camera: Arc<dyn Camera>,
        audio: Arc<dyn AudioDevice>,
        listener: Arc<dyn SessionListener>,
    ) -> Result<Arc<Self>, SdkError> {
        let joining = Session::join_with_audio(
            config.into(),
            Arc::new(AppCamera(camera)),
            Arc::new(AppAudio(audio)),
            Arc::new(AppListener(listener)),
        );
        let inner = runtime::run(joining).await??;
        Ok(Arc::new(SightlineSession { inner }))
    }

    /// The server's id of this session.
    pub fn session_id(&self) -> String {
        self.inner.session_id()
    }

    pub fn state(&self) -> SessionState {
        self.inner.state()
    }

    /// Hands a raw camera frame to the stream. Never blocks; frames pushed while no media
    /// connection exists (joining, reconnecting) are skipped. Throws `InvalidFrame` for a
    /// frame whose size, strides or buffer do not match, `SessionEnded` once it ended.
    pub fn push_frame(&self, frame: VideoFrame) -> Result<(), SdkError> {
        Ok(self.inner.push(MediaInput::Raw(frame))?)
    }

    /// Hands a sample of the phone's hardware encoder to the stream (H.264: Annex B; the
    /// SDK puts the latest SPS/PPS in front of IDRs that lack them). On
    /// `KeyframeRequested` the app's encoder must emit an IDR.
    pub fn push_encoded(&self, sample: EncodedSample) -> Result<(), SdkError> {
        Ok(self.inner.push(MediaInput::Encoded(sample))?)
    }

    /// Hands one captured audio frame (20 ms: `audio_frame_samples()` samples, 48 kHz mono)
    /// to the voice channel. Throws `AudioNotEnabled` on a session joined without audio.
    pub fn push_audio(&self, frame: Vec<i16>) -> Result<(), SdkError> {
        Ok(self.inner.push_audio(frame)?)
    }

    /// Mutes or unmutes the phone's microphone for everyone.
    pub fn set_muted(&self, muted: bool) -> Result<(), SdkError> {
        Ok(self.inner.set_muted(muted)?)
    }

    /// The microphone became busy or was refused, or the audio route changed: the
    /// technicians see it.
    pub fn audio_status_changed(&self, status: AudioStatus) -> Result<(), SdkError> {
        Ok(self.inner.audio_status_changed(status)?)
    }

    /// The customer agreed to stream (a session joined with `consent_required`): the
    /// picture goes out from now on, unless it is paused.
    pub fn consent(&self) -> Result<(), SdkError> {
        Ok(self.inner.consent()?)
    }

    /// The customer paused the video: frames pushed from now on are dropped without an
    /// error and the technicians see "paused".
    pub fn pause_video(&self) -> Result<(), SdkError> {
        Ok(self.inner.pause_video()?)
    }

    /// The customer resumed the video after `pause_video` (no effect before `consent`).
    pub fn resume_video(&self) -> Result<(), SdkError> {
        Ok(self.inner.resume_video()?)
    }

    /// Whether the picture goes out now, or why not.
    pub fn video_state(&self) -> VideoState {
        self.inner.video_state()
    }

    /// Whether a technician holds the picture frozen now.
    pub fn is_frozen(&self) -> bool {
        self.inner.freeze().is_frozen()
    }

    /// Listens to freezes until the subscription is cancelled or dropped.
    pub fn subscribe_freeze(&self, listener: Arc<dyn FreezeListener>) -> Arc<Subscription> {
        let slot = Slot::new(listener);
        self.inner.freeze().set_listener(slot.clone());
        slot.subscription()
    }

    /// The technicians' annotations now, oldest first.
    pub fn annotations(&self) -> Vec<OverlayAnnotation> {
        self.inner.overlay().annotations()
    }

    /// Listens to the annotation overlay until the subscription is cancelled or dropped;
    /// read `annotations()` after subscribing for what is already there.
    pub fn subscribe_overlay(&self, listener: Arc<dyn OverlayListener>) -> Arc<Subscription> {
        let slot = Slot::new(listener);
        self.inner.overlay().set_listener(slot.clone());
        slot.subscription()
    }

    /// The chat so far, oldest first.
    pub fn chat_messages(&self) -> Vec<ChatMessage> {
        self.inner.chat().messages()
    }

    /// Listens to the chat until the subscription is cancelled or dropped; read
    /// `chat_messages()` after subscribing for what is already there.
    pub fn subscribe_chat(&self, listener: Arc<dyn ChatListener>) -> Arc<Subscription> {
        let slot = Slot::new(listener);
        self.inner.chat().set_listener(slot.clone());
        slot.subscription()
    }

    /// Sends a chat message to the technicians (queued while the connection is away) and
    /// returns its id, the `client_id` of the message when it comes back stored. Throws
    /// `InvalidChatMessage` for an empty or too long text.
    pub fn send_chat(&self, text: String) -> Result<String, SdkError> {
        Ok(self.inner.send_chat(&text)?)
    }

    /// Live statistics of the stream, while one runs.
    pub fn stats(&self) -> Option<PublisherStats> {
        self.inner.stats()
    }

    /// Tells the SDK the phone's network changed (Wi-Fi to cellular): it reconnects at once.
    pub fn network_changed(&self) {
        self.inner.network_changed()
    }

    /// The phone's network as the app sees it, whenever it changes: the technicians see it.
    pub fn set_network(&self, network: NetworkType) {
        self.inner.set_network(network)
    }

    /// Ends the session for everyone (the customer's "end" button).
    pub fn end(&self) {
        self.inner.end()
    }
}
