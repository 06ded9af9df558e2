//! One look at one picture with rxing: binarize once, try the wanted symbologies cheapest
//! and most telling first, and turn rxing's results into records in frame pixels.

use std::collections::HashSet;

use rxing::common::{BitMatrix, GlobalHistogramBinarizer, HybridBinarizer};
use rxing::multi::{GenericMultipleBarcodeReader, MultipleBarcodeReader};
use rxing::{
    Binarizer, BinaryBitmap, DecodeHints, Luma8Source, MultiUseMultiFormatReader, RXingResult,
    Reader,
};

use crate::format::{BarcodeFormat, RxingFormat};
use crate::picture::GrayImage;
use crate::quiet::stands_alone;
use crate::result::{NormalizedPoint, ScanResult};
use crate::text::{conventional_text, without_structured_append};

/// How grey becomes black and white.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Threshold {
    /// rxing's hybrid binarizer: a threshold per 8×8 block from its neighbourhood.
    Local,
    /// One threshold per row (1D) or picture (2D) from the histogram: better on smooth,
    /// low-contrast or blurred symbols where local thresholds break modules apart.
    Global,
}

/// The ITF lengths read (rxing's default and anything longer than 14), with four digits
/// too: short reads must have quiet zones beyond both guards (see [`stands_alone`]).
const ITF_LENGTHS: [u32; 6] = [4, 6, 8, 10, 12, 14];

/// What rxing is told for one look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Look {
    pub(crate) threshold: Threshold,
    /// rxing's exhaustive search: every row for 1D codes, more finder candidates for 2D ones.
    pub(crate) try_harder: bool,
    /// Also try light symbols on dark ground.
    pub(crate) inverted: bool,
    /// The picture is nothing but the symbol (synthetic pictures, tight crops).
    pub(crate) pure: bool,
    /// The picture is a small photo of the symbol, where blur is wide against the modules:
    /// a 1D read is also checked against the lines beside it darkened (see [`stands`]).
    pub(crate) small: bool,
}

impl Look {
    pub(crate) const QUICK: Look = Look {
        threshold: Threshold::Local,
        try_harder: false,
        inverted: false,
        pure: false,
        small: false,
    };

    pub(crate) const THOROUGH: Look = Look {
        threshold: Threshold::Local,
        try_harder: true,
        inverted: true,
        pure: false,
        small: false,
    };

    pub(crate) fn with_threshold(self, threshold: Threshold) -> Look {
        Look { threshold, ..self }
    }

    pub(crate) fn pure(self) -> Look {
        Look { pure: true, ..self }
    }

    fn hints(self, formats: &[BarcodeFormat]) -> DecodeHints {
        DecodeHints {
            PossibleFormats: Some(formats.iter().map(|f| f.to_rxing()).collect()),
            TryHarder: Some(self.try_harder),
            AlsoInverted: Some(self.inverted),
            PureBarcode: Some(self.pure),
            ReturnCodabarStartEnd: Some(true),
            AllowedLengths: Some(ITF_LENGTHS.to_vec()),
            ..DecodeHints::default()
        }
    }
}

/// The wanted symbols rxing finds in `picture` with `look`, in frame pixels: the first one
/// only when `every` is false (much cheaper: the rest of the picture is not searched again).
pub(crate) fn read(
    picture: &GrayImage,
    formats: &[BarcodeFormat],
    look: Look,
    every: bool,
) -> Vec<ScanResult> {
    let hints = look.hints(formats);
    let reader = OrderedReader::new(formats);
    let found = match look.threshold {
        Threshold::Local => with_bitmap(picture, HybridBinarizer::new, |bitmap| {
            search(reader, bitmap, &hints, every)
        }),
        Threshold::Global => with_bitmap(picture, GlobalHistogramBinarizer::new, |bitmap| {
            search(reader, bitmap, &hints, every)
        }),
    };
    found
        .and_then(Result::ok)
        .unwrap_or_default()
        .iter()
        .filter_map(|found| to_result(found, picture))
        .filter(|result| stands(picture, result, look.small))
        .collect()
}

