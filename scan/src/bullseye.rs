//! Where Aztec symbols may be: their bullseye, concentric square rings of equal width.
//!
//! rxing's Aztec detector looks for the bullseye only around the middle of the picture, so
//! an Aztec symbol elsewhere in a camera frame is never found. This finds bullseye centres
//! anywhere; a crop centred on one puts the symbol where rxing looks. The reference grid of
//! a full symbol alternates like the rings along rows and columns, so where two grid lines
//! cross the row and column through it look like a bullseye's; only a bullseye also shows
//! its rings along the diagonals, and those come first.

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
    // Each candidate with the diagonals showing its rings and the rows that found it.
    let mut found: Vec<(Bullseye, (usize, usize))> = Vec::new();
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
            let centre_y = top + len / 2;
            let candidate = Bullseye {
                x: x as f32 + 0.5,
                y: top as f32 + len as f32 / 2.0,
                module,
            };
            match found.iter_mut().find(|(seen, _)| {
                (seen.x - candidate.x).hypot(seen.y - candidate.y) < 2.0 * seen.module
            }) {
                Some((_, votes)) => votes.1 += 1,
                None => {
                    let diagonals = [1, -1]
                        .into_iter()
                        .filter(|&slope| {
                            rings_across(bits, (x, centre_y), (1, slope), module).is_some()
                        })
                        .count();
                    found.push((candidate, (diagonals, 1)));
                }
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

/// For nine runs starting dark whose inner seven are each about a module wide, the module
/// size. The outermost dark ring may merge with dark modules beyond it, so its runs only need
/// to be wide enough. The module size is the pitch from the second dark ring's near edge to
/// the far ring's near edge, six modules: ink spread and blur widen every dark run at the
/// light ones' cost (their mean is off by the spread), but move edges of one kind alike.
fn ring_pattern(window: &[Run]) -> Option<f32> {
    if !window[0].dark {
        return None;
    }
    let inner = &window[1..RINGS - 1];
    let module = (window[RINGS - 1].start - window[2].start) as f32 / (RINGS - 3) as f32;
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
    let (vertical, top, len) = rings_across(bits, (x, y), (0, 1), module)?;
    ((vertical - module).abs() <= module * 0.5).then_some((top, len))
}

/// The rings crossed on the line through (`x`, `y`) in steps of (`dx`, `dy`) pixels (each
/// -1, 0 or 1), looked at as far as `module` says rings reach: the same rings on both sides,
/// their module size in steps, and the run holding (`x`, `y`) (where it starts along y, or
/// along x when the line is a row, and its length in steps).
fn rings_across(
    bits: &BitMatrix,
    (x, y): (u32, u32),
    (dx, dy): (i64, i64),
    module: f32,
) -> Option<(f32, u32, u32)> {
    let reach = i64::from((module * RINGS as f32 * 1.5).ceil() as u32);
    let (x, y) = (i64::from(x), i64::from(y));
    let inside = |i: i64| {
        let (px, py) = (x + dx * i, y + dy * i);
        (px >= 0 && py >= 0 && px < i64::from(bits.getWidth()) && py < i64::from(bits.getHeight()))
            .then_some((px as u32, py as u32))
    };
    let first = (1..=reach)
        .take_while(|&i| inside(-i).is_some())
        .last()
        .unwrap_or(0);
    let last = (1..=reach)
        .take_while(|&i| inside(i).is_some())
        .last()
        .unwrap_or(0);
    let mut runs = Vec::new();
    let dark = |i: u32| inside(i64::from(i) - first).is_some_and(|(px, py)| bits.get(px, py));
    row_runs(dark, u32::try_from(first + last + 1).ok()?, &mut runs);
    let at = u32::try_from(first).ok()?;
    let centre = runs
        .iter()
        .position(|r| r.start <= at && at < r.start + r.len)?;
    let outermost = centre.checked_sub(RINGS / 2)?;
    let module = ring_pattern(runs.get(outermost..outermost + RINGS)?)?;
    let start = i64::from(runs[centre].start) - first;
    let along = if dy != 0 {
        y + dy * start
    } else {
        x + dx * start
    };
    Some((module, u32::try_from(along).ok()?, runs[centre].len))
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
