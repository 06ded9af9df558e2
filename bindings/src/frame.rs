//! Raw camera frames as the app pushes them (the core's records, exported as they are).

use sightline_sdk_core::{PixelFormat, VideoFrame};

/// Pixel layout of a raw frame.
#[uniffi::remote(Enum)]
pub enum PixelFormat {
    /// Planar Y, then U, then V; chroma at half resolution in both directions.
    I420,
    /// Planar Y, then interleaved UV at half resolution in both directions.
    Nv12,
    /// Packed 8-bit red, green, blue, alpha.
    Rgba,
}

/// One raw picture from the camera; the planes lie one after another in `data`.
#[uniffi::remote(Record)]
pub struct VideoFrame {
    pub format: PixelFormat,
    pub width: u32,
    pub height: u32,
    /// Bytes per row of each plane, in plane order.
    pub strides: Vec<u32>,
    /// The planes, one after another.
    pub data: Vec<u8>,
    /// Capture time in microseconds on the app's monotonic clock.
    pub timestamp_us: u64,
}
