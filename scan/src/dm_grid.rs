//! Data Matrix symbols read on our own grid when rxing's detector finds none (symbols that
//! fill the picture, tilted or large multi-region ones): the symbol's corners are its
//! outermost dark pixels, the corner where the two solid finder sides meet is the L, the
//! modules are counted along the two alternating timing sides (other sizes are tried after
//! the counted ones, and those whose modules repeat in the picture's edges, best finder and
//! timing first), and the grid sampled through the perspective of the four corners, or
//! between module lines fitted to the edges (`dm_lines.rs`: bent symbols, uneven pitch), is
//! drawn clean for rxing's Data Matrix reader, whose Reed-Solomon check accepts or rejects
//! it (ISO/IEC 16022).

use rxing::common::{BitMatrix, PerspectiveTransform, Quadrilateral};
use rxing::Point;

use crate::dm_lines::{bends, edges, fitted, Edge, GridEdges, Periods};
use crate::format::BarcodeFormat;
use crate::hull_corner::fitted as fitted_corner;
use crate::picture::{Affine, GrayImage};
use crate::reader::{read, with_bits, Look};
use crate::result::{NormalizedPoint, ScanResult};

/// Symbol sizes (columns, rows) of ECC 200, square and rectangular.
const SIZES: [(usize, usize); 30] = [
    (10, 10),
    (12, 12),
    (14, 14),
    (16, 16),
    (18, 18),
    (20, 20),
    (22, 22),
    (24, 24),
    (26, 26),
    (32, 32),
    (36, 36),
    (40, 40),
    (44, 44),
    (48, 48),
    (52, 52),
    (64, 64),
    (72, 72),
    (80, 80),
    (88, 88),
    (96, 96),
    (104, 104),
    (120, 120),
    (132, 132),
    (144, 144),
    (18, 8),
    (32, 8),
    (26, 12),
    (36, 12),
    (36, 16),
    (48, 16),
];
/// Where the sides are looked at, as shares of the symbol's width inside its edge (just
/// inside too: the modules of large symbols are thin, and the sides of a bent one leave
/// the lines between its corners).
const INSETS: [f32; 8] = [0.0025, 0.005, 0.01, 0.02, 0.035, 0.05, 0.08, 0.12];
/// Share of the finder's modules that must be dark, and of the timing modules that must
/// alternate.
const MIN_SOLID: f32 = 0.85;
const MIN_TIMING: f32 = 0.75;
/// A sampled grid needs at least this share of either, and as much of both together.
const MIN_EITHER: f32 = 0.75;
/// Sizes tried on lines fitted to the edges for how well their modules repeat there, whose
/// modules are at least this many pixels wide.
const LIKELY_SIZES: usize = 3;
const MIN_MODULE_PIXELS: f32 = 2.0;
/// Sampled grids handed to the reader at most, best first.
const MAX_TRIES: usize = 6;
/// Drawn pictures have this many pixels per module and this many modules of light margin.
const DRAWN: (usize, usize) = (4, 2);

type Corner = (f32, f32);

/// A grid sampled over the picture, upright (finder left and bottom).
struct Grid {
    size: (usize, usize),
    dark: Vec<bool>,
    /// Upright corners: top left, top right, bottom right, bottom left.
    corners: [Corner; 4],
    score: f32,
}

/// The Data Matrix symbol that fills most of `image`, read on our own grid.
pub(crate) fn read_on_grid(image: &GrayImage) -> Option<ScanResult> {
    let grids = with_bits(image, candidates)?;
    grids.into_iter().find_map(|grid| {
        let drawn = image.modules_placed(
            grid.size,
            |column, row| grid.dark[row * grid.size.0 + column],
            DRAWN,
            placement(&grid),
        );
        let found = read(
            &drawn,
            &[BarcodeFormat::DataMatrix],
            Look::QUICK.pure(),
            false,
        );
        // rxing gives no corners for pure pictures: the grid's corners are the symbol's.
        let points = grid
            .corners
            .map(|(x, y)| {
                let (x, y) = image.to_frame.apply(x, y);
                NormalizedPoint { x, y }
            })
            .to_vec();
        found
            .into_iter()
            .next()
            .map(|result| ScanResult { points, ..result })
    })
}

