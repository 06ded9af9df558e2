//! On-device QR and barcode scanning of camera frames, with rxing.
//!
//! [`Scanner`] decodes one frame within a bounded time, straight from the luma plane of
//! I420/NV12 frames, and reports every symbol found as a plain [`ScanResult`] record with
//! normalised corner points. [`LiveScanner`] sits on top for a stream of frames: it reports
//! a code once while it stays in view and searches the region of the last hit first.

mod bounded;
mod decode;
mod format;
mod live;
mod picture;
mod result;
mod scanner;
mod text;

pub use format::{BarcodeFormat, UnknownFormat};
pub use live::LiveScanner;
pub use result::{NormalizedPoint, Region, ScanResult};
pub use scanner::{Scanner, ScannerConfig};
