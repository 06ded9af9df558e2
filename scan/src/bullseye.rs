//! Where Aztec symbols may be: their bullseye, concentric square rings of equal width.
//!
//! rxing's Aztec detector looks for the bullseye only around the middle of the picture, so
//! an Aztec symbol elsewhere in a camera frame is never found. This finds bullseye centres
//! anywhere; a crop centred on one puts the symbol where rxing looks.

use rxing::common::BitMatrix;

/// Runs crossed by a line through the bullseye centre: dark centre, then two light and two
/// dark rings on each side (compact symbols have exactly these, full ones two rings more).
const RINGS: usize = 9;
/// How far one run may be from the mean run width, as a share of it (blur thickens dark runs).
const RUN_TOLERANCE: f32 = 0.6;
/// At most this many candidates are returned, most confirmed first.
const MAX_CANDIDATES: usize = 4;

/// A bullseye centre in picture pixels and the module size there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bullseye {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) module: f32,
}

/// Bullseye centres in the binarized picture (dark = set), best first.
pub(crate) fn find_bullseyes(bits: &BitMatrix) -> Vec<Bullseye> {
    let (width, height) = (bits.getWidth(), bits.getHeight());
    let mut found: Vec<(Bullseye, usize)> = Vec::new();
    let mut runs = Vec::new();
    for y in 0..height {
        row_runs(|x| bits.get(x, y), width, &mut runs);
        for window in runs.windows(RINGS) {
            let Some(module) = ring_pattern(window) else {
                continue;
            };
            let centre_run = window[RINGS / 2];
            let x = centre_run.start + centre_run.len / 2;
            let Some((top, len)) = column_centre(bits, x, y, module) else {
                continue;
            };
            let candidate = Bullseye {
                x: x as f32 + 0.5,
                y: top as f32 + len as f32 / 2.0,
                module,
            };
            match found.iter_mut().find(|(seen, _)| {
                (seen.x - candidate.x).hypot(seen.y - candidate.y) < 2.0 * seen.module
            }) {
                Some((_, votes)) => *votes += 1,
                None => found.push((candidate, 1)),
            }
        }
    }
    found.sort_by_key(|(_, votes)| std::cmp::Reverse(*votes));
    found
        .into_iter()
        .take(MAX_CANDIDATES)
        .map(|(bullseye, _)| bullseye)
        .collect()
}

/// One run of equal pixels along a line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    start: u32,
    len: u32,
    dark: bool,
}

/// The runs of `len` pixels read by `dark`, into `runs` (cleared first).
fn row_runs(dark: impl Fn(u32) -> bool, len: u32, runs: &mut Vec<Run>) {
    runs.clear();
    let mut x = 0;
    while x < len {
        let colour = dark(x);
        let start = x;
        while x < len && dark(x) == colour {
            x += 1;
        }
        runs.push(Run {
            start,
            len: x - start,
            dark: colour,
        });
    }
}

/// For nine runs starting dark whose inner seven are of about equal width, the module size.
/// The outermost dark ring may merge with dark modules beyond it, so its runs only need to
/// be wide enough.
fn ring_pattern(window: &[Run]) -> Option<f32> {
    if !window[0].dark {
        return None;
    }
    let inner = &window[1..RINGS - 1];
    let module = inner.iter().map(|r| r.len).sum::<u32>() as f32 / inner.len() as f32;
    let fits = |len: u32| (len as f32 - module).abs() <= module * RUN_TOLERANCE;
    // Neighbouring pairs keep their sum under blur even when one run grows at the other's cost.
    let pairs_fit = inner
        .windows(2)
        .all(|pair| ((pair[0].len + pair[1].len) as f32 - 2.0 * module).abs() <= module * 0.75);
    let outer_fit = [window[0], window[RINGS - 1]]
        .iter()
        .all(|r| r.len as f32 >= module * (1.0 - RUN_TOLERANCE));
    (module >= 1.0 && pairs_fit && outer_fit && inner.iter().all(|r| fits(r.len))).then_some(module)
}

/// Checks the column through (`x`, `y`): the same rings must be crossed upwards and
/// downwards. Returns the top and length of the centre run in that column.
fn column_centre(bits: &BitMatrix, x: u32, y: u32, module: f32) -> Option<(u32, u32)> {
    let height = bits.getHeight();
    let reach = (module * RINGS as f32 * 1.5).ceil() as u32;
    let top = y.saturating_sub(reach);
    let bottom = (y + reach).min(height);
    let mut runs = Vec::new();
    row_runs(|i| bits.get(x, top + i), bottom - top, &mut runs);
    let centre = runs
        .iter()
        .position(|r| top + r.start <= y && y < top + r.start + r.len)?;
    let first = centre.checked_sub(RINGS / 2)?;
    let window = runs.get(first..first + RINGS)?;
    let vertical = ring_pattern(window)?;
    ((vertical - module).abs() <= module * 0.5)
        .then(|| (top + runs[centre].start, runs[centre].len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compact Aztec bullseye (rings 0..=4) of `module` pixels centred at (`cx`, `cy`),
    /// on a white picture with a vertical bar pattern beside it as a decoy.
    fn picture(width: u32, height: u32, cx: u32, cy: u32, module: u32) -> BitMatrix {
        let mut bits = BitMatrix::new(width, height).expect("matrix");
        let (cx, cy, m) = (cx as i64, cy as i64, module as i64);
        for y in 0..height {
            for x in 0..width {
                let ring = ((x as i64 - cx).abs().max((y as i64 - cy).abs()) + m / 2) / m;
                let in_eye = ring <= 4 && ring % 2 == 0;
                let decoy = x < 40 && (x / 3) % 2 == 0;
                if in_eye || decoy {
                    bits.set(x, y);
                }
            }
        }
        bits
    }

    #[test]
    fn finds_an_off_centre_bullseye_and_ignores_bars() {
        let bits = picture(300, 200, 230, 60, 4);
        let found = find_bullseyes(&bits);
        let first = found.first().expect("bullseye");
        assert!(
            (first.x - 230.5).abs() <= 2.0 && (first.y - 60.5).abs() <= 2.0,
            "{first:?}"
        );
        assert!((first.module - 4.0).abs() < 1.0, "{first:?}");
        assert!(found.iter().all(|b| b.x > 100.0), "decoy taken: {found:?}");
    }

    #[test]
    fn a_picture_without_rings_gives_nothing() {
        let mut bits = BitMatrix::new(120, 80).expect("matrix");
        for y in 0..80 {
            for x in (0..120).filter(|x| (x / 4) % 2 == 0) {
                bits.set(x, y);
            }
        }
        assert!(find_bullseyes(&bits).is_empty());
    }
}