fn search<B: Binarizer>(
    mut reader: OrderedReader,
    bitmap: &mut BinaryBitmap<B>,
    hints: &DecodeHints,
    every: bool,
) -> rxing::common::Result<Vec<RXingResult>> {
    if every {
        GenericMultipleBarcodeReader::new(reader).decode_multiple_with_hints(bitmap, hints)
    } else {
        reader
            .decode_with_hints(bitmap, hints)
            .map(|found| vec![found])
    }
}

/// The first symbol rxing finds in `picture`.
fn read_one(picture: &GrayImage, formats: &[BarcodeFormat], look: Look) -> Option<ScanResult> {
    let hints = look.hints(formats);
    let found = with_bitmap(picture, HybridBinarizer::new, |bitmap| {
        OrderedReader::new(formats).decode_with_hints(bitmap, &hints)
    })?
    .ok()?;
    to_result(&found, picture)
}

/// Runs `find` on the picture binarized the way the readers see it (dark = set).
pub(crate) fn with_bits<T>(picture: &GrayImage, find: impl FnOnce(&BitMatrix) -> T) -> Option<T> {
    with_bitmap(picture, HybridBinarizer::new, |bitmap| {
        find(bitmap.get_black_matrix())
    })
}

/// Runs `read` on `picture` binarized by `binarizer`; `None` for pictures rxing cannot take.
fn with_bitmap<'a, B, T>(
    picture: &'a GrayImage,
    binarizer: impl FnOnce(Luma8Source<'a>) -> B,
    read: impl FnOnce(&mut BinaryBitmap<B>) -> T,
) -> Option<T>
where
    B: Binarizer,
{
    let source = Luma8Source::new_with_slice(
        &picture.data,
        u32::try_from(picture.width).ok()?,
        u32::try_from(picture.height).ok()?,
    )
    .ok()?;
    Some(read(&mut BinaryBitmap::new(binarizer(source))))
}

/// Tries the wanted symbologies one family at a time, cheapest rejection first: the QR,
/// Data Matrix and Aztec finders reject a picture quickly, the 1D row scans next, PDF417's
/// detector (the slowest) last. rxing's own order scans rows with nine 1D decoders before
/// looking for a QR finder unless trying harder, and then scans every row last.
struct OrderedReader {
    families: Vec<Vec<rxing::BarcodeFormat>>,
    inner: MultiUseMultiFormatReader,
}

impl OrderedReader {
    fn new(formats: &[BarcodeFormat]) -> Self {
        let single =
            |format: BarcodeFormat| formats.contains(&format).then(|| vec![format.to_rxing()]);
        let linear: Vec<_> = formats
            .iter()
            .filter(|f| f.is_linear())
            .map(|f| f.to_rxing())
            .collect();
        let families = [
            single(BarcodeFormat::QrCode),
            single(BarcodeFormat::DataMatrix),
            single(BarcodeFormat::Aztec),
            (!linear.is_empty()).then_some(linear),
            single(BarcodeFormat::Pdf417),
        ]
        .into_iter()
        .flatten()
        .collect();
        OrderedReader {
            families,
            inner: MultiUseMultiFormatReader::default(),
        }
    }
}

impl Reader for OrderedReader {
    fn decode<B: Binarizer>(
        &mut self,
        image: &mut BinaryBitmap<B>,
    ) -> rxing::common::Result<RXingResult> {
        self.decode_with_hints(image, &DecodeHints::default())
    }

    fn decode_with_hints<B: Binarizer>(
        &mut self,
        image: &mut BinaryBitmap<B>,
        hints: &DecodeHints,
    ) -> rxing::common::Result<RXingResult> {
        let mut last = Err(rxing::Exceptions::NOT_FOUND);
        for family in &self.families {
            let family_hints = DecodeHints {
                PossibleFormats: Some(family.iter().copied().collect::<HashSet<_>>()),
                ..hints.clone()
            };
            last = self.inner.decode_with_hints(image, &family_hints);
            if last.is_ok() {
                return last;
            }
        }
        last
    }
}

