//! What the app pushes into the stream besides raw frames, and what it reads back.

use sightline_sdk_core::media::{EncodedSample, EncoderConfig as CoreEncoderConfig, PublisherStats, VideoCodec};

/// Video codecs the stream can carry.
#[uniffi::remote(Enum)]
pub enum VideoCodec {
    /// VP8, encoded by the SDK from raw frames (or pushed pre-encoded).
    Vp8,
    /// H.264 from the phone's hardware encoder (Annex B byte stream).
    H264,
}

/// One compressed video frame.
#[uniffi::remote(Record)]
pub struct EncodedSample {
    pub codec: VideoCodec,
    /// The frame's bitstream (for H.264: Annex B NAL units with start codes).
    pub data: Vec<u8>,
    /// Whether the frame decodes on its own (VP8 key frame, H.264 IDR).
    pub keyframe: bool,
    /// Capture time in microseconds on the app's monotonic clock.
    pub timestamp_us: u64,
}

/// A snapshot of the stream's counters and rates.
#[uniffi::remote(Record)]
pub struct PublisherStats {
    /// Frames written to the video track since the start.
    pub frames_sent: u64,
    /// Key frames among them.
    pub keyframes_sent: u64,
    /// Frames dropped under back-pressure or refused by the encoder.
    pub frames_dropped: u64,
    /// Encoded video bytes written to the track.
    pub bytes_sent: u64,
    /// Frames per second over the last two seconds.
    pub fps: f32,
    /// Video bitrate in bits per second over the last two seconds.
    pub bitrate_bps: u64,
    /// Size of the last picture the encoder sent (smaller than the camera's when the
    /// uplink is narrow; 0 while only pre-encoded samples were sent).
    pub width: u32,
    pub height: u32,
    /// Packets the receiving side reported lost and asked for again (NACK) and resent.
    pub packets_nacked: u64,
    /// The encoder's target bitrate in bits per second, as the relay's loss reports set it.
    pub target_bitrate_bps: u64,
}

/// Settings of the SDK's VP8 encoder (leave the session's `encoder` unset for the defaults).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EncoderConfig {
    /// Target bitrate in kilobits per second: the most sent, and where it starts; a lossy
    /// uplink lowers it.
    pub bitrate_kbps: u32,
    /// Encoder threads (at most 2).
    pub max_threads: u32,
    /// Longest run of frames without a key frame.
    pub keyframe_interval: u32,
    /// Expected frame rate.
    pub fps: u32,
}

impl From<EncoderConfig> for CoreEncoderConfig {
    fn from(config: EncoderConfig) -> Self {
        let mut core = CoreEncoderConfig::default();
        core.bitrate_kbps = config.bitrate_kbps;
        core.max_threads = config.max_threads;
        core.keyframe_interval = config.keyframe_interval;
        core.fps = config.fps;
        core
    }
}