/// Drawn pixel to picture pixel, along the grid's top and left sides.
fn placement(grid: &Grid) -> Affine {
    let [top_left, top_right, _, bottom_left] = grid.corners;
    let (pixels, quiet) = (DRAWN.0 as f32, DRAWN.1 as f32);
    let step = |to: Corner, count: usize| {
        (
            (to.0 - top_left.0) / count as f32,
            (to.1 - top_left.1) / count as f32,
        )
    };
    let (across, down) = (step(top_right, grid.size.0), step(bottom_left, grid.size.1));
    let origin = (
        top_left.0 - quiet * (across.0 + down.0),
        top_left.1 - quiet * (across.1 + down.1),
    );
    Affine::through(
        origin,
        (across.0 / pixels, across.1 / pixels),
        (down.0 / pixels, down.1 / pixels),
    )
}

/// Grids worth reading, best first.
fn candidates(bits: &BitMatrix) -> Vec<Grid> {
    let Some(corners) = outermost(bits) else {
        return Vec::new();
    };
    let Some(unit) = to_picture(corners, (1, 1)) else {
        return Vec::new();
    };
    // Side k runs from corner k to corner k + 1 (clockwise from the top left).
    let looks: Vec<SideLook> = (0..4).map(|k| look_along(bits, &unit, k)).collect();
    let finder = (0..4)
        .max_by(|&a, &b| {
            let solid = |k: usize| looks[(k + 3) % 4].solid + looks[k].solid;
            solid(a).total_cmp(&solid(b))
        })
        .unwrap_or(0);
    if looks[(finder + 3) % 4].solid.min(looks[finder].solid) < MIN_SOLID {
        return Vec::new();
    }
    let mut completed_corners = corners;
    let [before, after] = [corners[(finder + 1) % 4], corners[(finder + 3) % 4]];
    completed_corners[(finder + 2) % 4] = (
        before.0 + after.0 - corners[finder].0,
        before.1 + after.1 - corners[finder].1,
    );
    let completed = to_picture(completed_corners, (1, 1)).map(|unit| {
        (0..4)
            .map(|k| look_along(bits, &unit, k))
            .collect::<Vec<SideLook>>()
    });
    let edges = edges(bits, around(&corners));
    let fitted_corner = fitted_corner(
        bits,
        corners[(finder + 2) % 4],
        corners[(finder + 1) % 4],
        corners[(finder + 3) % 4],
    );
    // Grids of the sizes counted along the timing sides first; then the others, for timing
    // sides whose modules blur or a perspective turn has merged into fewer runs.
    let (mut counted, mut uncounted) = (Vec::new(), Vec::new());
    for mirrored in [false, true] {
        // The finder corner is the upright bottom left; the others follow clockwise, or
        // anticlockwise when the symbol is seen mirrored.
        let at = |step: usize| {
            let k = if mirrored {
                finder + 4 - step
            } else {
                finder + step
            };
            corners[k % 4]
        };
        let (across, down) = if mirrored {
            (finder + 2, finder + 1)
        } else {
            (finder + 1, finder + 2)
        };
        // The corner across from the finder is a light module: its outermost dark block lies
        // a module inside, so the timing sides are also counted with the corner that
        // completes the parallelogram.
        let runs = |side: usize| {
            let mut runs = looks[side % 4].runs.clone();
            if let Some(completed) = &completed {
                runs.extend_from_slice(&completed[side % 4].runs);
            }
            runs
        };
        let (across, down) = (&runs(across), &runs(down));
        let (top_left, bottom_right, bottom_left) = (at(1), at(3), at(0));
        let parallel = (
            top_left.0 + bottom_right.0 - bottom_left.0,
            top_left.1 + bottom_right.1 - bottom_left.1,
        );
        // Halfway between the two guesses too: seen in perspective, neither is the corner.
        let halfway = ((at(2).0 + parallel.0) / 2.0, (at(2).1 + parallel.1) / 2.0);
        let guesses: Vec<Corner> = [Some(at(2)), Some(parallel), Some(halfway), fitted_corner]
            .into_iter()
            .flatten()
            .collect();
        let with = |top_right: Corner| [top_left, top_right, bottom_right, bottom_left];
        let likely = likely_sizes(&edges, with(at(2)));
        for &size in &SIZES {
            let counts = near(size, across, down);
            let plain: Vec<Grid> = guesses
                .iter()
                .filter_map(|&top_right| sample(bits, with(top_right), size))
                .collect();
            // Lines fitted to the edges where a plain grid looks right or the size was
            // counted or repeats in the edges (one perspective misses bent and unevenly
            // printed symbols), from the best plain grid's corners: the lines find their
            // own way from there.
            let fitted = if counts || !plain.is_empty() || likely.contains(&size) {
                let corners = plain
                    .iter()
                    .max_by(|a, b| a.score.total_cmp(&b.score))
                    .map_or(with(at(2)), |grid| grid.corners);
                sample_fitted(bits, &edges, corners, size)
            } else {
                Vec::new()
            };
            let grids = plain.into_iter().chain(fitted);
            if counts {
                counted.extend(grids);
            } else {
                uncounted.extend(grids);
            }
        }
    }
    for grids in [&mut counted, &mut uncounted] {
        grids.sort_by(|a, b| b.score.total_cmp(&a.score));
    }
    counted.extend(uncounted);
    counted.truncate(MAX_TRIES);
    counted
}

