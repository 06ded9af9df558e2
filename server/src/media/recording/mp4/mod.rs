//! The MP4 container (Shiguredo's Sans-I/O muxer, `shiguredo_mp4`) for H.264 video and
//! the session's Opus mix. While the recording runs each track spools its samples
//! (`track`); stopping lays the file out (`layout`) with its index in front, so a player
//! starts at once, even one that reads the file as a stream without seeking.

mod layout;
mod track;

use std::fs::File;
use std::num::NonZeroU32;
use std::time::{Duration, SystemTime};

use shiguredo_mp4::bitstream::opus::{build_opus_box, ChannelCount, OpusSampleEntryConfig};
use shiguredo_mp4::boxes::SampleEntry;
use shiguredo_mp4::TrackKind;
use sightline_rtc::voice::SAMPLE_RATE;
use sightline_rtc::VIDEO_CLOCK_RATE;

use self::track::Track;
use super::container::{Container, OPUS_PRE_SKIP};
use super::h264::Picture;
use crate::error::{Error, Result};

/// Video is timed in RTP's 90 kHz, audio in Opus's 48 kHz.
const VIDEO_TIMESCALE: NonZeroU32 = NonZeroU32::new(VIDEO_CLOCK_RATE).expect("a clock rate");
const AUDIO_TIMESCALE: NonZeroU32 = NonZeroU32::new(SAMPLE_RATE).expect("a sample rate");

pub struct Mp4 {
    file: File,
    video: Track,
    audio: Track,
}

impl Mp4 {
    /// An MP4 file for H.264 video whose first key frame made `video_entry` (its `avc1`),
    /// written to `file` when it finishes.
    pub fn create(file: File, video_entry: SampleEntry) -> Result<Mp4> {
        let video = Track::new(TrackKind::Video, VIDEO_TIMESCALE, video_entry)?;
        let audio = Track::new(TrackKind::Audio, AUDIO_TIMESCALE, opus_entry())?;
        Ok(Mp4 { file, video, audio })
    }
}

impl Container for Mp4 {
    fn video(&mut self, frame: &[u8], at_ns: u64, key: bool) -> Result<()> {
        let picture = Picture::of(frame);
        if picture.data.is_empty() {
            return Ok(());
        }
        self.video.push(&picture.data, at_ns, key, picture.entry)
    }

    fn audio(&mut self, packet: &[u8], at_ns: u64) -> Result<()> {
        self.audio.push(packet, at_ns, true, None)
    }

    fn finish(self: Box<Self>, duration_ns: u64) -> Result<()> {
        let Mp4 { file, video, audio } = *self;
        let started = SystemTime::now().checked_sub(Duration::from_nanos(duration_ns)).unwrap_or(SystemTime::UNIX_EPOCH);
        layout::write(file, [video.end(duration_ns)?, audio.end(duration_ns)?], started)
    }
}

/// The Opus sample entry (`Opus` with its `dOps`) for the mix: mono, 48 kHz, no gain.
fn opus_entry() -> SampleEntry {
    SampleEntry::Opus(build_opus_box(&OpusSampleEntryConfig {
        channel_count: ChannelCount::Mono,
        pre_skip: OPUS_PRE_SKIP,
        input_sample_rate: SAMPLE_RATE,
        output_gain: 0,
    }))
}

fn spool_error(err: std::io::Error) -> Error {
    Error::Internal(format!("the recording's file: {err}"))
}

fn muxer_error(err: shiguredo_mp4::mux::MuxError) -> Error {
    Error::Internal(format!("MP4 muxer: {err}"))
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Seek};

    use shiguredo_mp4::demux::{Input, Mp4FileDemuxer};

    use super::*;
    use crate::media::recording::h264::samples::*;

    const MS: u64 = 1_000_000;

    /// The file's (track kind, timestamp, duration, key flag, bytes) of every sample.
    fn demux(file: &[u8]) -> Vec<(TrackKind, u64, u32, bool, Vec<u8>)> {
        let mut demuxer = Mp4FileDemuxer::new();
        while let Some(required) = demuxer.required_input() {
            let start = required.position as usize;
            let end = required.size.map_or(file.len(), |size| (start + size).min(file.len()));
            demuxer.handle_input(Input { position: required.position, data: &file[start..end] });
        }
        let mut samples = Vec::new();
        while let Some(sample) = demuxer.next_sample().expect("a sample") {
            let at = sample.data_offset as usize;
            let bytes = file[at..at + sample.data_size].to_vec();
            samples.push((sample.track.kind, sample.timestamp, sample.duration, sample.keyframe, bytes));
        }
        samples
    }

    #[test]
    fn the_file_holds_both_tracks_timed_from_the_clock_with_its_index_in_front() {
        let key = annex_b(&[SPS, PPS, IDR]);
        let entry = Picture::of(&key).entry.expect("an avc1 entry");
        let mut file = tempfile::tempfile().expect("file");
        let mut mp4 = Box::new(Mp4::create(file.try_clone().expect("file"), entry).expect("mp4"));
        mp4.video(&key, 0, true).expect("video");
        mp4.audio(b"opus-1", 10 * MS).expect("audio");
        mp4.audio(b"opus-2", 30 * MS).expect("audio");
        mp4.video(&annex_b(&[AUD, P_SLICE]), 100 * MS, false).expect("video");
        mp4.video(&[0x41], 120 * MS, false).expect("not Annex B: skipped");
        mp4.audio(b"opus-3", 1_050 * MS).expect("audio");
        mp4.video(&annex_b(&[P_SLICE]), 1_100 * MS, false).expect("video");
        mp4.finish(1_200 * MS).expect("finished");

        let mut bytes = Vec::new();
        file.rewind().expect("rewind");
        file.read_to_end(&mut bytes).expect("read");
        let find = |name: &[u8]| bytes.windows(4).position(|w| w == name);
        assert!(find(b"moov") < find(b"mdat"), "the index comes first");

        let idr = [&[0, 0, 0, 5][..], IDR].concat();
        let p = [&[0, 0, 0, 3][..], P_SLICE].concat();
        let opus = |n: u8| format!("opus-{n}").into_bytes();
        // Video at 90 kHz, audio at 48 kHz; the first audio frame starts the track at 0; each
        // sample lasts until the next, the last ones until the end.
        assert_eq!(
            demux(&bytes),
            [
                (TrackKind::Video, 0, 9_000, true, idr),
                (TrackKind::Audio, 0, 1_440, true, opus(1)),
                (TrackKind::Audio, 1_440, 48_960, true, opus(2)),
                (TrackKind::Video, 9_000, 90_000, false, p.clone()),
                (TrackKind::Audio, 50_400, 7_200, true, opus(3)),
                (TrackKind::Video, 99_000, 9_000, false, p),
            ]
        );
    }
}
