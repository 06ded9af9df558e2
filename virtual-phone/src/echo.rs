//! An echo line: what the loudspeaker played comes back out of the microphone a set
//! time later, as in a call service's echo test. The demo's phone uses it so that a
//! technician who speaks hears their own voice come back through the phone.

use std::collections::VecDeque;

use sightline_sdk_core::audio::{FRAME_SAMPLES, SAMPLE_RATE};

/// Samples held beyond the delay before the oldest are dropped (one second), so a
/// microphone that is not capturing does not let the line grow.
const SLACK_SAMPLES: usize = SAMPLE_RATE as usize;

#[derive(Debug)]
pub struct EchoLine {
    delay_samples: usize,
    held: VecDeque<i16>,
    primed: bool,
}

impl EchoLine {
    pub fn new(delay_ms: u32) -> EchoLine {
        let delay_samples = (delay_ms as usize * SAMPLE_RATE as usize / 1000).max(FRAME_SAMPLES);
        EchoLine { delay_samples, held: VecDeque::with_capacity(delay_samples + SLACK_SAMPLES), primed: false }
    }

    /// The loudspeaker played `frame`.
    pub fn played(&mut self, frame: &[i16]) {
        self.held.extend(frame);
        let excess = self.held.len().saturating_sub(self.delay_samples + SLACK_SAMPLES);
        self.held.drain(..excess);
    }

    /// The next microphone frame of echo: silence until the delay has filled, then
    /// what was played that long ago.
    pub fn next_frame(&mut self) -> Vec<i16> {
        self.primed |= self.held.len() > self.delay_samples;
        if !self.primed || self.held.len() < FRAME_SAMPLES {
            self.primed &= self.held.len() >= FRAME_SAMPLES;
            return vec![0; FRAME_SAMPLES];
        }
        self.held.drain(..FRAME_SAMPLES).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(value: i16) -> Vec<i16> {
        vec![value; FRAME_SAMPLES]
    }

    #[test]
    fn what_was_played_comes_back_after_the_delay_in_order() {
        // 60 ms: three 20 ms frames of delay.
        let mut line = EchoLine::new(60);
        for value in 1..=3 {
            line.played(&frame(value));
            assert_eq!(line.next_frame(), frame(0), "nothing comes back before the delay has filled");
        }
        line.played(&frame(4));
        for value in 1..=4 {
            assert_eq!(line.next_frame(), frame(value));
        }
        assert_eq!(line.next_frame(), frame(0), "silence once everything played has come back");
    }

    #[test]
    fn a_line_nobody_drains_stays_bounded() {
        let mut line = EchoLine::new(500);
        for value in 0..1000 {
            line.played(&frame(value));
        }
        assert!(line.held.len() <= line.delay_samples + SLACK_SAMPLES);
        // The oldest frames went; what comes back is recent.
        assert_eq!(line.next_frame()[0], 1000 - ((line.delay_samples + SLACK_SAMPLES) / FRAME_SAMPLES) as i16);
    }
}