/// The sizes whose modules repeat best in the edges over `corners` (timing sides that blur,
/// ink spread or a bend has merged cannot be counted), best first.
fn likely_sizes(edges: &[Edge], corners: [Corner; 4]) -> Vec<(usize, usize)> {
    let Some(unit) = to_grid(corners, (1, 1)) else {
        return Vec::new();
    };
    let periods = Periods::new(edges, &unit);
    let side = |a: Corner, b: Corner| (b.0 - a.0).hypot(b.1 - a.1);
    let (across, down) = (
        side(corners[0], corners[1]).min(side(corners[3], corners[2])),
        side(corners[0], corners[3]).min(side(corners[1], corners[2])),
    );
    let mut sizes: Vec<(f32, (usize, usize))> = SIZES
        .iter()
        .filter(|&&(columns, rows)| {
            across / columns as f32 >= MIN_MODULE_PIXELS && down / rows as f32 >= MIN_MODULE_PIXELS
        })
        .map(|&size| (periods.fit(size), size))
        .collect();
    sizes.sort_by(|a, b| b.0.total_cmp(&a.0));
    sizes
        .into_iter()
        .take(LIKELY_SIZES)
        .map(|(_, size)| size)
        .collect()
}

/// The pixels around `corners`, with a margin of a tenth of their span.
fn around(corners: &[Corner; 4]) -> (u32, u32, u32, u32) {
    let (xs, ys) = (corners.map(|c| c.0), corners.map(|c| c.1));
    let low = |values: [f32; 4]| values.iter().copied().fold(f32::INFINITY, f32::min);
    let high = |values: [f32; 4]| values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let margin = (high(xs) - low(xs)).max(high(ys) - low(ys)) / 10.0;
    let pixel = |value: f32| value.max(0.0) as u32;
    (
        pixel(low(xs) - margin),
        pixel(low(ys) - margin),
        pixel(high(xs) + margin),
        pixel(high(ys) + margin),
    )
}

/// Whether `size` has about as many modules as runs were counted along the timing sides.
fn near((columns, rows): (usize, usize), across: &[usize], down: &[usize]) -> bool {
    let close =
        |count: usize, runs: &[usize]| runs.iter().any(|&run| count.abs_diff(run) <= 2 + run / 8);
    close(columns, across) && close(rows, down)
}

/// The picture points of a `columns` × `rows` square grid laid over `corners`.
fn to_picture(corners: [Corner; 4], size: (usize, usize)) -> Option<PerspectiveTransform> {
    let [square, corners] = quadrilaterals(corners, size);
    PerspectiveTransform::quadrilateralToQuadrilateral(square, corners).ok()
}

/// The grid points of the picture for a `columns` × `rows` grid laid over `corners`.
fn to_grid(corners: [Corner; 4], size: (usize, usize)) -> Option<PerspectiveTransform> {
    let [square, corners] = quadrilaterals(corners, size);
    PerspectiveTransform::quadrilateralToQuadrilateral(corners, square).ok()
}

/// The grid's corners in modules and in the picture.
fn quadrilaterals(corners: [Corner; 4], (columns, rows): (usize, usize)) -> [Quadrilateral; 2] {
    let point = |(x, y): Corner| Point::new(x, y);
    let (w, h) = (columns as f32, rows as f32);
    [
        Quadrilateral([
            point((0.0, 0.0)),
            point((w, 0.0)),
            point((w, h)),
            point((0.0, h)),
        ]),
        Quadrilateral(corners.map(point)),
    ]
}

