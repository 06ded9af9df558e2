//! Detection over the public zxing-cpp sample images, read in place from
//! `$SIGHTLINE_DATASETS` or `../shared/datasets` beside the repository.
//!
//! Each folder must keep at least the number of reads the scanner achieves today, so a
//! decoding regression fails here; `falsepositives-*` pictures must give no result at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sightline_scan::scan_file;
use sightline_scan_core::{Scanner, ScannerConfig};

/// Reads per folder that must not be lost: what this scanner achieves today.
const MINIMUM_READS: &[(&str, usize)] = &[
    ("aztec-1", 24),
    ("codabar-1", 11),
    ("code128-1", 6),
    ("code128-2", 13),
    ("code39-1", 6),
    ("code39-2", 3),
    ("code93-1", 3),
    ("datamatrix-1", 28),
    ("datamatrix-2", 13),
    ("datamatrix-3", 19),
    ("ean13-1", 13),
    ("ean13-2", 7),
    ("ean8-1", 8),
    ("itf-1", 13),
    ("pdf417-1", 14),
    ("pdf417-2", 24),
    ("qrcode-1", 8),
    ("qrcode-2", 53),
    ("qrcode-3", 18),
    ("qrcode-4", 17),
    ("upca-1", 5),
    ("upca-2", 18),
    ("upca-3", 6),
    ("upce-1", 3),
    ("upce-2", 12),
];

fn samples_dir() -> PathBuf {
    let base = std::env::var_os("SIGHTLINE_DATASETS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/datasets"));
    base.join("zxing-cpp-samples")
}

fn images(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("readable folder")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("png" | "jpg" | "webp")
            )
        })
        .collect();
    files.sort();
    files
}

/// The scanner's text equals the expected text, line-ending conventions set aside.
fn matches(found: &str, expected: &str) -> bool {
    found == expected || found.replace("\r\n", "\n") == expected.replace("\r\n", "\n")
}

#[test]
fn public_samples_keep_their_detection_counts_and_false_positives_stay_empty() {
    let root = samples_dir();
    assert!(
        root.is_dir(),
        "public dataset not found at {} (set SIGHTLINE_DATASETS)",
        root.display()
    );
    let scanner = Scanner::new(ScannerConfig::all_formats().budget(Duration::from_secs(120)));
    let mut reads = BTreeMap::new();
    let mut false_positives = Vec::new();
    for folder in std::fs::read_dir(&root)
        .expect("dataset root")
        .filter_map(|e| e.ok().map(|e| e.path()))
    {
        let Some(name) = folder
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_owned)
        else {
            continue;
        };
        if !folder.is_dir() {
            continue;
        }
        for image in images(&folder) {
            let report = scan_file(&scanner, &image).expect("sample decodes as an image");
            if name.starts_with("falsepositives") {
                if !report.results.is_empty() {
                    false_positives.push(format!("{}: {:?}", image.display(), report.results));
                }
                continue;
            }
            let Ok(expected) = std::fs::read(image.with_extension("txt")) else {
                continue;
            };
            let expected = String::from_utf8_lossy(&expected);
            let hit = report.results.iter().any(|r| matches(&r.text, &expected));
            *reads.entry(name.clone()).or_insert(0usize) += usize::from(hit);
        }
    }
    println!("reads per folder: {reads:?}");
    assert!(
        false_positives.is_empty(),
        "false positives: {false_positives:#?}"
    );
    let regressions: Vec<String> = MINIMUM_READS
        .iter()
        .filter_map(|&(folder, minimum)| {
            let got = reads.get(folder).copied().unwrap_or(0);
            (got < minimum).then(|| format!("{folder}: {got} reads, at least {minimum} expected"))
        })
        .collect();
    assert!(
        regressions.is_empty(),
        "detection regressed: {regressions:#?}"
    );
}
