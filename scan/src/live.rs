//! Scanning a stream of frames: report each code once, and look where the last one was first.

use std::sync::Arc;

use parking_lot::Mutex;

use crate::{Result, VideoFrame};

use crate::format::BarcodeFormat;
use crate::result::{Region, ScanResult};
use crate::scanner::Scanner;

/// A code that has not been seen for this many frames is reported again when it returns.
const DEFAULT_HOLD_FRAMES: u64 = 30;
/// Even while the last hit region keeps giving results, the whole frame is searched this often.
const FULL_SCAN_EVERY: u64 = 10;
/// The tracked region is grown by this share of its size on each side.
const TRACK_MARGIN: f32 = 0.5;
/// ... and to at least this share of the frame, so that a moving code stays inside.
const TRACK_MIN_SIZE: f32 = 0.3;

/// Wraps a [`Scanner`] for live frames: results are reported only when a code appears
/// (or reappears after being out of view), and the region of the last hit is searched
/// first in the next frame, which is much cheaper than the whole frame.
#[derive(Debug)]
pub struct LiveScanner {
    scanner: Arc<Scanner>,
    hold_frames: u64,
    state: Mutex<LiveState>,
}

#[derive(Debug, Default)]
struct LiveState {
    frame_index: u64,
    /// Codes seen recently, with the index of the frame that last showed them.
    recent: Vec<(BarcodeFormat, String, u64)>,
    last_hit: Option<Region>,
}

impl LiveScanner {
    pub fn new(scanner: Arc<Scanner>) -> Self {
        Self::with_hold_frames(scanner, DEFAULT_HOLD_FRAMES)
    }

    /// A live scanner that forgets a code after it has been out of view for `hold_frames` frames.
    pub fn with_hold_frames(scanner: Arc<Scanner>, hold_frames: u64) -> Self {
        LiveScanner {
            scanner,
            hold_frames,
            state: Mutex::new(LiveState::default()),
        }
    }

    /// Scans the next frame and returns the codes that are new since the last frames.
    pub fn process(&self, frame: &VideoFrame) -> Result<Vec<ScanResult>> {
        // Frames of one stream are handled in order.
        let mut state = self.state.lock();
        state.frame_index += 1;
        let index = state.frame_index;
        let tracked = state.last_hit.filter(|_| index % FULL_SCAN_EVERY != 0);
        let mut results = match tracked {
            Some(region) => self
                .scanner
                .scan_region(frame, region.expanded(TRACK_MARGIN, TRACK_MIN_SIZE))?,
            None => Vec::new(),
        };
        if results.is_empty() {
            results = self.scanner.scan(frame)?;
        }
        state.last_hit = results
            .iter()
            .filter_map(ScanResult::bounds)
            .reduce(Region::union);
        let hold = self.hold_frames;
        state.recent.retain(|&(_, _, seen)| index - seen <= hold);
        let mut fresh = Vec::new();
        for result in results {
            match state
                .recent
                .iter_mut()
                .find(|(format, text, _)| *format == result.format && *text == result.text)
            {
                Some(entry) => entry.2 = index,
                None => {
                    state
                        .recent
                        .push((result.format, result.text.clone(), index));
                    fresh.push(result);
                }
            }
        }
        Ok(fresh)
    }

    /// Where the last hit was, to draw a focus hint or to steer the camera.
    pub fn last_hit(&self) -> Option<Region> {
        self.state.lock().last_hit
    }

    /// Forgets every code seen so far, so that the next sighting is reported again.
    pub fn reset(&self) {
        *self.state.lock() = LiveState::default();
    }
}
