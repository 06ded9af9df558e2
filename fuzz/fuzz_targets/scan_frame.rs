//! Fuzzes the scanner's frame entry point: any format, size, strides and bytes must give
//! results or a typed error, never a panic.

#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use sightline_scan_core::{Region, Scanner, ScannerConfig};

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| Scanner::new(ScannerConfig::all_formats().budget(Duration::from_millis(200))))
}

fuzz_target!(|input: &[u8]| {
    let Some((frame, [left, top, right, bottom])) = sightline_fuzz::frame(input) else { return };
    let region = Region {
        left: f32::from(left) / 255.0,
        top: f32::from(top) / 255.0,
        right: f32::from(right) / 128.0,
        bottom: f32::from(bottom) / 128.0,
    };
    let _ = scanner().scan_region(&frame, region);
});
