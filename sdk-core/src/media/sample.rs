//! What the app pushes into the media pipeline: raw camera frames or samples that a
//! hardware encoder already compressed.

use crate::{Error, Result, VideoFrame};

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

impl EncodedSample {
    /// Refuses a sample a `codec` track cannot carry: another codec's, or an empty one.
    pub fn check_for(&self, codec: VideoCodec) -> Result<()> {
        if self.codec != codec {
            return Err(Error::UnsupportedInput(format!("{:?} sample on a {codec:?} track", self.codec)));
        }
        if self.data.is_empty() {
            return Err(Error::UnsupportedInput("empty encoded sample".into()));
        }
        Ok(())
    }
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
