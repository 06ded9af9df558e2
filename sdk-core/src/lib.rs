//! Sightline customer SDK core.
//!
//! Holds no FFI code: the `bindings` crate wraps these types for uniffi.

pub mod error;
pub mod frame;

pub use error::{Error, Result};
pub use frame::{PixelFormat, VideoFrame};