/// The outermost dark 2×2 blocks toward the top left, top right, bottom right and bottom
/// left, within the rows and columns where the symbol lies (lone dark pixels and specks in
/// the margin are noise, not modules).
fn outermost(bits: &BitMatrix) -> Option<[Corner; 4]> {
    let (width, height) = (
        bits.getWidth().saturating_sub(1),
        bits.getHeight().saturating_sub(1),
    );
    let block = |x: u32, y: u32| {
        bits.get(x, y) && bits.get(x + 1, y) && bits.get(x, y + 1) && bits.get(x + 1, y + 1)
    };
    let (mut per_row, mut per_column) =
        (vec![0usize; height as usize], vec![0usize; width as usize]);
    for y in 0..height {
        for x in (0..width).filter(|&x| block(x, y)) {
            per_row[y as usize] += 1;
            per_column[x as usize] += 1;
        }
    }
    let (rows, columns) = (span(&per_row)?, span(&per_column)?);
    let mut best: [Option<(i64, Corner)>; 4] = [None; 4];
    for y in rows.0..=rows.1 {
        for x in (columns.0..=columns.1).filter(|&x| block(x, y)) {
            let (xi, yi) = (i64::from(x), i64::from(y));
            let (xf, yf) = (x as f32, y as f32);
            let reaches = [
                (-(xi + yi), (xf, yf)),
                (xi - yi, (xf + 2.0, yf)),
                (xi + yi, (xf + 2.0, yf + 2.0)),
                (yi - xi, (xf, yf + 2.0)),
            ];
            for (slot, (reach, corner)) in best.iter_mut().zip(reaches) {
                if slot.is_none_or(|(most, _)| reach > most) {
                    *slot = Some((reach, corner));
                }
            }
        }
    }
    let [a, b, c, d] = best;
    Some([a?.1, b?.1, c?.1, d?.1])
}

/// The first and last line whose count of dark blocks is at least a twentieth of the most.
fn span(counts: &[usize]) -> Option<(u32, u32)> {
    let least = counts.iter().max()? / 20 + 1;
    let first = counts.iter().position(|&count| count >= least)?;
    let last = counts.iter().rposition(|&count| count >= least)?;
    Some((u32::try_from(first).ok()?, u32::try_from(last).ok()?))
}

/// A side is looked at in this many pieces, each at the inset where it is darkest (the
/// solid sides of a bent symbol leave the straight line between its corners).
const SIDE_PIECES: usize = 4;

/// What one side shows just inside the symbol's edge.
struct SideLook {
    /// The share of dark pixels along it, each piece at its darkest inset.
    solid: f32,
    /// The dark and light runs counted along it at each inset.
    runs: Vec<usize>,
}

