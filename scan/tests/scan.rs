//! Scanner behaviour end to end: every format round-trips through an rxing writer, camera-like
//! distortion and a YUV frame with padded strides; bad frames give errors, never panics; the
//! live scanner reports each code once.

use std::sync::Arc;
use std::time::Duration;

use rxing::{MultiFormatWriter, Writer};
use sightline_scan_core::Region;
use sightline_scan_core::{
    BarcodeFormat, Error, LiveScanner, PixelFormat, ScanResult, Scanner, ScannerConfig, VideoFrame,
};

const WIDTH: usize = 640;
const HEIGHT: usize = 480;

/// Tests must not depend on the machine's speed: give decodes all the time they need.
fn patient(config: ScannerConfig) -> Scanner {
    Scanner::new(config.budget(Duration::from_secs(120)))
}

/// (format, content given to the writer, text the scanner reports)
fn samples() -> Vec<(BarcodeFormat, &'static str, &'static str)> {
    vec![
        (
            BarcodeFormat::QrCode,
            "https://sightline.example/qr",
            "https://sightline.example/qr",
        ),
        (
            BarcodeFormat::DataMatrix,
            "Sightline DataMatrix",
            "Sightline DataMatrix",
        ),
        (BarcodeFormat::Aztec, "Sightline Aztec", "Sightline Aztec"),
        (
            BarcodeFormat::Pdf417,
            "Sightline PDF417",
            "Sightline PDF417",
        ),
        (BarcodeFormat::Ean13, "9780804816632", "9780804816632"),
        (BarcodeFormat::Ean8, "12345670", "12345670"),
        (BarcodeFormat::UpcA, "012345678905", "0012345678905"),
        (BarcodeFormat::UpcE, "01234565", "0012345000065"),
        (BarcodeFormat::Code128, "Sightline-128", "Sightline-128"),
        (BarcodeFormat::Code39, "SIGHTLINE-39", "SIGHTLINE-39"),
        (BarcodeFormat::Code93, "SIGHTLINE93", "SIGHTLINE93"),
        (BarcodeFormat::Itf, "12345678", "12345678"),
        (BarcodeFormat::Codabar, "A123456B", "A123456B"),
    ]
}

/// A grey scene with the symbol drawn at `module` pixels per module, turned by `degrees`
/// about its centre at (`cx`, `cy`), plus deterministic noise. Dark modules on light paper.
fn scene(
    format: BarcodeFormat,
    content: &str,
    module: f32,
    degrees: f32,
    (cx, cy): (f32, f32),
) -> Vec<u8> {
    let matrix = MultiFormatWriter
        .encode(content, &rxing::BarcodeFormat::from(format.as_str()), 0, 0)
        .expect("encodable sample");
    let (mw, mh) = (matrix.width() as f32, matrix.height() as f32);
    // 1D writers give one row: draw bars half their length tall, as on a product label.
    let rows = if format.is_linear() {
        (mw / 2.0).max(1.0)
    } else {
        mh
    };
    let quiet = 6.0;
    let (sin, cos) = degrees.to_radians().sin_cos();
    let mut noise = 0x2545_f491u32;
    let mut luma = Vec::with_capacity(WIDTH * HEIGHT);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            // Back from screen to symbol coordinates (in modules, origin at the symbol's centre).
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            let (u, v) = (
                (dx * cos - dy * sin) / module + mw / 2.0,
                (dx * sin + dy * cos) / module + rows / 2.0,
            );
            let inside = u >= -quiet && v >= -quiet && u < mw + quiet && v < rows + quiet;
            let dark = u >= 0.0 && v >= 0.0 && u < mw && v < rows && {
                let row = if format.is_linear() { 0 } else { v as u32 };
                matrix.get(u as u32, row)
            };
            let base: i32 = if !inside {
                120 + (x as i32 / 8 % 40)
            } else if dark {
                40
            } else {
                215
            };
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            luma.push((base + (noise % 25) as i32 - 12).clamp(0, 255) as u8);
        }
    }
    luma
}

