//! The WebM container (libwebm through the `webm` crate) for VP8 video and the
//! session's Opus mix: one video and one audio track, cues for seeking, the duration
//! written at the end.

use std::fs::File;
use std::io::BufWriter;

use sightline_rtc::voice::SAMPLE_RATE;
use webm::mux::{AudioCodecId, AudioTrack, Segment, SegmentBuilder, SegmentMode, VideoCodecId, VideoTrack, Writer};

use super::container::{Container, OPUS_PRE_SKIP};
use crate::error::{Error, Result};

pub struct Webm {
    segment: Segment<BufWriter<File>>,
    video: VideoTrack,
    audio: AudioTrack,
}

impl Webm {
    /// A WebM file for VP8 video of `width` × `height` written to `file`.
    pub fn create(file: File, width: u32, height: u32) -> Result<Webm> {
        let builder = SegmentBuilder::new(Writer::new(BufWriter::new(file)))
            .and_then(|b| b.set_mode(SegmentMode::File))
            .and_then(|b| b.set_writing_app("Sightline"))
            .map_err(muxer)?;
        let (builder, video) = builder.add_video_track(width, height, VideoCodecId::VP8, None).map_err(muxer)?;
        let (builder, audio) = builder.add_audio_track(SAMPLE_RATE, 1, AudioCodecId::Opus, None).map_err(muxer)?;
        let builder = builder.set_codec_private(audio, &opus_head()).map_err(muxer)?;
        Ok(Webm { segment: builder.build(), video, audio })
    }
}

impl Container for Webm {
    fn video(&mut self, frame: &[u8], at_ns: u64, key: bool) -> Result<()> {
        self.segment.add_frame(self.video, frame, at_ns, key).map_err(muxer)
    }

    fn audio(&mut self, packet: &[u8], at_ns: u64) -> Result<()> {
        self.segment.add_frame(self.audio, packet, at_ns, true).map_err(muxer)
    }

    fn finish(self: Box<Self>, duration_ns: u64) -> Result<()> {
        // libwebm's Duration is in its timecode scale (1 ms by default).
        let writer = self.segment.finalize(Some(duration_ns / 1_000_000)).map_err(|_| muxer("finalize failed"))?;
        writer.into_inner().into_inner().map(drop).map_err(|err| Error::Internal(format!("recording: {}", err.error())))
    }
}

/// The Opus identification header (RFC 7845 §5.1) for the mix: mono, 48 kHz, no gain,
/// channel mapping family 0.
fn opus_head() -> [u8; 19] {
    let mut head = [0u8; 19];
    head[..8].copy_from_slice(b"OpusHead");
    head[8] = 1;
    head[9] = 1;
    head[10..12].copy_from_slice(&OPUS_PRE_SKIP.to_le_bytes());
    head[12..16].copy_from_slice(&SAMPLE_RATE.to_le_bytes());
    head
}

fn muxer(err: impl std::fmt::Display) -> Error {
    Error::Internal(format!("WebM muxer: {err}"))
}
