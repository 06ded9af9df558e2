//! On-device QR and barcode scanning of camera frames, with rxing, and the frames it reads.
//!
//! [`Scanner`] decodes one frame within a bounded time, straight from the luma plane of
//! I420/NV12 frames, and reports the symbols found (the first one by default, up to
//! [`ScannerConfig::max_symbols`]) as plain [`ScanResult`] records with normalised corner
//! points. [`LiveScanner`] sits on top for a stream of frames: it reports
//! a code once while it stays in view and searches the region of the last hit first.
//!
//! The crate needs no media stack: the SDK core and the `sightline-scan` command both use it,
//! and the command builds without WebRTC, libvpx or a WebSocket client.

pub mod error;
pub mod frame;

mod aztec_core;
mod aztec_grid;
mod bars;
mod bounded;
mod bullseye;
mod decode;
mod dm_grid;
mod dm_lines;
mod format;
mod gradient;
mod hull_corner;
mod live;
mod picture;
mod quiet;
mod reader;
mod result;
mod rune;
mod scanner;
mod text;

pub use error::{Error, Result};
pub use format::BarcodeFormat;
pub use frame::{PixelFormat, VideoFrame};
pub use live::LiveScanner;
pub use result::{NormalizedPoint, Region, ScanResult};
pub use scanner::{Scanner, ScannerConfig};