/// An I420 frame holding `luma`, every plane padded by `pad` bytes per row.
fn i420(luma: &[u8], pad: usize) -> VideoFrame {
    let (cw, ch) = (WIDTH.div_ceil(2), HEIGHT.div_ceil(2));
    let mut data = Vec::new();
    for row in luma.chunks(WIDTH) {
        data.extend_from_slice(row);
        data.extend(std::iter::repeat_n(0xEE, pad));
    }
    for _ in 0..2 * ch {
        data.extend(std::iter::repeat_n(128, cw));
        data.extend(std::iter::repeat_n(0xEE, pad));
    }
    let strides = vec![(WIDTH + pad) as u32, (cw + pad) as u32, (cw + pad) as u32];
    VideoFrame {
        format: PixelFormat::I420,
        width: WIDTH as u32,
        height: HEIGHT as u32,
        strides,
        data,
        timestamp_us: 0,
    }
}

/// An NV12 frame holding `luma`, both planes padded by `pad` bytes per row.
fn nv12(luma: &[u8], pad: usize) -> VideoFrame {
    let mut data = Vec::new();
    for row in luma.chunks(WIDTH) {
        data.extend_from_slice(row);
        data.extend(std::iter::repeat_n(0x11, pad));
    }
    for _ in 0..HEIGHT.div_ceil(2) {
        data.extend(std::iter::repeat_n(128, WIDTH.div_ceil(2) * 2));
        data.extend(std::iter::repeat_n(0x11, pad));
    }
    let strides = vec![(WIDTH + pad) as u32, (WIDTH.div_ceil(2) * 2 + pad) as u32];
    VideoFrame {
        format: PixelFormat::Nv12,
        width: WIDTH as u32,
        height: HEIGHT as u32,
        strides,
        data,
        timestamp_us: 0,
    }
}

fn texts(results: &[ScanResult]) -> Vec<&str> {
    results.iter().map(|r| r.text.as_str()).collect()
}

#[test]
fn every_format_round_trips_through_a_turned_noisy_padded_frame() {
    let scanner = patient(ScannerConfig::all_formats());
    let mut failures = Vec::new();
    for (index, (format, content, expected)) in samples().into_iter().enumerate() {
        // Matrix codes at any angle; 1D codes at an angle the row scan cannot read without help.
        let degrees = if format.is_linear() {
            35.0 + 7.0 * index as f32
        } else {
            20.0 + 31.0 * index as f32
        };
        let module = if format.is_linear() { 2.0 } else { 4.0 };
        let luma = scene(
            format,
            content,
            module,
            degrees,
            (WIDTH as f32 * 0.45, HEIGHT as f32 * 0.55),
        );
        let frame = if index % 2 == 0 {
            i420(&luma, 24)
        } else {
            nv12(&luma, 16)
        };
        let results = scanner.scan(&frame).expect("scan succeeds");
        match results.iter().find(|r| r.format == format) {
            Some(found) if found.text == expected => {
                assert!(!found.points.is_empty(), "{format}: no position");
                for point in &found.points {
                    assert!(
                        (0.0..=1.0).contains(&point.x) && (0.0..=1.0).contains(&point.y),
                        "{format}: {point:?}"
                    );
                }
                // The symbol is centred at (0.45, 0.55): its points lie around that spot.
                let near = found.bounds().expect("points");
                let reach = Region {
                    left: near.left - 0.2,
                    top: near.top - 0.2,
                    right: near.right + 0.2,
                    bottom: near.bottom + 0.2,
                };
                assert!(
                    (reach.left..=reach.right).contains(&0.45)
                        && (reach.top..=reach.bottom).contains(&0.55),
                    "{format}: {:?}",
                    found.points
                );
            }
            _ => failures.push(format!("{format} at {degrees}°: got {:?}", texts(&results))),
        }
    }
    assert!(failures.is_empty(), "not decoded: {failures:#?}");
}

#[test]
fn raw_bytes_are_reported_for_2d_symbols() {
    let scanner = patient(ScannerConfig::qr_only());
    let luma = scene(BarcodeFormat::QrCode, "raw bytes", 4.0, 0.0, (320.0, 240.0));
    let results = scanner.scan(&i420(&luma, 0)).expect("scan");
    assert_eq!(texts(&results), vec!["raw bytes"]);
    assert!(!results[0].raw_bytes.is_empty());
}

