//! On-device QR and barcode scanning of camera frames.

use std::sync::Arc;
use std::time::Duration;

use sightline_sdk_core::{BarcodeFormat, Error as CoreError, NormalizedPoint, ScanResult, Scanner, ScannerConfig, VideoFrame};

use crate::SdkError;

/// A barcode symbology the scanner can decode.
#[uniffi::remote(Enum)]
pub enum BarcodeFormat {
    QrCode,
    DataMatrix,
    Aztec,
    Pdf417,
    Ean13,
    Ean8,
    UpcA,
    UpcE,
    Code128,
    Code39,
    Code93,
    Itf,
    Codabar,
}

/// A point in picture coordinates normalised to 0..1 (x to the right, y downwards).
#[uniffi::remote(Record)]
pub struct NormalizedPoint {
    pub x: f32,
    pub y: f32,
}

/// One decoded symbol.
#[uniffi::remote(Record)]
pub struct ScanResult {
    pub format: BarcodeFormat,
    /// The decoded text.
    pub text: String,
    /// The raw data codewords as the decoder read them (empty where the symbology has none).
    pub raw_bytes: Vec<u8>,
    /// The corners of a 2D symbol, or the ends of the line that read a 1D symbol.
    pub points: Vec<NormalizedPoint>,
}

/// Decodes barcodes in camera frames within a bounded time. Safe to share between threads.
#[derive(uniffi::Object)]
pub struct BarcodeScanner {
    inner: Scanner,
}

#[uniffi::export]
impl BarcodeScanner {
    /// A scanner for the given symbologies; an empty list means every supported one.
    /// `budget_ms` is one decode's soft time budget; without it, the core's default (250 ms).
    #[uniffi::constructor(default(budget_ms = None))]
    pub fn new(formats: Vec<BarcodeFormat>, budget_ms: Option<u64>) -> Arc<Self> {
        let config = if formats.is_empty() { ScannerConfig::all_formats() } else { ScannerConfig::with_formats(formats) };
        let config = match budget_ms {
            Some(ms) => config.budget(Duration::from_millis(ms)),
            None => config,
        };
        Arc::new(BarcodeScanner { inner: Scanner::new(config) })
    }

    /// Every wanted symbol in the frame. Blocks for at most the scanner's time limit.
    pub fn scan(&self, frame: VideoFrame) -> Result<Vec<ScanResult>, SdkError> {
        Ok(self.inner.scan(&frame).map_err(CoreError::from)?)
    }
}
