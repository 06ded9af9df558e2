//! The decoding strategy: which pictures rxing is shown, in which order, on which thread.
//!
//! Plain rxing reads one picture once. Camera frames need more: 2D symbols are tried on
//! the frame and on a half-size copy (which smooths noise, blur and JPEG blocks and brings
//! large symbols into the detectors' range); 1D and PDF417 symbols, which rxing reads only
//! near rows and columns, are also tried on copies turned in 30° steps so that every
//! angle is within reach. The two groups run on two threads at once. Every call into
//! rxing is isolated with `catch_unwind`, and no new pass starts after the deadline.

use std::any::Any;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use rxing::common::HybridBinarizer;
use rxing::multi::{GenericMultipleBarcodeReader, MultipleBarcodeReader};
use rxing::{
    BinaryBitmap, DecodeHints, Luma8Source, MultiUseMultiFormatReader, RXingResult, Reader,
};

use crate::{Error, Result};

use super::format::BarcodeFormat;
use super::picture::GrayImage;
use super::result::{NormalizedPoint, ScanResult};
use super::text::conventional_text;

/// Working pictures smaller than this on their short side are not shrunk further.
const MIN_DOWNSCALED_SIDE: usize = 240;

/// One look at the picture: a transformation, then rxing.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pass {
    /// The picture as it is.
    Direct,
    /// Shrunk by an integer factor.
    Downscaled(usize),
    /// Shrunk by an integer factor, then turned by the angle in degrees.
    Rotated(usize, f32),
}

impl Pass {
    fn picture(self, image: &GrayImage) -> Option<GrayImage> {
        let shrink = |factor: usize| {
            (image.width.min(image.height) / factor >= MIN_DOWNSCALED_SIDE)
                .then(|| image.downscaled(factor))
        };
        match self {
            Pass::Direct => Some(image.clone()),
            Pass::Downscaled(factor) => shrink(factor),
            Pass::Rotated(factor, degrees) => Some(
                shrink(factor)
                    .unwrap_or_else(|| image.clone())
                    .rotated(degrees),
            ),
        }
    }
}

/// The passes for one group of formats, cheapest and most likely first; `turned` adds turned copies.
fn passes(turned: bool, image: &GrayImage) -> Vec<Pass> {
    // Turned copies of large frames are made from a half-size picture to bound their cost.
    let factor = if image.width.max(image.height) > 1400 {
        2
    } else {
        1
    };
    if turned {
        // rxing reads rows and columns; turns in 30° steps bring every angle within 15° of one.
        let turn = |degrees| Pass::Rotated(factor, degrees);
        vec![
            Pass::Direct,
            turn(30.0),
            turn(60.0),
            turn(120.0),
            turn(150.0),
            Pass::Downscaled(2),
        ]
    } else {
        vec![Pass::Direct, Pass::Downscaled(2), Pass::Downscaled(3)]
    }
}

/// Decodes every wanted symbol in `image`, whose `to_frame` maps into a frame of
/// `frame_size` pixels. Stops starting new passes at `deadline`.
pub(crate) fn decode(
    image: &GrayImage,
    frame_size: (usize, usize),
    formats: &[BarcodeFormat],
    deadline: Instant,
) -> Result<Vec<ScanResult>> {
    let (turned, matrix): (Vec<_>, Vec<_>) = formats.iter().partition(|f| read_along_lines(**f));
    let groups: Vec<(bool, Vec<BarcodeFormat>)> = [(false, matrix), (true, turned)]
        .into_iter()
        .filter(|(_, group)| !group.is_empty())
        .collect();
    let outcomes: Vec<GroupOutcome> = match groups.as_slice() {
        [] => Vec::new(),
        [(turned, group)] => vec![decode_group(image, *turned, group, deadline)],
        _ => std::thread::scope(|scope| {
            let handles: Vec<_> = groups
                .iter()
                .map(|(turned, group)| {
                    scope.spawn(move || decode_group(image, *turned, group, deadline))
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle.join().unwrap_or_else(|payload| GroupOutcome {
                        results: Vec::new(),
                        failure: Some(panic_message(payload.as_ref())),
                    })
                })
                .collect()
        }),
    };
    let mut seen = HashSet::new();
    let mut results = Vec::new();
    let mut failure = None;
    for outcome in outcomes {
        failure = failure.or(outcome.failure);
        for result in outcome.results {
            if seen.insert((result.format, result.text.clone())) {
                results.push(normalise(result, frame_size));
            }
        }
    }
    match failure {
        Some(message) if results.is_empty() => Err(Error::DecoderFailed(message)),
        _ => Ok(results),
    }
}

/// Symbologies rxing finds only when they lie near a row or column: 1D codes and stacked PDF417.
fn read_along_lines(format: BarcodeFormat) -> bool {
    format.is_linear() || format == BarcodeFormat::Pdf417
}

/// Results in frame pixels, and the message of a decoder panic if one happened.
struct GroupOutcome {
    results: Vec<ScanResult>,
    failure: Option<String>,
}