/// Short 1D codes with weak checks, which noise and printed text can imitate on one line.
fn needs_confirmation(format: BarcodeFormat) -> bool {
    matches!(
        format,
        BarcodeFormat::UpcE | BarcodeFormat::Ean8 | BarcodeFormat::Itf
    )
}

/// Whether a read stands. A short 1D read needs light ground beyond its guards (it may be
/// part of a longer symbol otherwise). A 1D read is checked against the scan lines beside it,
/// in a `small` picture also darkened (where blur has merged bars, a threshold nearer the
/// ink changes the widths a systematic misread comes from; on the small modules of a
/// symbol far away in a frame, darkened noise reads wrong texts): when one of them reads
/// another text of the same symbology over the same bars, the symbol is ambiguous and
/// dropped rather than guessed; the short codes with weak checks must also be read again
/// there (a real symbol's bars are tall enough to be read a few pixels away).
fn stands(picture: &GrayImage, result: &ScanResult, small: bool) -> bool {
    if !result.format.is_linear() {
        return true;
    }
    if let [a, b] = result.points.as_slice() {
        let (a, b) = (picture.to_picture(a.x, a.y), picture.to_picture(b.x, b.y));
        if !stands_alone(picture, (result.format, &result.text), a, b) {
            return false;
        }
    }
    let Some(beside) = reads_beside(picture, result, small) else {
        return true;
    };
    if beside.iter().any(|other| other.text != result.text) {
        return false;
    }
    !needs_confirmation(result.format) || !beside.is_empty()
}

/// The reads of the same symbology in two bands beside a 1D read's scan line (given in frame
/// pixels), each as it is and, when `darkened`, darkened too, those whose scan line crosses
/// the read's own; `None` when the read has no line.
fn reads_beside(
    picture: &GrayImage,
    result: &ScanResult,
    darkened: bool,
) -> Option<Vec<ScanResult>> {
    let to_picture = |p: &NormalizedPoint| picture.to_picture(p.x, p.y);
    let [a, b] = result.points.as_slice() else {
        return None;
    };
    let ((ax, ay), (bx, by)) = (to_picture(a), to_picture(b));
    let (dx, dy) = (bx - ax, by - ay);
    let length = dx.hypot(dy);
    let (gap, band, margin) = (2.0, (length * 0.1).max(6.0), length * 0.5 + 8.0);
    let (mid_x, mid_y) = ((ax + bx) / 2.0, (ay + by) / 2.0);
    let look = Look {
        try_harder: true,
        ..Look::QUICK
    };
    let along_rows = dx.abs() >= dy.abs();
    let bands = if along_rows {
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
    // Another read crosses this one when its middle lies within this read's span.
    let span = if along_rows { (ax.min(bx), ax.max(bx)) } else { (ay.min(by), ay.max(by)) };
    let crosses = |other: &ScanResult| {
        let points: Vec<(f32, f32)> = other.points.iter().map(to_picture).collect();
        let Some(middle) = (!points.is_empty()).then(|| {
            let along = points.iter().map(|&(x, y)| if along_rows { x } else { y });
            along.sum::<f32>() / points.len() as f32
        }) else {
            return false;
        };
        (span.0..=span.1).contains(&middle)
    };
    Some(
        bands
            .iter()
            .filter_map(|&(left, top, right, bottom)| picture.cropped(left, top, right, bottom))
            .flat_map(|crop| [darkened.then(|| crop.darkened()), Some(crop)])
            .flatten()
            .filter_map(|crop| read_one(&crop, &[result.format], look))
            .filter(crosses)
            .collect(),
    )
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
    let raw_bytes = found.getRawBytes().to_vec();
    let text = without_structured_append(format, found.getText().to_owned(), &raw_bytes);
    let text = conventional_text(format, text);
    Some(ScanResult {
        format,
        text,
        raw_bytes,
        points,
    })
}
