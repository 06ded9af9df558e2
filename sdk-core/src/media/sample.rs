//! What the app pushes into the media pipeline: raw camera frames or samples that a
//! hardware encoder already compressed.

use crate::VideoFrame;

/// Video codecs the publisher can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VideoCodec {
    /// VP8, encoded in the core by libvpx from raw frames (or pushed pre-encoded).
    Vp8,
    /// H.264, pushed pre-encoded by the phone's hardware encoder (Annex B byte stream).
    H264,
}

impl VideoCodec {
    /// The RTP MIME type of this codec.
    pub fn mime_type(self) -> &'static str {
        match self {
            VideoCodec::Vp8 => webrtc::api::media_engine::MIME_TYPE_VP8,
            VideoCodec::H264 => webrtc::api::media_engine::MIME_TYPE_H264,
        }
    }
}

/// One compressed video frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedSample {
    pub codec: VideoCodec,
    /// The frame's bitstream (for H.264: Annex B NAL units with start codes).
    pub data: Vec<u8>,
    /// Whether the frame decodes on its own (VP8 key frame, H.264 IDR).
    pub keyframe: bool,
    /// Capture time in microseconds on the app's monotonic clock.
    pub timestamp_us: u64,
}

/// One unit of video the app hands to the publisher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaInput {
    /// A raw camera frame; the core encodes it.
    Raw(VideoFrame),
    /// A frame the app's hardware encoder already compressed.
    Encoded(EncodedSample),
}

impl MediaInput {
    /// Capture time in microseconds.
    pub fn timestamp_us(&self) -> u64 {
        match self {
            MediaInput::Raw(frame) => frame.timestamp_us,
            MediaInput::Encoded(sample) => sample.timestamp_us,
        }
    }
}
