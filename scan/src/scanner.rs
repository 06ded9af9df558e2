//! The scanner object: configured once, shared between threads, one bounded decode per call.

use std::time::{Duration, Instant};

use crate::frame::LumaPlane;
use crate::{Result, VideoFrame};

use crate::bounded::Watchdog;
use crate::decode::decode;
use crate::format::BarcodeFormat;
use crate::picture::GrayImage;
use crate::result::{Region, ScanResult};

/// What a [`Scanner`] looks for and how long it may look.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ScannerConfig {
    /// The symbologies to decode; others are ignored.
    pub formats: Vec<BarcodeFormat>,
    /// Soft budget of one decode: no further pass starts once it is spent, and whatever
    /// was found so far is returned.
    pub budget: Duration,
    /// Hard limit of one decode: past it the decode is abandoned and the call fails with
    /// [`crate::Error::ScanTimedOut`]. Guards against decoder endless loops.
    pub hard_limit: Duration,
    /// How many abandoned decodes may still be running before the scanner refuses work.
    pub max_abandoned: usize,
    /// At most this many symbols are reported per frame. With 1 (the default) the search
    /// stops at the first symbol, which is several times cheaper than searching the rest
    /// of the picture for more.
    pub max_symbols: usize,
}

impl ScannerConfig {
    /// QR codes only: the fastest configuration, for the "scan QR" command.
    pub fn qr_only() -> Self {
        Self::with_formats(vec![BarcodeFormat::QrCode])
    }

    /// Every supported 1D and 2D symbology, for the "scan barcode" command.
    pub fn all_formats() -> Self {
        Self::with_formats(BarcodeFormat::ALL.to_vec())
    }

    /// The given symbologies with the default time limits.
    pub fn with_formats(formats: Vec<BarcodeFormat>) -> Self {
        ScannerConfig {
            formats,
            budget: Duration::from_millis(250),
            hard_limit: Duration::from_secs(3),
            max_abandoned: 2,
            max_symbols: 1,
        }
    }

    /// This configuration with another soft budget; the hard limit stays at least as long.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self.hard_limit = self.hard_limit.max(budget);
        self
    }

    /// This configuration reporting up to `max_symbols` symbols per frame (at least 1).
    pub fn max_symbols(mut self, max_symbols: usize) -> Self {
        self.max_symbols = max_symbols.max(1);
        self
    }

    /// This configuration with another hard limit.
    pub fn hard_limit(mut self, hard_limit: Duration) -> Self {
        self.hard_limit = hard_limit;
        self
    }
}

impl Default for ScannerConfig {
    fn default() -> Self {
        Self::all_formats()
    }
}

/// Decodes barcodes in camera frames. `Send + Sync`: share it behind an `Arc`.
#[derive(Debug)]
pub struct Scanner {
    config: ScannerConfig,
    watchdog: Watchdog,
}

impl Scanner {
    pub fn new(mut config: ScannerConfig) -> Self {
        config.formats.sort();
        config.formats.dedup();
        let watchdog = Watchdog::new(config.max_abandoned);
        Scanner { config, watchdog }
    }

    pub fn config(&self) -> &ScannerConfig {
        &self.config
    }

    /// The wanted symbols in the frame (up to `max_symbols`), decoded from its luma plane (RGBA is converted first).
    pub fn scan(&self, frame: &VideoFrame) -> Result<Vec<ScanResult>> {
        self.scan_region(frame, Region::FULL)
    }

    /// The wanted symbols inside `region` of the frame; points are still relative to the whole frame.
    pub fn scan_region(&self, frame: &VideoFrame, region: Region) -> Result<Vec<ScanResult>> {
        match frame.luma_plane()? {
            Some(plane) => self.scan_luma_region(&plane, region),
            None => {
                let luma = frame.to_luma()?;
                let (width, height) = (frame.width as usize, frame.height as usize);
                self.scan_luma_region(&LumaPlane::new(width, height, width, &luma)?, region)
            }
        }
    }

    /// The wanted symbols in an 8-bit grey picture.
    pub fn scan_luma(&self, plane: &LumaPlane<'_>) -> Result<Vec<ScanResult>> {
        self.scan_luma_region(plane, Region::FULL)
    }

    /// The wanted symbols inside `region` of an 8-bit grey picture.
    pub fn scan_luma_region(
        &self,
        plane: &LumaPlane<'_>,
        region: Region,
    ) -> Result<Vec<ScanResult>> {
        plane.check()?;
        let deadline = Instant::now() + self.config.budget;
        let Some(image) = GrayImage::from_plane(plane, region) else {
            return Ok(Vec::new());
        };
        let frame_size = (plane.width, plane.height);
        let formats = self.config.formats.clone();
        let max_symbols = self.config.max_symbols;
        self.watchdog.run(self.config.hard_limit, move || {
            decode(&image, frame_size, &formats, max_symbols, deadline)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_is_shareable_and_configs_dedup_formats() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Scanner>();
        let scanner = Scanner::new(ScannerConfig::with_formats(vec![
            BarcodeFormat::Ean8,
            BarcodeFormat::QrCode,
            BarcodeFormat::Ean8,
        ]));
        assert_eq!(
            scanner.config().formats,
            vec![BarcodeFormat::QrCode, BarcodeFormat::Ean8]
        );
        let config = ScannerConfig::qr_only().budget(Duration::from_secs(10));
        assert_eq!(config.hard_limit, Duration::from_secs(10));
    }
}