#[test]
fn several_symbols_in_one_frame_are_all_reported_when_asked_for() {
    let scanner = patient(ScannerConfig::all_formats().max_symbols(4));
    let left = scene(
        BarcodeFormat::QrCode,
        "left code",
        4.0,
        10.0,
        (160.0, 240.0),
    );
    let right = scene(
        BarcodeFormat::DataMatrix,
        "right code",
        5.0,
        -15.0,
        (480.0, 240.0),
    );
    let luma: Vec<u8> = left
        .chunks(WIDTH)
        .zip(right.chunks(WIDTH))
        .flat_map(|(l, r)| {
            l[..WIDTH / 2]
                .iter()
                .chain(&r[WIDTH / 2..])
                .copied()
                .collect::<Vec<_>>()
        })
        .collect();
    let mut found = texts(&scanner.scan(&nv12(&luma, 8)).expect("scan"))
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    found.sort();
    assert_eq!(found, vec!["left code", "right code"]);
    // By default the search stops at the first symbol.
    let first = patient(ScannerConfig::all_formats())
        .scan(&nv12(&luma, 8))
        .expect("scan");
    assert_eq!(first.len(), 1, "{:?}", texts(&first));
}

#[test]
fn qr_only_scanner_ignores_barcodes() {
    let luma = scene(
        BarcodeFormat::Code128,
        "Sightline-128",
        2.5,
        0.0,
        (320.0, 240.0),
    );
    let frame = i420(&luma, 0);
    assert!(patient(ScannerConfig::qr_only())
        .scan(&frame)
        .expect("scan")
        .is_empty());
    assert_eq!(
        texts(
            &patient(ScannerConfig::all_formats())
                .scan(&frame)
                .expect("scan")
        ),
        vec!["Sightline-128"]
    );
}

#[test]
fn rgba_frames_and_regions_are_scanned() {
    let luma = scene(
        BarcodeFormat::QrCode,
        "in a corner",
        3.0,
        0.0,
        (160.0, 120.0),
    );
    let rgba: Vec<u8> = luma.iter().flat_map(|&v| [v, v, v, 255]).collect();
    let frame =
        VideoFrame::packed(PixelFormat::Rgba, WIDTH as u32, HEIGHT as u32, rgba, 0).expect("rgba");
    let scanner = patient(ScannerConfig::qr_only());
    let found = scanner
        .scan_region(
            &frame,
            Region {
                left: 0.0,
                top: 0.0,
                right: 0.5,
                bottom: 0.5,
            },
        )
        .expect("scan");
    assert_eq!(texts(&found), vec!["in a corner"]);
    // Points stay relative to the whole frame, not the region.
    let bounds = found[0].bounds().expect("points");
    assert!(
        bounds.right < 0.5 && bounds.bottom < 0.5 && bounds.left > 0.1,
        "{bounds:?}"
    );
    let elsewhere = scanner
        .scan_region(
            &frame,
            Region {
                left: 0.5,
                top: 0.5,
                right: 1.0,
                bottom: 1.0,
            },
        )
        .expect("scan");
    assert!(elsewhere.is_empty());
}

#[test]
fn live_scanner_reports_a_code_once_until_it_leaves_view() {
    let live = LiveScanner::with_hold_frames(Arc::new(patient(ScannerConfig::qr_only())), 2);
    let code = i420(
        &scene(BarcodeFormat::QrCode, "first", 4.0, 0.0, (300.0, 200.0)),
        0,
    );
    let other = i420(
        &scene(BarcodeFormat::QrCode, "second", 4.0, 0.0, (300.0, 200.0)),
        0,
    );
    let empty = i420(&vec![128; WIDTH * HEIGHT], 0);
    assert_eq!(texts(&live.process(&code).expect("frame 1")), vec!["first"]);
    assert!(live.last_hit().is_some());
    assert!(
        live.process(&code).expect("frame 2").is_empty(),
        "repeated while in view"
    );
    assert_eq!(
        texts(&live.process(&other).expect("frame 3")),
        vec!["second"],
        "a changed code is new"
    );
    for _ in 0..3 {
        assert!(live.process(&empty).expect("empty frame").is_empty());
    }
    assert!(live.last_hit().is_none());
    assert_eq!(
        texts(&live.process(&code).expect("back in view")),
        vec!["first"],
        "reported again after leaving"
    );
    live.reset();
    assert_eq!(
        texts(&live.process(&code).expect("after reset")),
        vec!["first"]
    );
}

