//! Public sample photographs that a fix made readable, or whose former misread a fix removed,
//! read in place from `$SIGHTLINE_DATASETS` or `../shared/datasets` beside the repository;
//! skipped with a message when the samples are not there.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sightline_scan_core::frame::LumaPlane;
use sightline_scan_core::{BarcodeFormat, Scanner, ScannerConfig};

fn sample(name: &str) -> Option<PathBuf> {
    let base = std::env::var_os("SIGHTLINE_DATASETS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/datasets"));
    let path = base.join("zxing-cpp-samples").join(name);
    if !path.exists() {
        eprintln!("skipped: sample {} is not there", path.display());
        return None;
    }
    Some(path)
}

/// The texts of `format` read in the sample, as the benchmark's scanner sees it.
fn texts(path: &Path, format: BarcodeFormat) -> Vec<String> {
    let grey = image::open(path).unwrap().to_luma8();
    let (width, height) = (grey.width() as usize, grey.height() as usize);
    let plane = LumaPlane::new(width, height, width, grey.as_raw()).unwrap();
    let scanner = Scanner::new(ScannerConfig::all_formats().budget(Duration::from_secs(1)));
    scanner
        .scan_luma(&plane)
        .unwrap()
        .into_iter()
        .filter(|result| result.format == format)
        .map(|result| result.text)
        .collect()
}

#[test]
fn an_aztec_structured_append_header_is_not_reported_as_text() {
    let Some(path) = sample("aztec-1/Z1-sequence4of7.png") else {
        return;
    };
    assert_eq!(texts(&path, BarcodeFormat::Aztec), ["3456"]);
}

#[test]
fn a_code32_pharmacy_code_is_reported_as_its_number() {
    let Some(path) = sample("code39-1/code32-1.png") else {
        return;
    };
    assert_eq!(texts(&path, BarcodeFormat::Code39), ["A123456788"]);
}
