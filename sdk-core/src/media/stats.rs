//! Live publishing statistics: what the app shows as "fps, bitrate, resolution".

use std::collections::VecDeque;
use parking_lot::Mutex;
use std::time::{Duration, Instant};

/// A snapshot of the publisher's counters and rates.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PublisherStats {
    /// Frames written to the video track since the start.
    pub frames_sent: u64,
    /// Key frames among them.
    pub keyframes_sent: u64,
    /// Frames dropped: by the queue under back-pressure, or refused by the encoder.
    pub frames_dropped: u64,
    /// Encoded video bytes written to the track.
    pub bytes_sent: u64,
    /// Frames per second over the last [`RATE_WINDOW`].
    pub fps: f32,
    /// Video bitrate in bits per second over the last [`RATE_WINDOW`].
    pub bitrate_bps: u64,
    /// Size of the last picture the encoder sent (smaller than the camera's when the
    /// uplink is narrow; 0 while only pre-encoded samples were sent).
    pub width: u32,
    pub height: u32,
    /// Packets the receiving side reported lost and asked for again (NACK), resent from
    /// the sender's history (each at most twice, 250 ms apart: repeated asks for one
    /// packet are not counted again): how much repair the network needs.
    pub packets_nacked: u64,
    /// The encoder's target bitrate, in bits per second, as the relay's loss reports set it.
    pub target_bitrate_bps: u64,
}

/// The window the rates are measured over.
pub const RATE_WINDOW: Duration = Duration::from_secs(2);

#[derive(Default)]
struct Inner {
    totals: PublisherStats,
    /// (when, bytes) of each frame sent within the window.
    recent: VecDeque<(Instant, usize)>,
}

/// Thread-safe recorder behind [`PublisherStats`].
#[derive(Default)]
pub(crate) struct StatsRecorder {
    inner: Mutex<Inner>,
}

impl StatsRecorder {
    pub fn frame_sent(&self, now: Instant, bytes: usize, keyframe: bool, size: Option<(u32, u32)>) {
        let mut inner = self.inner.lock();
        let totals = &mut inner.totals;
        totals.frames_sent += 1;
        totals.keyframes_sent += u64::from(keyframe);
        totals.bytes_sent += bytes as u64;
        if let Some((width, height)) = size {
            (totals.width, totals.height) = (width, height);
        }
        inner.recent.push_back((now, bytes));
        while inner.recent.front().is_some_and(|&(at, _)| now.duration_since(at) > RATE_WINDOW) {
            inner.recent.pop_front();
        }
    }

    pub fn frame_dropped(&self) {
        self.inner.lock().totals.frames_dropped += 1;
    }

    pub fn packets_nacked(&self, packets: u64) {
        self.inner.lock().totals.packets_nacked += packets;
    }

    pub fn snapshot(&self, now: Instant) -> PublisherStats {
        let inner = self.inner.lock();
        let mut stats = inner.totals;
        let recent = inner.recent.iter().filter(|&&(at, _)| now.duration_since(at) <= RATE_WINDOW);
        let (count, bytes) = recent.fold((0u64, 0u64), |(n, b), &(_, bytes)| (n + 1, b + bytes as u64));
        let window = RATE_WINDOW.as_secs_f64();
        stats.fps = (count as f64 / window) as f32;
        stats.bitrate_bps = (bytes as f64 * 8.0 / window) as u64;
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_cover_only_the_window_and_totals_keep_everything() {
        let recorder = StatsRecorder::default();
        let start = Instant::now();
        for i in 0..90u64 {
            recorder.frame_sent(start + Duration::from_millis(i * 1000 / 30), 1000, i == 0, Some((640, 360)));
        }
        recorder.frame_dropped();
        recorder.packets_nacked(3);
        let now = start + Duration::from_millis(89 * 1000 / 30);
        let stats = recorder.snapshot(now);
        assert_eq!((stats.frames_sent, stats.keyframes_sent, stats.frames_dropped, stats.packets_nacked), (90, 1, 1, 3));
        assert_eq!(stats.bytes_sent, 90_000);
        assert_eq!((stats.width, stats.height), (640, 360));
        // 61 frames fall within the last 2 s at 30 fps.
        assert!((30.0..=31.0).contains(&stats.fps), "fps {}", stats.fps);
        assert_eq!(stats.bitrate_bps, 61 * 1000 * 8 / 2);
        let later = recorder.snapshot(now + Duration::from_secs(5));
        assert_eq!((later.fps, later.bitrate_bps, later.frames_sent), (0.0, 0, 90));
    }
}
