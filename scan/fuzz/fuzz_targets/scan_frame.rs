//! Fuzzes the scanner's frame entry point: any format, size, strides and bytes must give
//! results or a typed error, never a panic.

#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use sightline_scan_core::Region;
use sightline_scan_core::{PixelFormat, Scanner, ScannerConfig, VideoFrame};

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        Scanner::new(ScannerConfig::all_formats().budget(Duration::from_millis(200)))
    })
}

fuzz_target!(|input: &[u8]| {
    // Header: format, width, height, stride count, strides, a region; the rest is pixel data.
    let Some((header, data)) = input.split_first_chunk::<16>() else {
        return;
    };
    let format =
        [PixelFormat::I420, PixelFormat::Nv12, PixelFormat::Rgba][usize::from(header[0] % 3)];
    let width = u32::from(u16::from_le_bytes([header[1], header[2]]) % 512);
    let height = u32::from(u16::from_le_bytes([header[3], header[4]]) % 512);
    let strides = (0..usize::from(header[5] % 4))
        .map(|i| u32::from(u16::from_le_bytes([header[6 + 2 * i], header[7 + 2 * i]])))
        .collect();
    let region = Region {
        left: f32::from(header[12]) / 255.0,
        top: f32::from(header[13]) / 255.0,
        right: f32::from(header[14]) / 128.0,
        bottom: f32::from(header[15]) / 128.0,
    };
    let frame = VideoFrame {
        format,
        width,
        height,
        strides,
        data: data.to_vec(),
        timestamp_us: 0,
    };
    let _ = scanner().scan_region(&frame, region);
});
