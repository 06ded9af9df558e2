//! Quiet zones and bar heights of short linear reads. A slanted scan line through the middle of an EAN-13 or
//! UPC-A symbol can read an EAN-8 or UPC-E symbol out of part of its bars, check digit and
//! all, and a line through stray bars can read a four-digit ITF symbol (ITF has no check
//! digit); rxing only checks a guard's width of light ground beside the guards. A short read
//! stands only when the ground beyond both of its guards stays light for a few modules more,
//! and a four-digit ITF read only when its bars are also tall (its scan line may cross text).

use crate::format::BarcodeFormat;
use crate::picture::GrayImage;

/// The light ground checked beyond each guard, in modules.
const QUIET_MODULES: f32 = 5.0;
/// ITF reads of fewer digits than this are checked (rxing reads six or more unless told).
const SHORT_ITF: usize = 6;
/// This many changes between dark and light in the ground beyond a guard: more bars.
const MAX_CHANGES: usize = 1;
/// An ITF digit: three narrow and two wide bars or spaces, wide ones two to three modules.
const ITF_DIGIT_MODULES: f32 = 8.0;
/// A short ITF read's bars are compared on lines this share of its length above and below
/// it, and must agree with it on this share of their length.
const TALL_SHARE: f32 = 0.12;
const MIN_SAME: f32 = 0.85;

/// Where the ground beyond a short read's guards begins: the modules between the two end
/// points rxing gives, and the modules from an end point to the outer edge of its guard.
fn guards(format: BarcodeFormat, text: &str) -> Option<(f32, f32)> {
    match format {
        // 67 modules: 3 guard, 4 digits of 7, 5 centre guard, 4 digits, 3 guard; the end
        // points are the middles of the guards (UPC-E's end guard is six modules wide).
        BarcodeFormat::Ean8 => Some((64.0, 3.5)),
        // 51 modules: 3 guard, 6 digits of 7, 6 end guard.
        BarcodeFormat::UpcE => Some((46.5, 3.5)),
        // The end points are the inner edges of the start (4 modules) and stop (4 to 5) guards.
        BarcodeFormat::Itf if text.len() < SHORT_ITF => {
            Some((text.len() as f32 * ITF_DIGIT_MODULES, 5.5))
        }
        _ => None,
    }
}

/// Whether a read of `text` in `format` between the picture points `a` and `b` has light
/// ground beyond both ends, and, for a short ITF read, tall bars. Reads of other
/// symbologies and long ones, and ground beyond the picture's border, pass.
pub(crate) fn stands_alone(
    picture: &GrayImage,
    (format, text): (BarcodeFormat, &str),
    a: (f32, f32),
    b: (f32, f32),
) -> bool {
    let Some((modules, guard)) = guards(format, text) else {
        return true;
    };
    let Some(line) = Line::new(picture, a, b, modules) else {
        return true;
    };
    let read = line.along(a, 0.0, line.length);
    let Some(threshold) = threshold(&read) else {
        return true;
    };
    let changes = |samples: Vec<u8>| {
        let bits = dark(&samples, threshold);
        bits.windows(2).filter(|pair| pair[0] != pair[1]).count()
    };
    let (near, far) = (guard * line.module, (guard + QUIET_MODULES) * line.module);
    let quiet = changes(line.along(a, -far, -near)) <= MAX_CHANGES
        && changes(line.along(b, near, far)) <= MAX_CHANGES;
    quiet && (format != BarcodeFormat::Itf || has_tall_bars(&line, a, &dark(&read, threshold), threshold))
}

/// Whether the `bars` read along `line` from `a` go on across it, on lines [`TALL_SHARE`]
/// of its length above and below it, as a symbol's bars do (the strokes of printed text
/// between them do not).
fn has_tall_bars(line: &Line<'_>, a: (f32, f32), bars: &[bool], threshold: u16) -> bool {
    let offset = TALL_SHARE * line.length;
    [-offset, offset].into_iter().all(|offset| {
        let from = (a.0 - line.unit.1 * offset, a.1 + line.unit.0 * offset);
        let beside = dark(&line.along(from, 0.0, line.length), threshold);
        let same = beside.iter().zip(bars).filter(|(x, y)| x == y).count();
        beside.len() == bars.len() && same as f32 >= MIN_SAME * bars.len() as f32
    })
}

/// A read's scan line in the picture, sampled every half module or pixel.
struct Line<'p> {
    picture: &'p GrayImage,
    length: f32,
    module: f32,
    unit: (f32, f32),
    step: f32,
}

impl<'p> Line<'p> {
    /// The line from `a` to `b`, `modules` modules long; `None` when it is a point.
    fn new(picture: &'p GrayImage, a: (f32, f32), b: (f32, f32), modules: f32) -> Option<Self> {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length = dx.hypot(dy);
        (length >= 1.0).then(|| {
            let module = length / modules;
            Line {
                picture,
                length,
                module,
                unit: (dx / length, dy / length),
                step: (module / 2.0).min(1.0),
            }
        })
    }

    /// The greys from `start` to `end` along the line's direction through `from`, inside the picture.
    fn along(&self, from: (f32, f32), start: f32, end: f32) -> Vec<u8> {
        let count = ((end - start) / self.step).ceil().max(0.0) as usize;
        (0..count)
            .filter_map(|i| {
                let t = start + i as f32 * self.step;
                self.picture.pixel(from.0 + self.unit.0 * t, from.1 + self.unit.1 * t)
            })
            .collect()
    }
}

/// The grey halfway between the darkest and lightest of `samples`.
fn threshold(samples: &[u8]) -> Option<u16> {
    let (dark, light) = (samples.iter().min()?, samples.iter().max()?);
    Some((u16::from(*dark) + u16::from(*light)) / 2)
}

fn dark(samples: &[u8], threshold: u16) -> Vec<bool> {
    samples.iter().map(|&v| u16::from(v) < threshold).collect()
}
