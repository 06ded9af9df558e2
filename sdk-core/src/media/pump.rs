//! The media pump: a dedicated thread that takes the app's frames from the queue,
//! encodes raw ones, and writes samples to the WebRTC track.
//!
//! Encoding is CPU-bound and libvpx's context is single-threaded, so it runs on its own
//! OS thread rather than a tokio worker; it enters the runtime only to write samples.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use tokio::runtime::Handle;
use webrtc::media::Sample;
use webrtc::track::track_local::track_local_static_sample::TrackLocalStaticSample;

use super::encoder::{EncoderConfig, VideoEncoder};
use super::holdback::Holdback;
use super::queue::DropOldestQueue;
use super::sample::{EncodedSample, MediaInput};
use super::stats::StatsRecorder;
use crate::{Error, Result};

/// Gaps longer than this between frames (a paused camera) are not carried into RTP time.
const MAX_FRAME_GAP: Duration = Duration::from_secs(1);

/// State shared by the publisher (producer side) and the pump thread.
pub(crate) struct PumpShared {
    pub queue: DropOldestQueue<MediaInput>,
    pub keyframe_requested: AtomicBool,
    /// The encoder's target bitrate in kbit/s, set from the relay's feedback.
    pub target_kbps: AtomicU32,
    pub stats: StatsRecorder,
    /// The customer's hold on the picture: held frames are dropped before the encoder, and
    /// the flag stays locked across each write.
    pub holdback: Arc<Holdback>,
}

impl PumpShared {
    pub fn new(capacity: usize, holdback: Arc<Holdback>, target_kbps: u32) -> Self {
        PumpShared {
            queue: DropOldestQueue::new(capacity),
            keyframe_requested: AtomicBool::new(false),
            target_kbps: AtomicU32::new(target_kbps),
            stats: StatsRecorder::default(),
            holdback,
        }
    }
}

/// Starts the pump thread; it ends when the queue is closed.
pub(crate) fn spawn(
    shared: Arc<PumpShared>,
    track: Arc<TrackLocalStaticSample>,
    config: EncoderConfig,
    runtime: Handle,
) -> Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("sightline-video-pump".into())
        .spawn(move || Pump { encoder: VideoEncoder::new(config.clone()), config, last_timestamp_us: None }.run(&shared, &track, &runtime))
        .map_err(|e| Error::Codec(format!("cannot start the encoder thread: {e}")))
}

struct Pump {
    encoder: VideoEncoder,
    config: EncoderConfig,
    last_timestamp_us: Option<u64>,
}

impl Pump {
    fn run(mut self, shared: &PumpShared, track: &TrackLocalStaticSample, runtime: &Handle) {
        while let Some(input) = shared.queue.pop() {
            if shared.holdback.is_held() {
                shared.stats.frame_dropped();
                continue;
            }
            if shared.keyframe_requested.swap(false, Ordering::AcqRel) {
                self.encoder.request_keyframe();
            }
            self.follow_target(shared.target_kbps.load(Ordering::Acquire));
            let (sample, size) = match input {
                MediaInput::Raw(frame) => match self.encoder.encode(&frame) {
                    Ok(Some(sample)) => (sample, self.encoder.picture_size()),
                    Ok(None) => {
                        shared.stats.frame_dropped();
                        continue;
                    }
                    Err(error) => {
                        tracing::warn!(%error, "frame not encoded");
                        shared.stats.frame_dropped();
                        continue;
                    }
                },
                MediaInput::Encoded(sample) => (sample, None),
            };
            let held = shared.holdback.lock();
            if *held {
                shared.stats.frame_dropped();
                continue;
            }
            let bytes = sample.data.len();
            let keyframe = sample.keyframe;
            let rtp_sample = self.rtp_sample(sample);
            match runtime.block_on(track.write_sample(&rtp_sample)) {
                Ok(()) => {
                    if keyframe {
                        tracing::debug!(target: sightline_rtc::JOIN_TRACE, peer = "phone", step = "keyframe_sent", bytes, "key frame sent");
                    }
                    shared.stats.frame_sent(Instant::now(), bytes, keyframe, size)
                }
                Err(error) => {
                    tracing::warn!(%error, "sample not written to the video track");
                    shared.stats.frame_dropped();
                }
            }
            drop(held);
        }
    }

    /// Gives the encoder a new target bitrate when the feedback changed it.
    fn follow_target(&mut self, target_kbps: u32) {
        if target_kbps == self.config.bitrate_kbps {
            return;
        }
        self.config.bitrate_kbps = target_kbps;
        if let Err(error) = self.encoder.set_bitrate_kbps(target_kbps) {
            tracing::warn!(%error, target_kbps, "the running encoder kept its bitrate");
        }
    }

    /// The track advances RTP time by each sample's duration; it is the gap since the
    /// previous frame (one frame interval for the first, or after a pause).
    fn rtp_sample(&mut self, sample: EncodedSample) -> Sample {
        let nominal = Duration::from_secs(1) / self.config.fps.max(1);
        let duration = self
            .last_timestamp_us
            .and_then(|last| sample.timestamp_us.checked_sub(last))
            .map(Duration::from_micros)
            .filter(|gap| !gap.is_zero() && *gap <= MAX_FRAME_GAP)
            .unwrap_or(nominal);
        self.last_timestamp_us = Some(sample.timestamp_us);
        Sample { data: Bytes::from(sample.data), timestamp: SystemTime::now(), duration, ..Default::default() }
    }
}
