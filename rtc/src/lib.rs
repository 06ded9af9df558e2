//! The WebRTC setup shared by the SDK core and the server's media relay: one
//! webrtc-rs `API` per network setting (codecs, interceptors, ICE policy), the
//! codec capabilities tracks must match, and conversions between the signaling
//! protocol's types and webrtc-rs's, the voice channel's Opus format, and the join's
//! steps as debug-level tracing.

mod convert;
mod engine;
mod join_trace;
mod resend;
mod send_video;
pub mod voice;

pub use convert::{candidate_from_rtc, candidate_to_rtc, ice_servers_to_rtc, is_loopback_candidate};
pub use engine::{build_api, build_relay_api, video_capability, video_codec, NetworkSettings, H264_PAYLOAD_TYPE, NACK_HISTORY_LOG2, VIDEO_CLOCK_RATE, VP8_PAYLOAD_TYPE};
pub use join_trace::{starts_key_frame, trace_ice_states, JOIN_TRACE};
pub use send_video::add_send_only_video;

/// What can go wrong setting up WebRTC.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("WebRTC: {0}")]
    Webrtc(#[from] webrtc::Error),
    #[error("Opus: {0}")]
    Opus(#[from] opus::Error),
    #[error("a voice frame holds {expected} samples, not {0}", expected = voice::FRAME_SAMPLES)]
    VoiceFrame(usize),
}
