//! The signaling protocol: JSON text messages over the session's WebSocket.
//!
//! The phone (publisher) sends an SDP offer and receives the relay's answer; each
//! technician (viewer) receives an offer from the relay and answers it. ICE
//! candidates trickle both ways. Every message is one JSON object with a `type`.

use serde::{Deserialize, Serialize};

use crate::annotation::{Annotation, NewAnnotation};
pub use crate::vocabulary::{BarcodeFormat, CaptureKind, EndReason, Feature, NetworkType, PhoneState, Role, VideoState};

/// Bumped when a change would break an older peer; `hello` carries it.
pub const PROTOCOL_VERSION: u32 = 1;

/// Largest signaling message accepted, in bytes (an SDP with many codecs is ~10 KiB).
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// Largest message accepted from the server: a session's whole list of annotations
/// (which the server bounds well below this) comes in one.
pub const MAX_SERVER_MESSAGE_BYTES: usize = 2 * 1024 * 1024;

/// Longest chat message, in characters (after trimming).
pub const MAX_CHAT_TEXT_CHARS: usize = 4000;

/// An ICE candidate as browsers and webrtc-rs exchange it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IceCandidate {
    pub candidate: String,
    #[serde(default, rename = "sdpMid")]
    pub sdp_mid: Option<String>,
    #[serde(default, rename = "sdpMLineIndex")]
    pub sdp_mline_index: Option<u16>,
    #[serde(default, rename = "usernameFragment")]
    pub username_fragment: Option<String>,
}

/// What a participant sends to the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    /// First message of the customer's connection, to join with the code (or link) the
    /// technician gave; the server answers `joined` with a token for reconnecting. SDKs
    /// that describe the phone send `device` (older ones do not).
    Join {
        code: String,
        display_name: Option<String>,
        protocol: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        device: Option<DeviceInfo>,
    },
    /// First message of a customer's reconnection: the token from `joined`.
    Hello { token: String, protocol: u32 },
    /// The phone's offer to publish its camera (also after a network change: a new ICE session).
    Offer { sdp: String },
    /// A technician's answer to the relay's offer.
    Answer { sdp: String },
    /// A trickled ICE candidate; `null` candidate text ends gathering.
    Candidate { candidate: IceCandidate },
    /// A technician asks for a fresh offer (e.g. after its own network changed).
    Resubscribe,
    /// The customer ends the session for everyone.
    EndSession,
    /// A technician asks the phone to do something.
    Command { command: Command },
    /// The phone reports how a command went.
    CommandDone { id: String, outcome: CommandOutcome },
    /// The phone found codes while executing a scan command.
    ScanResults { id: String, results: Vec<ScannedCode> },
    /// The phone's camera: what its torch and zoom can do and how they are set, sent
    /// on every (re)connection.
    CameraState { camera: CameraState },
    /// A chat message. `client_id` is the sender's own id for it: sending the same
    /// `client_id` again (after a reconnect) never duplicates the message.
    Chat { client_id: String, text: String },
    /// A technician draws an annotation over the picture.
    Annotate { annotation: NewAnnotation },
    /// A technician removes one of its own annotations.
    RemoveAnnotation { id: String },
    /// The session's owner removes every annotation.
    ClearAnnotations,
    /// A participant mutes or unmutes its own microphone; the relay stops mixing a muted
    /// voice (so muting holds even if the sender's audio keeps flowing).
    Mute { muted: bool },
    /// The phone's microphone and audio route as its app reports them (busy, permission
    /// refused, speaker, earpiece, headset).
    AudioStatus { status: AudioStatus },
    /// The phone's network as its app reports it, on every connection and whenever it changes.
    Network { network: NetworkType },
    /// Whether the customer lets the picture reach the technicians (paused, not agreed
    /// yet), on every connection and whenever it changes.
    Video { state: VideoState },
    /// The session's primary starts recording the session.
    StartRecording,
    /// The session's primary stops the recording; it is stored.
    StopRecording,
    Ping,
}

