//! Adapting the video to the uplink: a loss-based rate controller fed with the relay's
//! RTCP receiver reports, and the picture size its target bitrate can carry.
//!
//! The controller follows the loss rule of Google congestion control
//! (draft-ietf-rmcat-gcc, section 6): above 10 % loss the target falls to
//! `target × (1 − loss / 2)`, below 2 % it grows by 8 % a second, in between it holds.
//! Falling, it also goes no higher than what the link delivered: the bitrate sent lately
//! times the share that arrived (GCC bounds its delay-based rate by the received rate the
//! same way). The rule alone needs five reports or more to come down from a wide link to
//! a narrow one, a picture too big for the link all along.
//! The relay's webrtc-rs sends a receiver report about once a second with the share of
//! packets that did not arrive since the previous one (losses repaired by NACK in time
//! count as arrived).

use std::time::{Duration, Instant};

/// The lowest target: a small picture that still moves.
pub const MIN_BITRATE_KBPS: u32 = 50;
/// Above this share of lost packets the target falls.
const HIGH_LOSS: f64 = 0.10;
/// Below this share of lost packets the target grows.
const LOW_LOSS: f64 = 0.02;
/// Growth per second of the target while losses are low.
const GROWTH_PER_SECOND: f64 = 1.08;
/// The longest gap between reports that counts towards growth (a late report after a
/// stall must not make up for the missing ones at once).
const LONGEST_GROWTH_STEP: Duration = Duration::from_secs(1);

/// What the relay reported about the phone's video stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LossReport {
    /// Packets lost since the previous report, in 256ths (RTCP's `fraction lost`).
    pub fraction_lost: u8,
    /// The highest sequence number received, extended with its wrap-arounds.
    pub highest_sequence: u32,
}

/// The loss-based target bitrate of one video stream.
#[derive(Debug, Clone)]
pub struct RateController {
    target_bps: f64,
    max_bps: f64,
    /// When the last report that saw packets came, and its highest sequence number.
    last: Option<(Instant, u32)>,
}

impl RateController {
    /// Starts at `max_kbps`, the configured bitrate, which the target never exceeds.
    pub fn new(max_kbps: u32) -> RateController {
        let max_bps = f64::from(max_kbps.max(MIN_BITRATE_KBPS)) * 1000.0;
        RateController { target_bps: max_bps, max_bps, last: None }
    }

    /// The current target in kilobits per second.
    pub fn target_kbps(&self) -> u32 {
        (self.target_bps / 1000.0).round() as u32
    }

    /// Takes a receiver report and the video bitrate sent lately (`sent_bps`, 0 when not
    /// known) and returns the new target in kilobits per second. A report that saw no new
    /// packets (nothing was sent: a held picture) changes nothing.
    pub fn on_report(&mut self, report: LossReport, sent_bps: u64, now: Instant) -> u32 {
        let previous = self.last;
        if previous.is_some_and(|(_, sequence)| sequence == report.highest_sequence) {
            return self.target_kbps();
        }
        self.last = Some((now, report.highest_sequence));
        let loss = f64::from(report.fraction_lost) / 256.0;
        if loss > HIGH_LOSS {
            self.target_bps *= 1.0 - loss / 2.0;
            if sent_bps > 0 {
                self.target_bps = self.target_bps.min(sent_bps as f64 * (1.0 - loss));
            }
        } else if loss < LOW_LOSS {
            if let Some((at, _)) = previous {
                let step = now.saturating_duration_since(at).min(LONGEST_GROWTH_STEP);
                self.target_bps *= GROWTH_PER_SECOND.powf(step.as_secs_f64());
            }
        }
        self.target_bps = self.target_bps.clamp(f64::from(MIN_BITRATE_KBPS) * 1000.0, self.max_bps);
        self.target_kbps()
    }
}

/// Bits a VP8 picture needs per pixel to stay clear; below it the picture is made smaller.
const BITS_PER_PIXEL: f64 = 0.05;
/// A smaller picture grows back only when the target carries this much more than it needs
/// (so a target near a threshold does not switch sizes back and forth).
const GROW_BACK_MARGIN: f64 = 1.25;
/// The sizes tried, as divisors of the camera's width and height.
const DIVISORS: [u32; 3] = [1, 2, 4];
/// A smaller picture keeps at least this many pixels on its shorter side (the frame
/// counter, text and codes stay readable).
pub const MIN_SHORT_SIDE: u32 = 180;

