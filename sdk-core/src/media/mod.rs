//! Live video and voice: encoding the camera and publishing it over WebRTC.
//!
//! Layers, bottom up: [`vp8`] (libvpx, the only `unsafe`), [`convert`] (NV12/RGBA to
//! I420), [`encoder`] (the live VP8 encoder), [`sample`] (what the app pushes),
//! [`h264`] (the app's H.264 access units and their parameter sets),
//! [`queue`] and [`pump`] (frames to the track without blocking the camera),
//! [`engine`] (the shared webrtc-rs API), [`adapt`] (the target bitrate from the relay's
//! loss reports, and the picture size it carries), [`publisher`] (the peer connection), and
//! `voice` (the opt-in Opus voice on the same connection).

pub mod adapt;
pub mod convert;
pub mod encoder;
pub mod engine;
pub mod h264;
mod holdback;
pub mod publisher;
mod pump;
mod queue;
pub mod sample;
pub mod stats;
mod voice;
pub mod vp8;

pub use encoder::{EncoderConfig, VideoEncoder};
pub use engine::NetworkPolicy;
pub use h264::ParameterSets;
pub use holdback::Holdback;
pub use publisher::{ConnectionState, IceCandidate, IceServer, Publisher, PublisherConfig, PublisherEvent};
pub use sample::{EncodedSample, MediaInput, VideoCodec};
pub use stats::PublisherStats;
pub use vp8::Vp8Decoder;