/// What the server sends to a participant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The customer joined; `token` lets the app reconnect to the same session.
    Joined { session_id: String, participant_id: String, token: String },
    /// How many technicians are connected (sent to the customer).
    Viewers { count: u32 },
    /// The connection is accepted.
    Welcome { session_id: String, participant_id: String, role: Role, ice_servers: Vec<IceServer> },
    /// The relay's answer to the phone's offer.
    Answer { sdp: String },
    /// The relay's offer to a technician.
    Offer { sdp: String },
    Candidate { candidate: IceCandidate },
    /// The phone's media state changed.
    PhoneState { state: PhoneState },
    /// To the phone: a technician's command to execute and acknowledge.
    Command { id: String, from: String, command: Command },
    /// To the technicians: a command was sent to the phone.
    CommandSent { id: String, from: String, command: Command },
    /// To the technicians: how a command went on the phone.
    CommandDone { id: String, outcome: CommandOutcome },
    /// To the technicians: codes the phone found for a scan command.
    ScanResults { id: String, results: Vec<ScannedCode> },
    /// To the technicians who may use snapshots: a snapshot the phone uploaded.
    Captured { capture: CaptureView },
    /// The session's freeze: the still the held picture shows, or `null` while the video
    /// is live. To each technician who may see the video, with its view of the session and
    /// whenever it changes; to the phone when it connects, so it holds the picture again.
    Freeze { still: Option<CaptureView> },
    /// To the technicians who may see the video: whether the customer lets the picture
    /// reach them (paused, not agreed yet), with their view of the session and whenever
    /// the phone reports a change.
    Video { state: VideoState },
    /// To the technician who sent a `read_text` command: the text read for it.
    LiveText {
        id: String,
        region: Option<TextRegion>,
        result: LiveTextResult,
    },
    /// To the technicians: the phone camera's tools they may use, as the phone last
    /// reported them (sent when the connection opens and when the phone reports).
    CameraState { camera: CameraState },
    /// One new chat message, in session order.
    Chat { message: ChatMessage },
    /// The chat this participant may see, sent when its connection opens; merge by `seq`.
    ChatHistory { messages: Vec<ChatMessage> },
    /// To the phone and the technicians who may annotate: an annotation was drawn.
    AnnotationAdded { annotation: Annotation },
    /// An annotation was removed by its author.
    AnnotationRemoved { id: String },
    /// The owner removed every annotation.
    AnnotationsCleared,
    /// The session's annotations, oldest first, replacing whatever the receiver held: sent
    /// to the phone when it connects, to a technician when its view of the session is sent.
    Annotations { annotations: Vec<Annotation> },
    /// A technician's place in the session and what it may see of it, sent when the
    /// connection opens and whenever participants, rights, ownership or invitations change.
    Seat { seat: SeatView },
    /// Who is in the voice channel, and who speaks or is muted, whenever that changes
    /// (to every participant that takes part in it).
    Voices { voices: Vec<VoiceState> },
    /// To the technicians who may use the mic: the phone's microphone and audio route,
    /// when its connection opens and whenever the phone reports a change.
    AudioStatus { participant_id: String, status: AudioStatus },
    /// To the technicians who may see session details: the customer's device and network,
    /// the session's times and its people, with their view of the session and whenever
    /// one of these changes.
    Details { details: SessionDetails },
    /// Whether the session is being recorded, to every participant (the phone's app must
    /// show it): when a recording starts or stops and when the connection opens.
    Recording { on: bool },
    /// The session ended; the server closes the connection after this.
    Ended { reason: EndReason },
    /// A message was refused; the connection stays open unless the error says otherwise.
    Error { code: String, message: String },
    Pong,
}

/// What a technician can ask of the phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// Switch the torch (flash) on or off.
    Torch { on: bool },
    /// Zoom the camera to a ratio (1.0 is no zoom).
    Zoom { ratio: f32 },
    /// Decode codes in the live picture until one is found or the scan times out.
    Scan { kind: ScanKind },
    /// Stop a running scan.
    StopScan,
    /// Take a full-resolution still for the session's gallery: the phone uploads it
    /// (tied to this command's id), then answers the command.
    Snapshot,
    /// Hold the picture: the stream repeats one frame, and the phone uploads a
    /// full-resolution still (tied to this command's id) before answering.
    Freeze,
    /// Resume live video after a freeze.
    Unfreeze,
    /// Read the printed text in the picture, or in `region` of it: the phone uploads a
    /// full-resolution still (tied to this command's id) before answering, and the server
    /// reads it; while the picture is frozen the server reads the frozen still and the
    /// phone is not asked.
    ReadText {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        region: Option<TextRegion>,
    },
}

/// A part of the picture, normalised to its width and height (0 to 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TextRegion {
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
}

impl TextRegion {
    /// The whole picture.
    pub const WHOLE: TextRegion = TextRegion { left: 0.0, top: 0.0, width: 1.0, height: 1.0 };