/// By how much to divide the camera's `width` × `height` at `fps` so that `target_kbps`
/// carries it: the largest picture that needs no more than the target, never one whose
/// shorter side falls below [`MIN_SHORT_SIDE`] (unless the camera's already does).
/// `current` is the divisor in use: growing back needs a margin.
pub fn divisor_for(target_kbps: u32, width: u32, height: u32, fps: u32, current: u32) -> u32 {
    let short_side = width.min(height);
    let allowed: Vec<u32> = DIVISORS.into_iter().filter(|&d| d == 1 || short_side / d >= MIN_SHORT_SIDE).collect();
    let target = f64::from(target_kbps) * 1000.0;
    let needs = |divisor: u32| {
        let pixels = f64::from(width / divisor) * f64::from(height / divisor) * f64::from(fps.max(1));
        let margin = if divisor < current { GROW_BACK_MARGIN } else { 1.0 };
        pixels * BITS_PER_PIXEL * margin
    };
    allowed.iter().copied().find(|&divisor| needs(divisor) <= target).or(allowed.last().copied()).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(percent_lost: u32, highest_sequence: u32) -> LossReport {
        LossReport { fraction_lost: (percent_lost * 256 / 100) as u8, highest_sequence }
    }

    #[test]
    fn heavy_loss_cuts_the_target_light_loss_grows_it_back_to_the_ceiling() {
        let start = Instant::now();
        let mut controller = RateController::new(1_000);
        let second = |n: u64| start + Duration::from_secs(n);
        // 50 % lost: each report takes a quarter off.
        assert_eq!(controller.on_report(report(50, 100), 0, second(0)), 750);
        assert_eq!(controller.on_report(report(50, 200), 0, second(1)), 563);
        // 5 % lost holds the target.
        assert_eq!(controller.on_report(report(5, 300), 0, second(2)), 563);
        // No loss: 8 % a second, a late report counting one second only.
        assert_eq!(controller.on_report(report(0, 400), 0, second(3)), 608);
        assert_eq!(controller.on_report(report(0, 500), 0, second(13)), 656);
        for n in 14..40 {
            controller.on_report(report(0, 500 + n as u32 * 100), 0, second(n));
        }
        assert_eq!(controller.target_kbps(), 1_000, "the configured bitrate is the ceiling");
    }

    #[test]
    fn heavy_loss_brings_the_target_down_to_what_the_link_delivered() {
        let start = Instant::now();
        let mut controller = RateController::new(1_500);
        // 1 800 kbit/s sent, 88 % lost: 218 arrived, far below the rule's 1 500 × (1 − 0.44).
        assert_eq!(controller.on_report(report(88, 100), 1_800_000, start), 218);
        // Now the rule's cut is the lower one: 218 × (1 − 0.06) against 250 × 0.88.
        assert_eq!(controller.on_report(report(12, 200), 250_000, start + Duration::from_secs(1)), 205);
        // Light loss leaves the sent bitrate out of it.
        assert_eq!(controller.on_report(report(5, 300), 20_000, start + Duration::from_secs(2)), 205);
    }

    #[test]
    fn the_target_has_a_floor_and_reports_without_new_packets_change_nothing() {
        let start = Instant::now();
        let mut controller = RateController::new(1_000);
        for n in 0..30 {
            controller.on_report(report(90, n * 10), 0, start + Duration::from_secs(u64::from(n)));
        }
        assert_eq!(controller.target_kbps(), MIN_BITRATE_KBPS);
        let held = controller.target_kbps();
        // The same highest sequence number again: nothing flowed, nothing is learnt.
        assert_eq!(controller.on_report(report(0, 290), 0, start + Duration::from_secs(31)), held);
        assert_eq!(controller.on_report(report(0, 300), 0, start + Duration::from_secs(32)), held * 108 / 100);
    }

    #[test]
    fn the_picture_shrinks_with_the_target_and_grows_back_with_a_margin() {
        // 1280x720 at 30 fps needs 1382 kbit/s whole, 346 halved, 86 quartered.
        assert_eq!(divisor_for(1_500, 1280, 720, 30, 1), 1);
        assert_eq!(divisor_for(1_000, 1280, 720, 30, 1), 2);
        assert_eq!(divisor_for(200, 1280, 720, 30, 2), 4);
        assert_eq!(divisor_for(20, 1280, 720, 30, 4), 4, "the smallest size when nothing fits");
        // Growing back from a half needs 1.25 × 1382.
        assert_eq!(divisor_for(1_500, 1280, 720, 30, 2), 2);
        assert_eq!(divisor_for(1_730, 1280, 720, 30, 2), 1);
        // The shorter side stays at 180 pixels or more.
        assert_eq!(divisor_for(100, 640, 360, 20, 1), 2);
        assert_eq!(divisor_for(50, 320, 180, 10, 1), 1);
    }
}
