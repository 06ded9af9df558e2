//! The finished MP4 file: the muxer's head (`ftyp`, then room for the index), the samples
//! in one `mdat`, and the index (`moov`) written into the room kept for it (the muxer sizes
//! it from the sample counts). Each track's samples go in chunks of about a second,
//! alternating, so a player reading in order finds audio and video close together.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::time::{Duration, SystemTime};

use shiguredo_mp4::mux::{estimate_maximum_moov_box_size, Mp4FileMuxer, Mp4FileMuxerOptions, Sample};

use super::track::{Spooled, Stored};
use super::{muxer_error, spool_error};
use crate::error::{Error, Result};

/// About how long one chunk of a track's samples lasts.
const CHUNK: Duration = Duration::from_secs(1);

/// Writes the file of `tracks` to `file`; `started` is its creation time.
pub fn write(file: File, tracks: [Spooled; 2], started: SystemTime) -> Result<()> {
    let counts: Vec<usize> = tracks.iter().map(|track| track.samples.len()).collect();
    let options = Mp4FileMuxerOptions {
        reserved_moov_box_size: estimate_maximum_moov_box_size(&counts),
        creation_timestamp: started.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default(),
        ..Default::default()
    };
    let mut muxer = Mp4FileMuxer::with_options(options).map_err(muxer_error)?;
    let mut out = BufWriter::new(file);
    out.write_all(muxer.initial_boxes_bytes()).map_err(spool_error)?;
    let mut position = muxer.initial_boxes_bytes().len() as u64;

    let mut cursors = tracks.map(Cursor::new);
    let mut until = CHUNK;
    while cursors.iter_mut().any(|cursor| cursor.samples.peek().is_some()) {
        for cursor in &mut cursors {
            while let Some(sample) = cursor.next_before(until) {
                let copied = std::io::copy(&mut (&mut cursor.track.bytes).take(u64::from(sample.size)), &mut out).map_err(spool_error)?;
                if copied != u64::from(sample.size) {
                    return Err(Error::Internal("the recording's spool ended early".into()));
                }
                muxer
                    .append_sample(&Sample {
                        track_kind: cursor.track.kind,
                        sample_entry: sample.entry.map(|entry| *entry),
                        keyframe: sample.key,
                        timescale: cursor.track.timescale,
                        duration: sample.duration,
                        composition_time_offset: None,
                        data_offset: position,
                        data_size: sample.size as usize,
                    })
                    .map_err(muxer_error)?;
                position += copied;
            }
        }
        until += CHUNK;
    }

    let finalized = muxer.finalize().map_err(muxer_error)?;
    for (offset, bytes) in finalized.offset_and_bytes_pairs() {
        out.seek(SeekFrom::Start(offset)).map_err(spool_error)?;
        out.write_all(bytes).map_err(spool_error)?;
    }
    out.into_inner().map(drop).map_err(|err| spool_error(err.into_error()))
}

/// Where the layout is in one track: its samples still to write and the next one's start.
struct Cursor {
    samples: std::iter::Peekable<std::vec::IntoIter<Stored>>,
    track: Spooled,
    start: u64,
}

impl Cursor {
    fn new(mut track: Spooled) -> Cursor {
        let samples = std::mem::take(&mut track.samples).into_iter().peekable();
        Cursor { samples, track, start: 0 }
    }

    /// The next sample, if it starts before `until`.
    fn next_before(&mut self, until: Duration) -> Option<Stored> {
        let start = Duration::from_nanos(u64::try_from(u128::from(self.start) * 1_000_000_000 / u128::from(self.track.timescale.get())).unwrap_or(u64::MAX));
        if start >= until {
            return None;
        }
        let sample = self.samples.next()?;
        self.start += u64::from(sample.duration);
        Some(sample)
    }
}
