//! The decoding strategy: which pictures rxing is shown, in which order, on which thread.
//!
//! Most camera codes are large and plain, so the first look is the cheapest: one picture
//! shrunk to about 360 pixels on its short side, read once without rxing's exhaustive
//! search. A frame where that finds nothing goes on to cheap proposals, one after the
//! other: crops around patches of parallel bars turned upright (rxing reads 1D and PDF417
//! symbols along rows only) and crops centred on Aztec bullseyes, turned upright (rxing's
//! Aztec detector looks only at the picture's centre, along its axes). Only then come the
//! long passes, on two threads (matrix codes; linear codes and PDF417) that both stop at
//! the first hit: the exhaustive search, the full resolution, another binarizer, other
//! scales and fixed turns. Every call into rxing is isolated with `catch_unwind`, and no
//! pass starts after the deadline.

use std::any::Any;
use std::borrow::Cow;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::{Error, Result};

use crate::aztec_grid::read_on_grid;
use crate::bars::find_bar_patches;
use crate::bullseye::{find_bullseyes, Bullseye};
use crate::dm_grid;
use crate::format::BarcodeFormat;
use crate::gradient::grid_angle;
use crate::picture::GrayImage;
use crate::reader::{read, with_bits, Look, Threshold};
use crate::result::ScanResult;
use crate::rune::read_rune;

/// The first look is at a picture shrunk to about this many pixels on its short side.
const QUICK_SIDE: usize = 360;
/// Pictures smaller than this on their short side are also read enlarged.
const SMALL_SIDE: usize = 300;
/// Shrunk fallback pictures keep at least this many pixels on their short side.
const MIN_SHRUNK_SIDE: usize = 100;
/// Crops around bullseyes are shrunk to about this many pixels per module, tried in turn
/// (module sizes measured on a blurred bullseye are rough).
const PIXELS_PER_MODULE: [f32; 2] = [3.0, 4.5];
/// Small pictures are also read with margins of this share of their longer side, at
/// least [`MIN_MARGIN`] pixels.
const MARGIN_SHARE: usize = 10;
const MIN_MARGIN: usize = 8;
/// Crops around bar patches are shrunk to about this many pixels on their long side.
const BAR_CROP_SIDE: usize = 600;
/// Crops around bar patches grow by this share of the patch's longer side on each side.
const BAR_MARGIN: f32 = 0.2;

/// The pictures of one decode, and what the threads share.
struct Context<'a> {
    /// The picture as given (the frame or a region of it).
    image: &'a GrayImage,
    /// `image` shrunk by `quick_factor`.
    quick: Cow<'a, GrayImage>,
    quick_factor: usize,
    deadline: Instant,
    /// Set by the first pass that finds something: no further pass starts.
    done: AtomicBool,
    /// Search every symbol in a look, not just the first.
    every: bool,
}

impl Context<'_> {
    fn read(&self, picture: &GrayImage, formats: &[BarcodeFormat], look: Look) -> Vec<ScanResult> {
        let look = Look {
            small: is_small(self),
            ..look
        };
        read(picture, formats, look, self.every)
    }
}

/// One fallback look.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pass {
    /// The quick picture again, looked at differently.
    Quick(Look),
    /// The picture at full resolution; only when the quick picture is shrunk.
    Full(Look),
    /// The picture shrunk by a factor (smooths noise, blur and JPEG blocks).
    Shrunk(usize, Look),
    /// The picture enlarged 2×; only for small pictures, whose modules are a pixel or two.
    Enlarged(Look),
    /// The picture mirrored; only for small pictures (a mirrored PDF417 symbol reads as nothing else).
    Mirrored(Look),
    /// The picture with quiet zones added; only for small pictures, often cropped tight to a linear symbol.
    Padded(Look),
    /// The picture lightened; only for small pictures, whose bars ink spread or blur may have merged.
    Lightened(Look),
    /// Crops centred on Aztec bullseyes, where rxing's Aztec detector looks; then the
    /// symbols around the bullseyes sampled on our own grid, and Aztec runes.
    Bullseyes,
    /// The Data Matrix symbol filling the quick picture, sampled on our own grid.
    DataMatrixGrid,
    /// Crops around patches of parallel bars, turned so that the bars stand upright.
    BarPatches,
    /// The quick picture turned by the angle in degrees.
    Turned(f32),
}

