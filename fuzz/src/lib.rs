//! What the fuzz targets share: a raw camera frame read from fuzzer bytes.

use sightline_scan_core::{PixelFormat, VideoFrame};

/// The bytes of the header [`frame`] reads before the pixel data.
pub const FRAME_HEADER: usize = 16;

/// A frame of any format, size (up to 511 on a side) and strides (none to three),
/// the pixels from the bytes after the header, and the header's last four bytes for
/// the caller. Header: format, stride count, width, height, strides (16-bit each).
pub fn frame(input: &[u8]) -> Option<(VideoFrame, [u8; 4])> {
    let (header, data) = input.split_first_chunk::<FRAME_HEADER>()?;
    let format = [PixelFormat::I420, PixelFormat::Nv12, PixelFormat::Rgba][usize::from(header[0] % 3)];
    let side = |at: usize| u32::from(u16::from_le_bytes([header[at], header[at + 1]]) % 512);
    let strides = (0..usize::from(header[1] % 4)).map(|i| u32::from(u16::from_le_bytes([header[6 + 2 * i], header[7 + 2 * i]]))).collect();
    let frame = VideoFrame { format, width: side(2), height: side(4), strides, data: data.to_vec(), timestamp_us: 0 };
    Some((frame, [header[12], header[13], header[14], header[15]]))
}
