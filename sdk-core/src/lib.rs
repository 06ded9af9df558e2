//! Sightline customer SDK core.
//!
//! Holds no FFI code: the `bindings` crate wraps these types for uniffi.

pub mod error;
pub mod audio;
pub mod camera;
pub mod media;
pub mod session;

/// Frames and the scanner live in a crate of their own, which needs no media stack.
pub use sightline_scan_core::{self as scan, frame};

pub use error::{Error, Result};
pub use frame::{PixelFormat, VideoFrame};
pub use scan::{BarcodeFormat, LiveScanner, NormalizedPoint, ScanResult, Scanner, ScannerConfig};
