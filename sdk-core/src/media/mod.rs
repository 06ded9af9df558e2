//! Live video: encoding the camera and publishing it over WebRTC.
//!
//! Layers, bottom up: [`vp8`] (libvpx, the only `unsafe`), [`convert`] (NV12/RGBA to
//! I420), [`encoder`] (the live VP8 encoder), [`sample`] (what the app pushes),
//! [`queue`] and [`pump`] (frames to the track without blocking the camera),
//! [`engine`] (the shared webrtc-rs API), [`publisher`] (the peer connection).

pub mod convert;
pub mod encoder;
pub mod engine;
pub mod publisher;
mod pump;
mod queue;
pub mod sample;
pub mod stats;
pub mod vp8;

pub use encoder::{EncoderConfig, VideoEncoder};
pub use engine::NetworkPolicy;
pub use publisher::{ConnectionState, IceCandidate, IceServer, Publisher, PublisherConfig, PublisherEvent};
pub use sample::{EncodedSample, MediaInput, VideoCodec};
pub use stats::PublisherStats;
pub use vp8::Vp8Decoder;