    /// Whether it is a non-empty part of the picture: every field a number in 0..1 and
    /// the region ending inside the picture.
    pub fn lies_inside(&self) -> bool {
        let TextRegion { left, top, width, height } = *self;
        [left, top, width, height].iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v))
            && width > 0.0
            && height > 0.0
            && left + width <= 1.0 + f32::EPSILON
            && top + height <= 1.0 + f32::EPSILON
    }
}

/// One line of text read in the picture and where it is, normalised to the whole picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextLine {
    pub text: String,
    /// The engine's confidence, 0 to 100.
    pub confidence: f32,
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
}

/// What reading the text of a picture gave: its lines (none: no text was found), or why
/// it could not be read (`code`: `empty_picture`, `picture_too_large`, `bad_region`, `engine_missing`,
/// `engine_failed`, `timed_out`, `capture_failed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LiveTextResult {
    Read { lines: Vec<TextLine> },
    Failed { code: String, message: String },
}

/// Which symbologies a scan looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScanKind {
    Qr,
    /// Every other supported 1D and 2D symbology (Data Matrix, Aztec, PDF417, EAN, UPC, Code 128, ...).
    Barcode,
}

/// How a command went on the phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum CommandOutcome {
    Done {
        /// After a torch or zoom command: the camera as the command left it (the torch
        /// as switched, the zoom ratio actually applied). To a technician, only the
        /// tools it may use.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        camera: Option<CameraState>,
    },
    /// The phone could not do it; `reason` says why in words for the technician
    /// (e.g. "this device has no torch").
    Failed { reason: String },
}

impl CommandOutcome {
    /// Done, with nothing to report about the camera.
    pub const DONE: CommandOutcome = CommandOutcome::Done { camera: None };
}

/// The phone camera's torch and zoom. The phone reports both; a technician receives
/// only those of the tools it may use (flash, zoom).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CameraState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub torch: Option<TorchState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoom: Option<ZoomState>,
}

/// Whether the camera has a torch, and whether it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TorchState {
    pub available: bool,
    pub on: bool,
}

/// The camera's zoom range and current ratio (1.0 is no zoom; `min == max`: no zoom at all).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoomState {
    pub min: f32,
    pub max: f32,
    pub ratio: f32,
}

/// One code the phone decoded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScannedCode {
    pub format: BarcodeFormat,
    pub text: String,
    /// Corners (2D) or scan-line ends (1D), normalised to the picture: `[x, y]` in 0..1.
    pub points: Vec<[f32; 2]>,
}

/// A picture the phone uploaded for a command, as the technicians see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct CaptureView {
    pub id: String,
    pub kind: CaptureKind,
    /// The command the phone answered with it.
    pub command_id: String,
    /// The participant id of the technician who asked for it, and its name then.
    pub taken_by: String,
    pub taken_by_name: String,
    pub taken_at: i64,
    pub width: u32,
    pub height: u32,
    /// Size of the stored JPEG.
    pub bytes: u64,
}

/// One participant in the session's voice channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceState {
    pub participant_id: String,
    /// Its voice is loud enough to be speech now (held for a moment after it stops).
    pub speaking: bool,
    /// It muted itself.
    pub muted: bool,
}

/// Whether the phone's microphone can capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MicStatus {
    Available,
    /// Another app (a phone call, a recorder) holds the microphone.
    Busy,
    /// The user refused the app the microphone.
    PermissionDenied,
}

/// Where the phone plays the technicians' voices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AudioRoute {
    Speaker,
    Earpiece,
    /// Wired or Bluetooth headset.
    Headset,
}

/// The phone's audio as its app reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudioStatus {
    pub mic: MicStatus,
    pub route: AudioRoute,
}

/// The customer's device as its app and SDK describe it at join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceInfo {
    /// The phone's model, e.g. `Pixel 8`.
    pub model: String,
    /// The operating system and its version, e.g. `Android` and `15`.
    pub os: String,
    pub os_version: String,
    /// The app that embeds the SDK, and its version.
    pub app_name: String,
    pub app_version: String,
    pub sdk_version: String,
}

