//! One clock for a recording: every frame's time is measured from the recording's first
//! video key frame, in nanoseconds. Video times come from the RTP timestamps (smooth,
//! as the phone stamped them), anchored to the moment the frame arrived; audio times are
//! the moments the relay mixed each 20 ms frame. When the RTP time strays from the
//! arrival time by more than `MAX_DRIFT` (a phone that reconnected continues its
//! timestamps from the last frame, however long it was away) the video is anchored
//! anew, so audio and video stay together. Times never go backwards: the container
//! needs them in order across tracks.

use std::time::{Duration, Instant};

/// How far the RTP time may stray from the arrival time before it is anchored anew.
const MAX_DRIFT: Duration = Duration::from_millis(250);

#[derive(Debug)]
pub struct Clock {
    start: Instant,
    rate: u32,
    /// (RTP timestamp, its time in ns) the video is measured from.
    anchor: Option<(u32, u64)>,
    last: u64,
}

impl Clock {
    /// A clock starting at `start`, for a video stream whose RTP clock runs at `rate` Hz.
    pub fn new(start: Instant, rate: u32) -> Clock {
        Clock { start, rate, anchor: None, last: 0 }
    }

    fn since_start(&self, at: Instant) -> u64 {
        u64::try_from(at.saturating_duration_since(self.start).as_nanos()).unwrap_or(u64::MAX)
    }

    /// The time of a video frame with RTP timestamp `rtp` that arrived at `arrived`.
    pub fn video(&mut self, rtp: u32, arrived: Instant) -> u64 {
        let arrival = self.since_start(arrived);
        let from_rtp = self.anchor.map(|(base, at)| {
            // Wrapping difference: timestamps wrap at 2^32.
            let ticks = i64::from(rtp.wrapping_sub(base) as i32);
            at as i64 + ticks * 1_000_000_000 / i64::from(self.rate)
        });
        let time = match from_rtp {
            Some(time) if time >= 0 && (time - arrival as i64).unsigned_abs() <= MAX_DRIFT.as_nanos() as u64 => time as u64,
            _ => {
                self.anchor = Some((rtp, arrival));
                arrival
            }
        };
        self.ordered(time)
    }

    /// The time of an audio frame mixed at `mixed`; `None` before the recording starts.
    pub fn audio(&mut self, mixed: Instant) -> Option<u64> {
        (mixed >= self.start).then(|| {
            let time = self.since_start(mixed);
            self.ordered(time)
        })
    }

    /// The time of the latest frame.
    pub fn last(&self) -> u64 {
        self.last
    }

    fn ordered(&mut self, time: u64) -> u64 {
        self.last = self.last.max(time);
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: u64 = 1_000_000;

    #[test]
    fn video_follows_rtp_time_and_is_anchored_anew_after_a_gap() {
        let start = Instant::now();
        let mut clock = Clock::new(start, 90_000);
        assert_eq!(clock.video(1_000, start), 0);
        // 100 ms later by RTP, arriving a little late: the RTP time counts.
        assert_eq!(clock.video(10_000, start + Duration::from_millis(130)), 100 * MS);
        assert_eq!(clock.audio(start + Duration::from_millis(120)), Some(120 * MS));
        // A reconnect: RTP carries on one frame later, but five seconds passed.
        assert_eq!(clock.video(13_000, start + Duration::from_secs(5)), 5_000 * MS);
        assert_eq!(clock.video(16_000, start + Duration::from_millis(5_040)), 5_000 * MS + 33_333_333);
    }

    #[test]
    fn times_never_go_backwards_and_audio_before_the_start_is_dropped() {
        let start = Instant::now() + Duration::from_secs(1);
        let mut clock = Clock::new(start, 90_000);
        assert_eq!(clock.audio(start - Duration::from_millis(20)), None);
        assert_eq!(clock.audio(start + Duration::from_millis(40)), Some(40 * MS));
        assert_eq!(clock.video(0, start + Duration::from_millis(30)), 40 * MS);
        assert_eq!(clock.last(), 40 * MS);
    }
}
