//! Sightline customer SDK core.
//!
//! Holds no FFI code: the `bindings` crate wraps these types for uniffi.

pub mod error;
pub mod camera;
pub mod frame;
pub mod media;
pub mod scan;
pub mod session;

pub use error::{Error, Result};
pub use frame::{PixelFormat, VideoFrame};
pub use scan::{BarcodeFormat, LiveScanner, NormalizedPoint, ScanResult, Scanner, ScannerConfig};