/// What the technicians who may see session details see of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct SessionDetails {
    /// The customer's device, once a phone that describes itself joined.
    pub device: Option<DeviceInfo>,
    /// The phone's network as last reported, and when it was.
    pub network: Option<NetworkType>,
    pub network_reported_at: Option<i64>,
    /// When the session started and ended (ms since the epoch); its duration runs from one
    /// to the other (or to now).
    pub started_at: i64,
    pub ended_at: Option<i64>,
    /// Everyone who has been in the session, in joining order.
    pub people: Vec<PersonTimes>,
}

/// One person of the session, with when it joined and left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct PersonTimes {
    pub participant_id: String,
    pub display_name: String,
    pub role: Role,
    pub joined_at: i64,
    pub left_at: Option<i64>,
}

/// A chat message as stored: `seq` orders the session's messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ChatMessage {
    pub seq: i64,
    /// The sender's participant id.
    pub from: String,
    pub display_name: String,
    pub role: Role,
    pub text: String,
    pub sent_at: i64,
    pub client_id: String,
}

/// What one technician sees of the session's people and its own rights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct SeatView {
    pub participant_id: String,
    pub role: Role,
    /// The features of the role table this technician may use now.
    pub rights: Vec<Feature>,
    /// Everyone in the session now; absent when session details are withheld.
    pub participants: Option<Vec<ParticipantView>>,
    /// The session's invitations; only the owner receives them.
    pub invitations: Option<Vec<InvitationView>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ParticipantView {
    pub id: String,
    pub role: Role,
    pub display_name: String,
    pub joined_at: i64,
    /// Whether its live connection is open.
    pub connected: bool,
    /// Rights the owner withdrew from this collaborator; only the owner receives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Vec<Feature>>,
}

/// An invitation to join a session, as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct InvitationView {
    pub id: String,
    /// `technician`, `team`, `category` or `guest`.
    pub target: String,
    /// Who or what was invited: a technician's, team's or category's name, or the guest's name.
    pub target_name: String,
    pub comment: String,
    /// While active: the code the invitee can type, and the link carrying it.
    pub code: Option<String>,
    pub link: Option<String>,
    /// `active`, or why it stopped: `accepted`, `declined`, `revoked`, `inviter_left`,
    /// `ownership_transferred`, `session_ended` (guests: `sent`, `opened`, `joined`, `used`, `revoked`).
    pub status: String,
    /// Who accepted it, once accepted.
    pub accepted_by: Option<String>,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

/// A STUN or TURN server for the peer to use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IceServer {
    pub urls: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

/// Why a signaling message was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("message of {0} bytes exceeds the limit of {1}")]
    TooLarge(usize, usize),
    #[error("malformed message: {0}")]
    Malformed(String),
}

impl ParseError {
    /// Stable code for the error's `ServerMessage::Error`.
    pub fn code(&self) -> &'static str {
        match self {
            ParseError::TooLarge(..) => "message_too_large",
            ParseError::Malformed(_) => "malformed_message",
        }
    }
}

pub(crate) fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, ParseError> {
    parse_bounded(text, MAX_MESSAGE_BYTES)
}

fn parse_bounded<T: for<'de> Deserialize<'de>>(text: &str, limit: usize) -> Result<T, ParseError> {
    if text.len() > limit {
        return Err(ParseError::TooLarge(text.len(), limit));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|err| ParseError::Malformed(err.to_string()))?;
    if !numbers_fit_f32(&value) {
        return Err(ParseError::Malformed("a number is too large".into()));
    }
    serde_json::from_value(value).map_err(|err| ParseError::Malformed(err.to_string()))
}

/// Whether every number in `value` is within `f32`'s range: the protocol's fractional numbers
/// are `f32`, and a larger one would silently become infinite.
fn numbers_fit_f32(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Number(number) => number.as_f64().is_none_or(|x| x.abs() <= f64::from(f32::MAX)),
        serde_json::Value::Array(items) => items.iter().all(numbers_fit_f32),
        serde_json::Value::Object(fields) => fields.values().all(numbers_fit_f32),
        _ => true,
    }
}

