//! Recording a session: the phone's video as the relay forwards it and the session's
//! whole voice mix (the phone and every technician who may speak, unmuted) go through a
//! `Tap` to a recorder thread of their own, which rebuilds frames from RTP
//! (webrtc-rs's `SampleBuilder`), starts at a key frame, times everything on one clock
//! (`clock`) and writes a container to a temporary file: WebM for VP8 + Opus, MP4 for
//! H.264 + Opus. The phone's reconnects keep one file: the shared track's stream continues.

mod clock;
mod control;
mod container;
mod h264;
mod mp4;
mod tap;
mod vp8;
mod webm;

use std::fs::File;
use std::sync::Arc;
use std::time::SystemTime;

use tempfile::TempPath;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use webrtc::media::io::sample_builder::SampleBuilder;
use webrtc::rtp::packetizer::Depacketizer;
use sightline_rtc::VIDEO_CLOCK_RATE;
use sightline_rtc::voice::FRAME_DURATION;

use self::clock::Clock;
use self::container::Container;
use self::tap::Input;
pub use self::tap::Tap;
use crate::error::{Error, Result};

/// RTP packets the frame builder holds at most while it waits for a late one.
const MAX_LATE_PACKETS: u16 = 256;

/// The containers a recording is made in, by the phone's video codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordingFormat {
    /// WebM: VP8 video, Opus audio.
    WebmVp8Opus,
    /// MP4: H.264 video (`avc1`), Opus audio.
    Mp4H264Opus,
}

impl RecordingFormat {
    const ALL: [RecordingFormat; 2] = [RecordingFormat::WebmVp8Opus, RecordingFormat::Mp4H264Opus];

    /// The format for the phone's video codec, if it can be recorded.
    pub fn for_mime(mime: &str) -> Option<RecordingFormat> {
        RecordingFormat::ALL.into_iter().find(|format| mime.eq_ignore_ascii_case(format.video_mime()))
    }

    /// The format a stored word names.
    pub fn parse(word: &str) -> Option<RecordingFormat> {
        RecordingFormat::ALL.into_iter().find(|format| format.as_str() == word)
    }

    fn video_mime(self) -> &'static str {
        match self {
            RecordingFormat::WebmVp8Opus => webrtc::api::media_engine::MIME_TYPE_VP8,
            RecordingFormat::Mp4H264Opus => webrtc::api::media_engine::MIME_TYPE_H264,
        }
    }

    /// The word stored and shown for it.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordingFormat::WebmVp8Opus => "vp8+opus",
            RecordingFormat::Mp4H264Opus => "h264+opus",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            RecordingFormat::WebmVp8Opus => "video/webm",
            RecordingFormat::Mp4H264Opus => "video/mp4",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            RecordingFormat::WebmVp8Opus => "webm",
            RecordingFormat::Mp4H264Opus => "mp4",
        }
    }
}

/// A video codec as a recording needs it.
trait VideoFormat {
    type Depacketizer: Depacketizer + Default;
    fn is_key(frame: &[u8]) -> bool;
    /// The container, once a key frame tells what the container needs to begin (the
    /// picture's size, the parameter sets); `None`: not this frame.
    fn open(file: &File, key_frame: &[u8]) -> Result<Option<Box<dyn Container>>>;
}

/// A recording that runs.
pub struct Recording {
    pub(super) tap: Arc<Tap>,
    task: JoinHandle<Result<Counts>>,
    file: TempPath,
    pub format: RecordingFormat,
    pub started_by: String,
    pub started_at: SystemTime,
}

/// A finished recording's file and what is in it.
#[derive(Debug)]
pub struct Recorded {
    pub file: TempPath,
    pub format: RecordingFormat,
    pub started_by: String,
    pub started_at: SystemTime,
    pub bytes: u64,
    pub counts: Counts,
    /// Inputs dropped because the recorder fell behind.
    pub dropped: u64,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub video_frames: u64,
    pub audio_frames: u64,
    pub duration_ms: u64,
}

impl Recording {
    /// Starts a recorder thread writing `format` to a fresh temporary file.
    pub(super) fn start(format: RecordingFormat, started_by: &str) -> Result<Recording> {
        let (file, path) = tempfile::NamedTempFile::new().map_err(|err| Error::Internal(format!("no file for a recording: {err}")))?.into_parts();
        let (tap, rx) = Tap::new();
        let task = tokio::task::spawn_blocking(move || match format {
            RecordingFormat::WebmVp8Opus => record::<vp8::Vp8>(rx, file),
            RecordingFormat::Mp4H264Opus => record::<h264::H264>(rx, file),
        });
        Ok(Recording { tap: Arc::new(tap), task, file: path, format, started_by: started_by.to_owned(), started_at: SystemTime::now() })
    }

    /// Waits for the recorder to write the rest (its tap must be gone from the relay).
    pub(super) async fn finish(self) -> Result<Recorded> {
        let Recording { tap, task, file, format, started_by, started_at } = self;
        let dropped = tap.dropped();
        drop(tap);
        let counts = task.await.map_err(|err| Error::Internal(format!("the recorder stopped: {err}")))??;
        let bytes = std::fs::metadata(&file).map_err(|err| Error::Internal(format!("the recording's file: {err}")))?.len();
        Ok(Recorded { file, format, started_by, started_at, bytes, counts, dropped })
    }
}

/// A second handle on the recording's file for its container.
fn reopen(file: &File) -> Result<File> {
    file.try_clone().map_err(|err| Error::Internal(format!("the recording's file: {err}")))
}

/// The recorder: runs until every sender is gone, then completes the file.
fn record<F: VideoFormat>(mut rx: mpsc::Receiver<Input>, file: File) -> Result<Counts> {
    let mut frames = SampleBuilder::new(MAX_LATE_PACKETS, F::Depacketizer::default(), VIDEO_CLOCK_RATE);
    let mut writing: Option<(Box<dyn Container>, Clock)> = None;
    let mut counts = Counts::default();
    while let Some(input) = rx.blocking_recv() {
        match input {
            Input::Video { packet, at } => {
                frames.push(packet);
                while let Some(sample) = frames.pop() {
                    let key = F::is_key(&sample.data);
                    // The builder hands a frame over when the next one begins: it arrived a frame earlier.
                    let arrived = at.checked_sub(sample.duration).unwrap_or(at);
                    if writing.is_none() && key {
                        writing = F::open(&file, &sample.data)?.map(|container| (container, Clock::new(arrived, VIDEO_CLOCK_RATE)));
                    }
                    let Some((container, clock)) = writing.as_mut() else { continue };
                    container.video(&sample.data, clock.video(sample.packet_timestamp, arrived), key)?;
                    counts.video_frames += 1;
                }
            }
            Input::Audio { packet, at } => {
                let Some((container, clock)) = writing.as_mut() else { continue };
                let Some(time) = clock.audio(at) else { continue };
                container.audio(&packet, time)?;
                counts.audio_frames += 1;
            }
        }
    }
    let (container, clock) = writing.ok_or_else(|| Error::Conflict("nothing was recorded: the phone sent no key frame".into()))?;
    let duration = clock.last() + FRAME_DURATION.as_nanos() as u64;
    counts.duration_ms = duration / 1_000_000;
    container.finish(duration)?;
    Ok(counts)
}