/// Decodes up to `max_symbols` wanted symbols in `image`, whose `to_frame` maps into a
/// frame of `frame_size` pixels. Stops starting new passes at `deadline`.
pub(crate) fn decode(
    image: &GrayImage,
    frame_size: (usize, usize),
    formats: &[BarcodeFormat],
    max_symbols: usize,
    deadline: Instant,
) -> Result<Vec<ScanResult>> {
    let quick_factor = (image.width.min(image.height) / QUICK_SIDE).max(1);
    let context = Context {
        image,
        quick: if quick_factor > 1 {
            Cow::Owned(image.downscaled(quick_factor))
        } else {
            Cow::Borrowed(image)
        },
        quick_factor,
        deadline,
        done: AtomicBool::new(false),
        every: max_symbols > 1,
    };
    let first = guarded(|| context.read(&context.quick, formats, Look::QUICK));
    let outcomes = match first {
        Ok(found) if !found.is_empty() => vec![Outcome {
            results: found,
            failure: None,
        }],
        first => {
            let mut outcomes = fallbacks(&context, formats);
            if let Err(message) = first {
                outcomes.push(Outcome {
                    results: Vec::new(),
                    failure: Some(message),
                });
            }
            outcomes
        }
    };
    let mut seen = HashSet::new();
    let mut results = Vec::new();
    let mut failure = None;
    for outcome in outcomes {
        failure = failure.or(outcome.failure);
        for result in outcome.results {
            if results.len() < max_symbols && seen.insert((result.format, result.text.clone())) {
                results.push(normalise(result, frame_size));
            }
        }
    }
    match failure {
        Some(message) if results.is_empty() => Err(Error::DecoderFailed(message)),
        _ => Ok(results),
    }
}

/// Results in frame pixels, and the message of a decoder panic if one happened.
struct Outcome {
    results: Vec<ScanResult>,
    failure: Option<String>,
}

/// The fallbacks. First the cheap proposals, one after the other: most frames the quick
/// look misses hold a turned linear symbol or an off-centre Aztec symbol, found there in a
/// few milliseconds without waiting for a long pass on another thread. Then the long
/// passes, matrix codes on one thread and symbols read along rows on another.
fn fallbacks(context: &Context<'_>, formats: &[BarcodeFormat]) -> Vec<Outcome> {
    let (along_rows, matrix): (Vec<_>, Vec<_>) = formats.iter().partition(|f| read_along_rows(**f));
    let proposals = [
        (!along_rows.is_empty()).then(|| (Pass::BarPatches, along_rows.clone())),
        matrix
            .contains(&BarcodeFormat::Aztec)
            .then(|| (Pass::Bullseyes, vec![BarcodeFormat::Aztec])),
    ];
    let mut outcomes = Vec::new();
    for (pass, group) in proposals.into_iter().flatten() {
        let outcome = run_passes(context, &[pass], &group);
        let found = !outcome.results.is_empty();
        outcomes.push(outcome);
        if found {
            return outcomes;
        }
    }
    let groups: Vec<(Vec<Pass>, Vec<BarcodeFormat>)> = [
        (matrix_passes(context), matrix),
        (row_passes(context), along_rows),
    ]
    .into_iter()
    .filter(|(_, group)| !group.is_empty())
    .collect();
    let long = match groups.as_slice() {
        [] => Vec::new(),
        [(passes, group)] => vec![run_passes(context, passes, group)],
        _ => std::thread::scope(|scope| {
            let handles: Vec<_> = groups
                .iter()
                .map(|(passes, group)| scope.spawn(move || run_passes(context, passes, group)))
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle.join().unwrap_or_else(|payload| Outcome {
                        results: Vec::new(),
                        failure: Some(panic_message(payload.as_ref())),
                    })
                })
                .collect()
        }),
    };
    outcomes.extend(long);
    outcomes
}

/// Symbologies rxing finds only when they lie near a row or column: 1D codes and stacked PDF417.
fn read_along_rows(format: BarcodeFormat) -> bool {
    format.is_linear() || format == BarcodeFormat::Pdf417
}