impl ClientMessage {
    /// Parses a message from a participant, refusing oversize or malformed text.
    pub fn parse(text: &str) -> Result<ClientMessage, ParseError> {
        parse(text)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl ServerMessage {
    /// Parses a message from the server, refusing malformed text or more than
    /// [`MAX_SERVER_MESSAGE_BYTES`].
    pub fn parse(text: &str) -> Result<ServerMessage, ParseError> {
        parse_bounded(text, MAX_SERVER_MESSAGE_BYTES)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn error(code: &str, message: impl Into<String>) -> ServerMessage {
        ServerMessage::Error { code: code.to_owned(), message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_beyond_f32_is_refused_rather_than_read_as_infinite() {
        let huge = format!(r#"{{"type": "annotate", "annotation": {{"colour": "red", "width": 1{}.01, "shape": {{"kind": "freehand", "points": [[0.1, 0.0], [0.3, 0.4]]}}}}}}"#, "8".repeat(60));
        assert!(matches!(ClientMessage::parse(&huge), Err(ParseError::Malformed(_))));
        let fine = huge.replace(&format!("1{}.01", "8".repeat(60)), "0.01");
        let message = ClientMessage::parse(&fine).expect("parses");
        assert_eq!(ClientMessage::parse(&message.to_json()), Ok(message));
    }

    #[test]
    fn messages_round_trip_in_the_documented_shape() {
        let offer = ClientMessage::Offer { sdp: "v=0".into() };
        assert_eq!(offer.to_json(), r#"{"type":"offer","sdp":"v=0"}"#);
        assert_eq!(ClientMessage::parse(&offer.to_json()), Ok(offer));
        let browser = r#"{"type":"candidate","candidate":{"candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0}}"#;
        assert!(matches!(ClientMessage::parse(browser), Ok(ClientMessage::Candidate { .. })));
        let state = ServerMessage::PhoneState { state: PhoneState::Live };
        assert_eq!(state.to_json(), r#"{"type":"phone_state","state":"live"}"#);
        assert_eq!(ServerMessage::parse(&state.to_json()), Ok(state));
    }

    #[test]
    fn outcomes_carry_the_camera_state_only_when_there_is_one() {
        assert_eq!(serde_json::from_str::<CommandOutcome>(r#"{"status":"done"}"#).expect("plain done"), CommandOutcome::DONE);
        assert_eq!(serde_json::to_string(&CommandOutcome::DONE).expect("json"), r#"{"status":"done"}"#);
        let zoomed = CommandOutcome::Done { camera: Some(CameraState { torch: None, zoom: Some(ZoomState { min: 1.0, max: 8.0, ratio: 2.0 }) }) };
        let text = serde_json::to_string(&zoomed).expect("json");
        assert_eq!(text, r#"{"status":"done","camera":{"zoom":{"min":1.0,"max":8.0,"ratio":2.0}}}"#);
        assert_eq!(serde_json::from_str::<CommandOutcome>(&text).expect("round trip"), zoomed);
        assert!(serde_json::from_str::<CameraState>(r#"{"torch":{"available":true,"on":true,"level":2}}"#).is_err());
    }

    #[test]
    fn join_carries_the_device_only_when_the_sdk_describes_it() {
        let old = r#"{"type":"join","code":"123456789","display_name":null,"protocol":1}"#;
        assert!(matches!(ClientMessage::parse(old), Ok(ClientMessage::Join { device: None, .. })));
        let device = DeviceInfo {
            model: "Pixel 8".into(),
            os: "Android".into(),
            os_version: "15".into(),
            app_name: "Support".into(),
            app_version: "2.1".into(),
            sdk_version: "0.1.0".into(),
        };
        let join = ClientMessage::Join { code: "123456789".into(), display_name: None, protocol: 1, device: Some(device) };
        assert_eq!(ClientMessage::parse(&join.to_json()), Ok(join));
        let network = ClientMessage::parse(r#"{"type":"network","network":"cellular"}"#);
        assert_eq!(network, Ok(ClientMessage::Network { network: NetworkType::Cellular }));
        let paused = ClientMessage::parse(r#"{"type":"video","state":"paused"}"#);
        assert_eq!(paused, Ok(ClientMessage::Video { state: VideoState::Paused }));
    }

    #[test]
    fn bad_messages_get_typed_errors() {
        for bad in ["", "{", "[]", "null", r#"{"type":"offer"}"#, r#"{"type":"nope"}"#, r#"{"type":"offer","sdp":1}"#, r#"{"type":"offer","sdp":"x","extra":1}"#] {
            let err = ClientMessage::parse(bad).expect_err(bad);
            assert_eq!(err.code(), "malformed_message", "{bad}");
        }
        let huge = format!(r#"{{"type":"offer","sdp":"{}"}}"#, "a".repeat(MAX_MESSAGE_BYTES));
        assert_eq!(ClientMessage::parse(&huge).map_err(|e| e.code()), Err("message_too_large"));
    }
}
