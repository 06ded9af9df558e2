//! Quiet zones of short linear reads. A slanted scan line through the middle of an EAN-13 or
//! UPC-A symbol can read an EAN-8 or UPC-E symbol out of part of its bars, check digit and
//! all; rxing only checks a guard's width of light ground beside the guards. A short read
//! stands only when the ground beyond both of its guards stays light for a few modules more.

use crate::format::BarcodeFormat;
use crate::picture::GrayImage;

/// The light ground checked beyond each guard, in modules.
const QUIET_MODULES: f32 = 5.0;
/// It starts this many modules beyond the read's end point (the middle of its guard; UPC-E's
/// end guard is six modules wide).
const GUARD_MODULES: f32 = 3.5;
/// This many changes between dark and light in the ground beyond a guard: more bars.
const MAX_CHANGES: usize = 1;

/// Modules between the two end points rxing gives (the middles of the two guards), for the
/// short symbologies whose quiet zones are checked.
fn modules_between_guards(format: BarcodeFormat) -> Option<f32> {
    match format {
        // 67 modules: 3 guard, 4 digits of 7, 5 centre guard, 4 digits, 3 guard.
        BarcodeFormat::Ean8 => Some(64.0),
        // 51 modules: 3 guard, 6 digits of 7, 6 end guard.
        BarcodeFormat::UpcE => Some(46.5),
        _ => None,
    }
}

/// Whether a read of `format` between the picture points `a` and `b` has light ground beyond
/// both ends. Reads of other symbologies, and ground beyond the picture's border, pass.
pub(crate) fn has_quiet_zones(
    picture: &GrayImage,
    format: BarcodeFormat,
    a: (f32, f32),
    b: (f32, f32),
) -> bool {
    let Some(modules) = modules_between_guards(format) else {
        return true;
    };
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = dx.hypot(dy);
    if length < 1.0 {
        return true;
    }
    let module = length / modules;
    // Samples every half module or pixel, whichever is shorter.
    let step = (module / 2.0).min(1.0);
    let (ux, uy) = (dx / length, dy / length);
    let along = |from: (f32, f32), start: f32, end: f32| -> Vec<u8> {
        let count = ((end - start) / step).ceil().max(0.0) as usize;
        (0..count)
            .filter_map(|i| {
                let t = start + i as f32 * step;
                picture.pixel(from.0 + ux * t, from.1 + uy * t)
            })
            .collect()
    };
    let read = along(a, 0.0, length);
    let (Some(&dark), Some(&light)) = (read.iter().min(), read.iter().max()) else {
        return true;
    };
    let threshold = (u16::from(dark) + u16::from(light)) / 2;
    let changes = |samples: Vec<u8>| {
        let bits: Vec<bool> = samples.iter().map(|&v| u16::from(v) < threshold).collect();
        bits.windows(2).filter(|pair| pair[0] != pair[1]).count()
    };
    let (near, far) = (
        GUARD_MODULES * module,
        (GUARD_MODULES + QUIET_MODULES) * module,
    );
    let before = along(a, -far, -near);
    let after = along(b, near, far);
    changes(before) <= MAX_CHANGES && changes(after) <= MAX_CHANGES
}