fn is_small(context: &Context<'_>) -> bool {
    context.image.width.min(context.image.height) < SMALL_SIDE
}

fn matrix_passes(context: &Context<'_>) -> Vec<Pass> {
    let global = Look::THOROUGH.with_threshold(Threshold::Global);
    let mut passes = vec![Pass::Quick(Look::THOROUGH)];
    if context.quick_factor > 1 {
        passes.push(Pass::Full(Look::THOROUGH));
    }
    if is_small(context) {
        passes.push(Pass::Enlarged(Look::THOROUGH));
    }
    passes.push(Pass::Quick(global));
    passes.extend([2, 3].map(|factor| Pass::Shrunk(factor * context.quick_factor, Look::THOROUGH)));
    passes.push(Pass::Quick(Look::QUICK.pure()));
    if is_small(context) {
        passes.push(Pass::Enlarged(global));
    }
    passes.push(Pass::DataMatrixGrid);
    passes
}

fn row_passes(context: &Context<'_>) -> Vec<Pass> {
    let thorough = Look {
        inverted: false,
        ..Look::THOROUGH
    };
    let mut passes = vec![Pass::Quick(thorough)];
    if context.quick_factor > 1 {
        passes.push(Pass::Full(thorough));
    }
    passes.push(Pass::Quick(thorough.with_threshold(Threshold::Global)));
    if is_small(context) {
        passes.extend([
            Pass::Enlarged(thorough),
            Pass::Padded(thorough),
            Pass::Mirrored(thorough),
            Pass::Lightened(thorough),
        ]);
    }
    // rxing reads rows and columns (trying harder); turns in 30° steps bring every angle within 15° of one.
    passes.extend([30.0, 60.0, 120.0, 150.0].map(Pass::Turned));
    passes.push(Pass::Shrunk(2 * context.quick_factor, thorough));
    passes
}

/// Runs `passes` until one finds something, the deadline passes or the other thread is done.
fn run_passes(context: &Context<'_>, passes: &[Pass], formats: &[BarcodeFormat]) -> Outcome {
    let mut failure = None;
    for &pass in passes {
        if Instant::now() >= context.deadline || context.done.load(Ordering::Acquire) {
            break;
        }
        match guarded(|| run_pass(context, pass, formats)) {
            Ok(found) if !found.is_empty() => {
                context.done.store(true, Ordering::Release);
                return Outcome {
                    results: found,
                    failure,
                };
            }
            Ok(_) => {}
            Err(message) => failure = Some(message),
        }
    }
    Outcome {
        results: Vec::new(),
        failure,
    }
}

fn run_pass(context: &Context<'_>, pass: Pass, formats: &[BarcodeFormat]) -> Vec<ScanResult> {
    let image = context.image;
    match pass {
        Pass::Quick(look) => context.read(&context.quick, formats, look),
        Pass::Full(look) => context.read(image, formats, look),
        Pass::Shrunk(factor, look) => {
            if image.width.min(image.height) / factor < MIN_SHRUNK_SIDE {
                return Vec::new();
            }
            context.read(&image.downscaled(factor), formats, look)
        }
        Pass::Enlarged(look) => context.read(&image.enlarged(2), formats, look),
        Pass::Mirrored(look) => context.read(&image.mirrored(), formats, look),
        Pass::Lightened(look) => context.read(&image.lightened(), formats, look),
        Pass::Padded(look) => {
            let margin = (image.width.max(image.height) / MARGIN_SHARE).max(MIN_MARGIN);
            context.read(&image.padded(margin), formats, look)
        }
        Pass::Bullseyes => {
            let eyes = bullseyes(context);
            let symbol = eyes
                .iter()
                .flat_map(|&eye| bullseye_crops(image, eye))
                .map(|crop| context.read(&crop, &[BarcodeFormat::Aztec], Look::THOROUGH))
                .find(|found| !found.is_empty());
            let on_grid = || {
                eyes.iter()
                    .find_map(|&eye| read_on_grid(image, eye).or_else(|| read_rune(image, eye)))
                    .map(|found| vec![found])
            };
            symbol.or_else(on_grid).unwrap_or_default()
        }
        Pass::DataMatrixGrid => formats
            .contains(&BarcodeFormat::DataMatrix)
            .then(|| dm_grid::read_on_grid(&context.quick))
            .flatten()
            .into_iter()
            .collect(),
        Pass::BarPatches => bar_crops(context)
            .map(|crop| context.read(&crop, formats, Look::QUICK))
            .find(|found| !found.is_empty())
            .unwrap_or_default(),
        Pass::Turned(degrees) => context.read(
            &context.quick.rotated(degrees),
            formats,
            Look {
                inverted: false,
                ..Look::THOROUGH
            },
        ),
    }
}