#[test]
fn bad_frames_give_errors_not_panics() {
    let scanner = Scanner::new(ScannerConfig::all_formats());
    let cases = [
        VideoFrame {
            format: PixelFormat::I420,
            width: 0,
            height: 0,
            strides: vec![0, 0, 0],
            data: vec![],
            timestamp_us: 0,
        },
        VideoFrame {
            format: PixelFormat::Nv12,
            width: 64,
            height: 64,
            strides: vec![64, 64],
            data: vec![0; 100],
            timestamp_us: 0,
        },
        VideoFrame {
            format: PixelFormat::I420,
            width: 64,
            height: 64,
            strides: vec![32, 32, 32],
            data: vec![0; 64 * 64 * 2],
            timestamp_us: 0,
        },
        VideoFrame {
            format: PixelFormat::I420,
            width: 64,
            height: 64,
            strides: vec![64],
            data: vec![0; 64 * 64 * 2],
            timestamp_us: 0,
        },
        VideoFrame {
            format: PixelFormat::Rgba,
            width: u32::MAX,
            height: u32::MAX,
            strides: vec![u32::MAX],
            data: vec![1, 2, 3],
            timestamp_us: 0,
        },
        VideoFrame {
            format: PixelFormat::Nv12,
            width: 1,
            height: 1,
            strides: vec![u32::MAX, u32::MAX],
            data: vec![0; 4],
            timestamp_us: 0,
        },
    ];
    for frame in &cases {
        assert!(
            matches!(
                scanner.scan(frame),
                Err(sightline_scan_core::Error::InvalidFrame(_))
            ),
            "{:?} {}x{} strides {:?}",
            frame.format,
            frame.width,
            frame.height,
            frame.strides
        );
    }
    let plane = sightline_scan_core::frame::LumaPlane {
        width: 10,
        height: 10,
        stride: 10,
        data: &[0; 50],
    };
    assert!(scanner.scan_luma(&plane).is_err());
    // A tiny valid frame holds nothing, and a degenerate region is simply empty.
    let tiny = VideoFrame::packed(PixelFormat::Nv12, 1, 1, vec![0; 3], 0).expect("1x1");
    assert!(scanner.scan(&tiny).expect("tiny").is_empty());
    let flat = Region {
        left: 0.5,
        top: 0.0,
        right: 0.5,
        bottom: 1.0,
    };
    assert!(scanner
        .scan_region(&tiny, flat)
        .expect("empty region")
        .is_empty());
}

#[test]
fn random_frames_never_panic() {
    // A quick in-test fuzz of the frame entry point; the cargo-fuzz target `scan_frame` in fuzz/ goes further.
    let scanner = patient(ScannerConfig::all_formats());
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move |bound: u64| {
        state ^= state << 7;
        state ^= state >> 9;
        state % bound.max(1)
    };
    for _ in 0..300 {
        let format = [PixelFormat::I420, PixelFormat::Nv12, PixelFormat::Rgba][next(3) as usize];
        let (width, height) = (next(48) as u32, next(48) as u32);
        let strides = (0..format.plane_count() + next(2) as usize)
            .map(|_| next(200) as u32)
            .collect();
        let data = (0..next(6000)).map(|_| next(256) as u8).collect();
        let frame = VideoFrame {
            format,
            width,
            height,
            strides,
            data,
            timestamp_us: 0,
        };
        let region = Region {
            left: next(3) as f32 / 2.0,
            top: 0.0,
            right: next(3) as f32 / 2.0,
            bottom: 1.0,
        };
        // A bad frame may be refused, but a decoder panic caught and turned into an error is a failure too.
        match scanner.scan_region(&frame, region) {
            Ok(_) | Err(Error::InvalidFrame(_)) => {}
            Err(other) => panic!("a random frame gave {other:?}"),
        }
    }
}

#[test]
fn pdf417_byte_compaction_reads_on_across_ecis() {
    // The data codewords of a symbol that switches character sets (ECI 927) between
    // byte-compaction groups and before its last bytes: Shift JIS, GB 2312, ISO 8859-7,
    // Windows-1251, ISO 8859-2. rxing 0.9.3 took each ECI for the end of the byte data and
    // decoded the groups before it one codeword per byte (patches/rxing).
    let codewords = [
        40, 1, 927, 10, 901, 927, 20, 246, 877, 166, 106, 797, 927, 30, 927, 29, 415, 537, 357,
        329, 194, 927, 8, 927, 9, 225, 926, 899, 898, 927, 22, 144, 927, 4, 900, 913, 172, 925, 1,
        900,
    ];
    let decoded = rxing::pdf417::decoder::decoded_bit_stream_parser::decode(&codewords, "0")
        .expect("a well-formed symbol");
    assert_eq!(decoded.getText(), "AB点茗テ齄膀赧αђŹ");
}