/// Side `k` of the unit square laid over the symbol, looked at from a little inside.
fn look_along(bits: &BitMatrix, unit: &PerspectiveTransform, k: usize) -> SideLook {
    let ends = |inset: f32| match k {
        0 => ((0.0, inset), (1.0, inset)),
        1 => ((1.0 - inset, 0.0), (1.0 - inset, 1.0)),
        2 => ((1.0, 1.0 - inset), (0.0, 1.0 - inset)),
        _ => ((inset, 1.0), (inset, 0.0)),
    };
    let mut look = SideLook {
        solid: 0.0,
        runs: Vec::with_capacity(INSETS.len()),
    };
    let length = bits.getWidth().max(bits.getHeight()) as usize;
    let piece = length.div_ceil(SIDE_PIECES).max(1);
    let mut darkest = [0.0f32; SIDE_PIECES];
    for inset in INSETS {
        let ((x0, y0), (x1, y1)) = ends(inset);
        let profile: Vec<bool> = (0..length)
            .map(|i| {
                let t = (i as f32 + 0.5) / length as f32;
                dark_at(bits, unit, (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
            })
            .collect();
        for (most, part) in darkest.iter_mut().zip(profile.chunks(piece)) {
            let dark = part.iter().filter(|&&d| d).count() as f32 / part.len() as f32;
            *most = most.max(dark);
        }
        look.runs.push(runs(&profile, length / 200 + 1));
    }
    look.solid = darkest.iter().sum::<f32>() / SIDE_PIECES as f32;
    look
}

/// The runs of one colour in `profile`, runs shorter than `shortest` counted with their neighbours.
fn runs(profile: &[bool], shortest: usize) -> usize {
    let mut lengths: Vec<usize> = Vec::new();
    let mut last = None;
    for &dark in profile {
        match (last, lengths.last_mut()) {
            (Some(colour), Some(length)) if colour == dark => *length += 1,
            _ => lengths.push(1),
        }
        last = Some(dark);
    }
    lengths.iter().filter(|&&length| length > shortest).count()
}

/// Samples per module along a timing side, and the shortest run that counts as a module.
const TIMING_SAMPLES: usize = 8;
const MIN_RUN: usize = 3;

/// The module centres along a timing side of `count` modules (`dark(position)` in modules):
/// the middles of its runs when there are exactly `count`, for prints and scans whose
/// module pitch varies; else evenly spaced.
fn centres(count: usize, dark: impl Fn(f32) -> bool) -> Vec<f32> {
    let step = 1.0 / TIMING_SAMPLES as f32;
    let mut runs: Vec<(bool, usize, usize)> = Vec::new();
    for i in 0..count * TIMING_SAMPLES {
        let colour = dark((i as f32 + 0.5) * step);
        match runs.last_mut() {
            Some(last) if last.0 == colour => last.2 += 1,
            _ => runs.push((colour, i, 1)),
        }
    }
    // Specks shorter than a module's share go with the run before them.
    let mut merged: Vec<(bool, usize, usize)> = Vec::with_capacity(runs.len());
    for (colour, start, length) in runs {
        match merged.last_mut() {
            Some(last) if length < MIN_RUN || last.0 == colour => last.2 += length,
            _ => merged.push((colour, start, length)),
        }
    }
    if merged.len() != count {
        return (0..count).map(|i| i as f32 + 0.5).collect();
    }
    merged
        .iter()
        .map(|&(_, start, length)| (start as f32 + length as f32 / 2.0) * step)
        .collect()
}

fn dark_at(bits: &BitMatrix, transform: &PerspectiveTransform, (x, y): Corner) -> bool {
    let point = transform.transform_point(Point::new(x, y));
    point.x >= 0.0
        && point.y >= 0.0
        && bits
            .try_get(point.x as u32, point.y as u32)
            .unwrap_or(false)
}

/// The grid of `size` sampled over `corners`, if its finder and timing sides look right.
fn sample(bits: &BitMatrix, corners: [Corner; 4], size: (usize, usize)) -> Option<Grid> {
    let transform = to_picture(corners, size)?;
    let (columns, rows) = size;
    let across = centres(columns, |x| dark_at(bits, &transform, (x, 0.5)));
    let down = centres(rows, |y| {
        dark_at(bits, &transform, (columns as f32 - 0.5, y))
    });
    let dark: Vec<bool> = down
        .iter()
        .flat_map(|&y| across.iter().map(move |&x| (x, y)))
        .map(|point| dark_at(bits, &transform, point))
        .collect();
    judged(size, dark, corners)
}

/// The grids of `size` over `corners` sampled at module centres between lines fitted to
/// `edges` (straight, and for large grids also bending from band to band), those whose
/// finder and timing sides look right.
fn sample_fitted(
    bits: &BitMatrix,
    edges: &[Edge],
    corners: [Corner; 4],
    size: (usize, usize),
) -> Vec<Grid> {
    let (Some(transform), Some(to_grid)) = (to_picture(corners, size), to_grid(corners, size))
    else {
        return Vec::new();
    };
    let edges = GridEdges::new(edges, &to_grid, size);
    let (columns, rows) = size;
    [false, true]
        .into_iter()
        .filter(|&bend| !bend || bends(size))
        .filter_map(|bend| {
            let centres = fitted(&edges, size, bend)?;
            let dark: Vec<bool> = (0..rows)
                .flat_map(|row| (0..columns).map(move |column| (column, row)))
                .map(|(column, row)| dark_at(bits, &transform, centres.at(column, row)))
                .collect();
            judged(size, dark, corners)
        })
        .collect()
}

/// The sampled grid, if its finder and timing sides look right.
fn judged(size: (usize, usize), dark: Vec<bool>, corners: [Corner; 4]) -> Option<Grid> {
    let (columns, rows) = size;
    let at = |column: usize, row: usize| dark[row * columns + column];
    let share = |hits: usize, total: usize| hits as f32 / total as f32;
    let finder = (0..rows).filter(|&row| at(0, row)).count()
        + (0..columns).filter(|&column| at(column, rows - 1)).count();
    let timing = (0..columns)
        .filter(|&column| at(column, 0) == (column % 2 == 0))
        .count()
        + (0..rows)
            .filter(|&row| at(columns - 1, row) == ((rows - 1 - row) % 2 == 0))
            .count();
    let (solid, alternating) = (share(finder, rows + columns), share(timing, rows + columns));
    // A grid whose timing sides alternate all along may show a few light finder modules
    // (a shadow or an edge seen in perspective): the two shares make up for each other.
    let enough =
        solid.min(alternating) >= MIN_EITHER && solid + alternating >= MIN_SOLID + MIN_TIMING;
    enough.then_some(Grid {
        size,
        dark,
        corners,
        score: solid + alternating,
    })
}