/// Bullseyes in picture pixels (centre and module size), found in the quick picture and in
/// a half-size copy of it (which smooths the noise that breaks rings apart), best first.
fn bullseyes(context: &Context<'_>) -> Vec<Bullseye> {
    let half = context.quick.downscaled(2);
    let mut found: Vec<Bullseye> = Vec::new();
    for (picture, scale) in [(&*context.quick, 1.0), (&half, 2.0)] {
        let scale = scale * context.quick_factor as f32;
        for eye in with_bits(picture, find_bullseyes).unwrap_or_default() {
            let eye = Bullseye {
                x: eye.x * scale,
                y: eye.y * scale,
                module: eye.module * scale,
            };
            if found
                .iter()
                .all(|seen| (seen.x - eye.x).hypot(seen.y - eye.y) > 2.0 * seen.module)
            {
                found.push(eye);
            }
        }
    }
    found
}

/// Square crops of the picture centred on `eye`, as large as the picture allows around it
/// (a symbol in view fits), shrunk to a few pixels per module and turned upright.
fn bullseye_crops<'c>(image: &'c GrayImage, eye: Bullseye) -> impl Iterator<Item = GrayImage> + 'c {
    let (width, height) = (image.width as f32, image.height as f32);
    let half = eye.x.min(width - eye.x).min(eye.y).min(height - eye.y);
    let crop = (half >= eye.module * 6.0)
        .then(|| image.cropped(eye.x - half, eye.y - half, eye.x + half, eye.y + half))
        .flatten();
    let mut shrinks: Vec<usize> = PIXELS_PER_MODULE
        .iter()
        .map(|pixels| (eye.module / pixels).floor().max(1.0) as usize)
        .collect();
    shrinks.dedup();
    shrinks
        .into_iter()
        .filter_map(move |shrink| crop.as_ref().map(|crop| upright(crop.downscaled(shrink))))
}

/// `crop` turned so that its grid of square modules stands upright: rxing's Aztec
/// detector samples the bullseye along the picture's axes and fails past a few degrees.
fn upright(crop: GrayImage) -> GrayImage {
    match grid_angle(&crop) {
        Some(degrees) if degrees.abs() >= 2.0 => crop.rotated(degrees),
        _ => crop,
    }
}

/// Crops of the picture around bar patches found in the quick picture, turned upright.
fn bar_crops<'c>(context: &'c Context<'_>) -> impl Iterator<Item = GrayImage> + 'c {
    let scale = context.quick_factor as f32;
    find_bar_patches(&context.quick)
        .into_iter()
        .filter_map(move |patch| {
            let margin = BAR_MARGIN * (patch.right - patch.left).max(patch.bottom - patch.top);
            let crop = context.image.cropped(
                (patch.left - margin) * scale,
                (patch.top - margin) * scale,
                (patch.right + margin) * scale,
                (patch.bottom + margin) * scale,
            )?;
            // Long crops are shrunk first: the bars stay a few pixels wide, the turn gets cheaper.
            let shrink = crop.width.max(crop.height).div_ceil(BAR_CROP_SIDE).max(1);
            Some(crop.downscaled(shrink).rotated(patch.degrees))
        })
}

/// `job`'s answer, or the message of its panic.
fn guarded<T>(job: impl FnOnce() -> T) -> std::result::Result<T, String> {
    catch_unwind(AssertUnwindSafe(job)).map_err(|payload| panic_message(payload.as_ref()))
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