fn decode_group(
    image: &GrayImage,
    turned: bool,
    formats: &[BarcodeFormat],
    deadline: Instant,
) -> GroupOutcome {
    let hints = DecodeHints {
        PossibleFormats: Some(formats.iter().map(|f| f.to_rxing()).collect()),
        TryHarder: Some(true),
        AlsoInverted: Some(!turned),
        ReturnCodabarStartEnd: Some(true),
        ..DecodeHints::default()
    };
    let mut failure = None;
    for pass in passes(turned, image) {
        if Instant::now() >= deadline {
            break;
        }
        let Some(picture) = pass.picture(image) else {
            continue;
        };
        match catch_unwind(AssertUnwindSafe(|| read_all(&picture, &hints))) {
            Ok(found) if !found.is_empty() => {
                return GroupOutcome {
                    results: found,
                    failure,
                }
            }
            Ok(_) => {}
            Err(payload) => failure = Some(panic_message(payload.as_ref())),
        }
    }
    GroupOutcome {
        results: Vec::new(),
        failure,
    }
}

/// Every symbol rxing finds in `picture`, in frame pixels.
fn read_all(picture: &GrayImage, hints: &DecodeHints) -> Vec<ScanResult> {
    let (Ok(width), Ok(height)) = (u32::try_from(picture.width), u32::try_from(picture.height))
    else {
        return Vec::new();
    };
    let Ok(source) = Luma8Source::new_with_slice(&picture.data, width, height) else {
        return Vec::new();
    };
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let mut reader = GenericMultipleBarcodeReader::new(MultiUseMultiFormatReader::default());
    reader
        .decode_multiple_with_hints(&mut bitmap, hints)
        .unwrap_or_default()
        .iter()
        .filter_map(|found| to_result(found, picture))
        .filter(|result| !needs_confirmation(result.format) || confirmed(picture, result))
        .collect()
}

/// Short 1D codes with weak checks, which noise and printed text can imitate on one line.
fn needs_confirmation(format: BarcodeFormat) -> bool {
    matches!(
        format,
        BarcodeFormat::UpcE | BarcodeFormat::Ean8 | BarcodeFormat::Itf
    )
}

/// Whether a 1D read, given by its scan line in frame pixels, is repeated by a scan line
/// beside it: a real symbol's bars are tall enough to be read again a few pixels away.
fn confirmed(picture: &GrayImage, result: &ScanResult) -> bool {
    let to_picture = |p: &NormalizedPoint| picture.to_picture(p.x, p.y);
    let [a, b] = result.points.as_slice() else {
        return true;
    };
    let ((ax, ay), (bx, by)) = (to_picture(a), to_picture(b));
    let (dx, dy) = (bx - ax, by - ay);
    let length = dx.hypot(dy);
    let (gap, band, margin) = (2.0, (length * 0.1).max(6.0), length * 0.5 + 8.0);
    let (mid_x, mid_y) = ((ax + bx) / 2.0, (ay + by) / 2.0);
    let hints = DecodeHints {
        PossibleFormats: Some([result.format.to_rxing()].into()),
        TryHarder: Some(true),
        ReturnCodabarStartEnd: Some(true),
        ..DecodeHints::default()
    };
    let bands = if dx.abs() >= dy.abs() {
        let (left, right) = (ax.min(bx) - margin, ax.max(bx) + margin);
        [
            (left, mid_y - gap - band, right, mid_y - gap),
            (left, mid_y + gap, right, mid_y + gap + band),
        ]
    } else {
        let (top, bottom) = (ay.min(by) - margin, ay.max(by) + margin);
        [
            (mid_x - gap - band, top, mid_x - gap, bottom),
            (mid_x + gap, top, mid_x + gap + band, bottom),
        ]
    };
    bands.iter().any(|&(left, top, right, bottom)| {
        picture
            .cropped(left, top, right, bottom)
            .is_some_and(|crop| {
                read_one(&crop, &hints).is_some_and(|found| found.text == result.text)
            })
    })
}

/// The first symbol rxing finds in `picture`.
fn read_one(picture: &GrayImage, hints: &DecodeHints) -> Option<ScanResult> {
    let source = Luma8Source::new_with_slice(
        &picture.data,
        u32::try_from(picture.width).ok()?,
        u32::try_from(picture.height).ok()?,
    )
    .ok()?;
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let found = MultiUseMultiFormatReader::default()
        .decode_with_hints(&mut bitmap, hints)
        .ok()?;
    to_result(&found, picture)
}

/// An rxing result as a record, with its points in frame pixels.
fn to_result(found: &RXingResult, picture: &GrayImage) -> Option<ScanResult> {
    let format = BarcodeFormat::from_rxing(*found.getBarcodeFormat())?;
    let points = found
        .getPoints()
        .iter()
        .map(|p| {
            let (x, y) = picture.to_frame.apply(p.x, p.y);
            NormalizedPoint { x, y }
        })
        .collect();
    let text = conventional_text(format, found.getText().to_owned());
    Some(ScanResult {
        format,
        text,
        raw_bytes: found.getRawBytes().to_vec(),
        points,
    })
}

fn normalise(mut result: ScanResult, (width, height): (usize, usize)) -> ScanResult {
    for point in &mut result.points {
        point.x = (point.x / width as f32).clamp(0.0, 1.0);
        point.y = (point.y / height as f32).clamp(0.0, 1.0);
    }
    result
}

pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic without a message".to_owned())
}
