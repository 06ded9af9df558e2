//! One track of an MP4 recording while it runs. The samples' bytes go to a spool (an
//! unnamed temporary file); their size, key flag and sample entry stay in memory. MP4
//! times a sample by the durations of those before it, so a sample's duration is set when
//! the next one comes (or the recording ends), in the track's timescale; the first sample
//! starts at 0, so the later ones start at their own times.

use std::fs::File;
use std::io::{BufReader, BufWriter, Seek, SeekFrom, Write};
use std::num::NonZeroU32;

use shiguredo_mp4::boxes::SampleEntry;
use shiguredo_mp4::TrackKind;

use super::spool_error;
use crate::error::{Error, Result};

pub struct Track {
    kind: TrackKind,
    timescale: NonZeroU32,
    spool: BufWriter<File>,
    samples: Vec<Stored>,
    /// The latest sample and its start (in ticks), waiting for its duration.
    pending: Option<(u64, Stored)>,
    /// The sample entry in force, and whether a sample announced it yet.
    entry: SampleEntry,
    announced: bool,
}

/// A sample as the file's index needs it.
#[derive(Debug, PartialEq)]
pub struct Stored {
    pub size: u32,
    pub duration: u32,
    pub key: bool,
    /// The sample entry from this sample on, when it changes here.
    pub entry: Option<Box<SampleEntry>>,
}

/// A finished track: its samples in order and their bytes, one after the other.
pub struct Spooled {
    pub kind: TrackKind,
    pub timescale: NonZeroU32,
    pub samples: Vec<Stored>,
    pub bytes: BufReader<File>,
}

impl Track {
    pub fn new(kind: TrackKind, timescale: NonZeroU32, entry: SampleEntry) -> Result<Track> {
        let spool = tempfile::tempfile().map_err(spool_error)?;
        Ok(Track { kind, timescale, spool: BufWriter::new(spool), samples: Vec::new(), pending: None, entry, announced: false })
    }

    /// Adds a sample at `at_ns`; `entry`, if given, is in force from this sample on.
    pub fn push(&mut self, data: &[u8], at_ns: u64, key: bool, entry: Option<SampleEntry>) -> Result<()> {
        let size = u32::try_from(data.len()).map_err(|_| Error::Internal(format!("a recorded sample of {} bytes", data.len())))?;
        let start = match self.pending.take() {
            Some((start, previous)) => self.close(start, previous, self.ticks(at_ns)),
            None => 0,
        };
        if let Some(entry) = entry.filter(|entry| *entry != self.entry) {
            self.entry = entry;
            self.announced = false;
        }
        self.spool.write_all(data).map_err(spool_error)?;
        let entry = (!self.announced).then(|| Box::new(self.entry.clone()));
        self.announced = true;
        self.pending = Some((start, Stored { size, duration: 0, key, entry }));
        Ok(())
    }

    /// Ends the track at `end_ns`, which its last sample lasts until.
    pub fn end(mut self, end_ns: u64) -> Result<Spooled> {
        if let Some((start, last)) = self.pending.take() {
            self.close(start, last, self.ticks(end_ns));
        }
        let mut file = self.spool.into_inner().map_err(|err| spool_error(err.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(spool_error)?;
        Ok(Spooled { kind: self.kind, timescale: self.timescale, samples: self.samples, bytes: BufReader::new(file) })
    }

    /// Gives the sample that started at `start` its duration until `end` (one tick at
    /// least: times may repeat) and answers when the next one starts.
    fn close(&mut self, start: u64, mut sample: Stored, end: u64) -> u64 {
        sample.duration = u32::try_from(end.saturating_sub(start).max(1)).unwrap_or(u32::MAX);
        let next = start + u64::from(sample.duration);
        self.samples.push(sample);
        next
    }

    fn ticks(&self, ns: u64) -> u64 {
        u64::try_from(u128::from(ns) * u128::from(self.timescale.get()) / 1_000_000_000).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use shiguredo_mp4::bitstream::opus::{build_opus_box, ChannelCount, OpusSampleEntryConfig};

    use super::*;

    const MS: u64 = 1_000_000;

    fn entry(pre_skip: u16) -> SampleEntry {
        SampleEntry::Opus(build_opus_box(&OpusSampleEntryConfig { channel_count: ChannelCount::Mono, pre_skip, input_sample_rate: 48_000, output_gain: 0 }))
    }

    #[test]
    fn durations_run_to_the_next_sample_and_the_entry_is_announced_where_it_changes() {
        let mut track = Track::new(TrackKind::Audio, NonZeroU32::new(48_000).expect("non-zero"), entry(312)).expect("track");
        track.push(b"one", 15 * MS, true, None).expect("push");
        track.push(b"two", 40 * MS, true, Some(entry(312))).expect("push");
        track.push(b"three", 40 * MS, false, Some(entry(100))).expect("push");
        track.push(b"four", 60 * MS, true, None).expect("push");
        let mut spooled = track.end(100 * MS).expect("end");
        let durations: Vec<u32> = spooled.samples.iter().map(|s| s.duration).collect();
        // The first runs from 0; a repeated time still lasts a tick; the last lasts until the end.
        assert_eq!(durations, [1920, 1, 959, 1920]);
        let entries: Vec<Option<SampleEntry>> = spooled.samples.iter().map(|s| s.entry.as_deref().cloned()).collect();
        assert_eq!(entries, [Some(entry(312)), None, Some(entry(100)), None]);
        assert_eq!(spooled.samples.iter().map(|s| (s.size, s.key)).collect::<Vec<_>>(), [(3, true), (3, true), (5, false), (4, true)]);
        let mut bytes = String::new();
        spooled.bytes.read_to_string(&mut bytes).expect("spool");
        assert_eq!(bytes, "onetwothreefour");
    }
}
