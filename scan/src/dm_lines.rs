//! The module lines of a Data Matrix grid fitted to the edges of the picture, for symbols
//! that one perspective does not cover: large multi-region symbols on curved or creased
//! labels, and prints whose module pitch drifts along a side (a printer's uneven feed).
//!
//! Every edge between a dark and a light pixel lies on a line between two columns or two
//! rows of modules. Mapped into the grid laid over the symbol's corners, the edges of a band
//! of rows pile up where its column lines really are, and the `columns + 1` lines are
//! chosen by dynamic programming: spaced about a module apart, through as many edges as
//! possible (both kinds of edge count alike, so ink spread, which moves them apart, leaves
//! the line between them). Bands of rows and of columns follow the lines as they bend; a
//! module's centre lies halfway between its two lines.

use rxing::common::{BitMatrix, PerspectiveTransform};
use rxing::Point;

/// Line positions are resolved to this share of a module.
const RESOLUTION: f32 = 0.1;
/// The outer lines lie within this many modules of the grid's sides.
const SLACK: f32 = 2.0;
/// Neighbouring lines lie between these many resolution steps apart.
const STEPS: std::ops::RangeInclusive<usize> = 6..=14;
/// Line `k` lies within this many modules of `k`.
const DRIFT: f32 = 3.0;
/// The price of a spacing off one module, per squared module.
const SPACING_COST: f32 = 1.0;
/// Edges are counted within this many resolution steps of a line.
const REACH: usize = 2;
/// A band of rows or columns spans about this many modules.
const BAND_MODULES: usize = 12;

/// An edge between two neighbouring pixels of different colour: the centres of the two.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    from: (f32, f32),
    to: (f32, f32),
}

/// At most about this many edges are kept (every so many of a larger symbol's), and this
/// many tell the module count.
const MAX_EDGES: usize = 24_000;
const PERIOD_EDGES: usize = 4_000;

/// The edges between dark and light pixels along rows and columns within `area` (left,
/// top, right and bottom pixel, inclusive), every so many when there are more than
/// [`MAX_EDGES`].
pub(crate) fn edges(
    bits: &BitMatrix,
    (left, top, right, bottom): (u32, u32, u32, u32),
) -> Vec<Edge> {
    let right = right.min(bits.getWidth().saturating_sub(1));
    let bottom = bottom.min(bits.getHeight().saturating_sub(1));
    let mut found = Vec::new();
    for y in top..=bottom {
        for x in left..=right {
            let here = bits.get(x, y);
            let centre = (x as f32 + 0.5, y as f32 + 0.5);
            if x < right && bits.get(x + 1, y) != here {
                found.push(Edge {
                    from: centre,
                    to: (centre.0 + 1.0, centre.1),
                });
            }
            if y < bottom && bits.get(x, y + 1) != here {
                found.push(Edge {
                    from: centre,
                    to: (centre.0, centre.1 + 1.0),
                });
            }
        }
    }
    every_so_many(found, MAX_EDGES)
}

/// About `most` of `items`, evenly picked.
fn every_so_many<T: Copy>(items: Vec<T>, most: usize) -> Vec<T> {
    let stride = items.len().div_ceil(most.max(1)).max(1);
    if stride == 1 {
        return items;
    }
    items.into_iter().step_by(stride).collect()
}

/// Whether lines of a grid of `size` are fitted in more than one band.
pub(crate) fn bends((columns, rows): (usize, usize)) -> bool {
    columns.max(rows) >= 2 * BAND_MODULES
}

/// Module centres in grid coordinates (module `(c, r)` of an even grid is at `c + ½, r + ½`).
pub(crate) struct Centres {
    /// Per band of rows, the centre of each column along it; the bands' middle rows.
    columns: Vec<Vec<f32>>,
    row_bands: Vec<f32>,
    /// Per band of columns, the centre of each row along it; the bands' middle columns.
    rows: Vec<Vec<f32>>,
    column_bands: Vec<f32>,
}

impl Centres {
    /// The centre of module (`column`, `row`) in grid coordinates.
    pub(crate) fn at(&self, column: usize, row: usize) -> (f32, f32) {
        let (u0, v0) = (column as f32 + 0.5, row as f32 + 0.5);
        (
            between(&self.row_bands, v0, |band| self.columns[band][column]),
            between(&self.column_bands, u0, |band| self.rows[band][row]),
        )
    }
}

/// The value at `position`, linear between (and beyond) the bands' middles.
fn between(middles: &[f32], position: f32, value: impl Fn(usize) -> f32) -> f32 {
    if middles.len() < 2 {
        return value(0);
    }
    let next = middles
        .iter()
        .position(|&middle| middle > position)
        .unwrap_or(middles.len() - 1)
        .clamp(1, middles.len() - 1);
    let (a, b) = (middles[next - 1], middles[next]);
    let t = (position - a) / (b - a);
    value(next - 1) + t * (value(next) - value(next - 1))
}

/// Edges mapped into a grid: across their line, along it, and whether on a column line.
pub(crate) struct GridEdges(Vec<(f32, f32, bool)>);

impl GridEdges {
    /// `edges` mapped by `to_grid` into a grid of `size`, those near it.
    pub(crate) fn new(
        edges: &[Edge],
        to_grid: &PerspectiveTransform,
        (columns, rows): (usize, usize),
    ) -> GridEdges {
        GridEdges(mapped(edges, to_grid, (columns as f32, rows as f32), SLACK))
    }
}

/// The module centres of a `size` grid whose lines follow `edges`: straight lines, or
/// lines that `bend` from band to band of about [`BAND_MODULES`] modules; `None` when a
/// band holds no edges.
pub(crate) fn fitted(
    GridEdges(mapped): &GridEdges,
    (columns, rows): (usize, usize),
    bend: bool,
) -> Option<Centres> {
    let fit = |column_lines: bool, count: usize, along: usize| {
        let bands = if bend {
            (along / BAND_MODULES).max(1)
        } else {
            1
        };
        let width = along as f32 / bands as f32;
        let middles: Vec<f32> = (0..bands).map(|band| (band as f32 + 0.5) * width).collect();
        let centres = middles
            .iter()
            .map(|&middle| {
                let weighted = mapped
                    .iter()
                    .filter(|edge| edge.2 == column_lines)
                    .map(|&(across, along, _)| {
                        let weight = if bands == 1 {
                            1.0
                        } else {
                            1.0 - (along - middle).abs() / width
                        };
                        (across, weight)
                    })
                    .filter(|&(_, weight)| weight > 0.0);
                let lines = lines(&histogram(weighted, count), count)?;
                Some(
                    lines
                        .windows(2)
                        .map(|pair| (pair[0] + pair[1]) / 2.0)
                        .collect(),
                )
            })
            .collect::<Option<Vec<Vec<f32>>>>()?;
        Some((centres, middles))
    };
    let (columns_along, row_bands) = fit(true, columns, rows)?;
    let (rows_along, column_bands) = fit(false, rows, columns)?;
    Some(Centres {
        columns: columns_along,
        row_bands,
        rows: rows_along,
        column_bands,
    })
}

/// The edges mapped into the grid by `to_grid`, within `slack` of its `size`, each as its
/// position across its line, its position along it, and whether it lies on a column line.
fn mapped(
    edges: &[Edge],
    to_grid: &PerspectiveTransform,
    (columns, rows): (f32, f32),
    slack: f32,
) -> Vec<(f32, f32, bool)> {
    edges
        .iter()
        .filter_map(|edge| {
            let p = to_grid.transform_point(Point::new(edge.from.0, edge.from.1));
            let q = to_grid.transform_point(Point::new(edge.to.0, edge.to.1));
            let (u, v) = ((p.x + q.x) / 2.0, (p.y + q.y) / 2.0);
            let inside = |value: f32, count: f32| (-slack..=count + slack).contains(&value);
            if !(inside(u, columns) && inside(v, rows)) {
                return None;
            }
            let column_line = (q.x - p.x).abs() > (q.y - p.y).abs();
            Some(if column_line {
                (u, v, true)
            } else {
                (v, u, false)
            })
        })
        .collect()
}

/// The edges over a symbol, as positions across their lines in the unit square laid over it:
/// how regularly they repeat tells how many modules its sides have.
pub(crate) struct Periods {
    columns: Vec<f32>,
    rows: Vec<f32>,
}

impl Periods {
    /// The edges that `to_unit` maps into the unit square.
    pub(crate) fn new(edges: &[Edge], to_unit: &PerspectiveTransform) -> Periods {
        let (mut columns, mut rows) = (Vec::new(), Vec::new());
        let edges = every_so_many(edges.to_vec(), PERIOD_EDGES);
        for (across, _, column_line) in mapped(&edges, to_unit, (1.0, 1.0), 0.0) {
            if column_line {
                columns.push(across);
            } else {
                rows.push(across);
            }
        }
        Periods { columns, rows }
    }

    /// How well the edges repeat every module of a `columns` × `rows` grid: the lengths of
    /// their mean phases across column lines and across row lines, added (2 when every
    /// edge lies on a line).
    pub(crate) fn fit(&self, (columns, rows): (usize, usize)) -> f32 {
        let strength = |positions: &[f32], count: usize| {
            if positions.is_empty() {
                return 0.0;
            }
            let turn = std::f32::consts::TAU * count as f32;
            let (sin, cos) = positions.iter().fold((0.0f32, 0.0f32), |(s, c), &at| {
                let (sin, cos) = (turn * at).sin_cos();
                (s + sin, c + cos)
            });
            sin.hypot(cos) / positions.len() as f32
        };
        strength(&self.columns, columns) + strength(&self.rows, rows)
    }
}

/// Position of bin `bin` in modules.
fn position(bin: usize) -> f32 {
    -SLACK + bin as f32 * RESOLUTION
}

/// The weighted edges per bin over `count` modules and the slack beyond, each counted in
/// the bins within [`REACH`] of it, scaled so that the fullest bin holds 1.
fn histogram(edges: impl Iterator<Item = (f32, f32)>, count: usize) -> Vec<f32> {
    let bins = ((count as f32 + 2.0 * SLACK) / RESOLUTION).round() as usize + 1;
    let mut raw = vec![0.0f32; bins];
    for (at, weight) in edges {
        let bin = ((at + SLACK) / RESOLUTION).round();
        if bin >= 0.0 && (bin as usize) < bins {
            raw[bin as usize] += weight;
        }
    }
    let mut spread = vec![0.0f32; bins];
    for (bin, value) in spread.iter_mut().enumerate() {
        let (from, to) = (bin.saturating_sub(REACH), (bin + REACH).min(bins - 1));
        *value = raw[from..=to].iter().sum();
    }
    let most = spread.iter().copied().fold(0.0f32, f32::max);
    if most > 0.0 {
        spread.iter_mut().for_each(|value| *value /= most);
    }
    spread
}

/// The `count + 1` line positions (in modules) through the most of `histogram`, about a
/// module apart, the first and last within [`SLACK`] of the grid's sides; `None` when the
/// histogram is empty.
fn lines(histogram: &[f32], count: usize) -> Option<Vec<f32>> {
    if histogram.iter().all(|&value| value <= 0.0) {
        return None;
    }
    let bins = histogram.len();
    let cost = |steps: usize| {
        let off = steps as f32 * RESOLUTION - 1.0;
        SPACING_COST * off * off
    };
    let mut score: Vec<f32> = (0..bins)
        .map(|bin| {
            if position(bin).abs() <= SLACK {
                histogram[bin]
            } else {
                f32::NEG_INFINITY
            }
        })
        .collect();
    // back[line - 1][bin]: the steps from line - 1 to line at `bin` on the best path.
    let mut back = vec![0u8; count * bins];
    let window = |line: usize| {
        let bin = |at: f32| {
            ((at + SLACK) / RESOLUTION)
                .round()
                .clamp(0.0, (bins - 1) as f32) as usize
        };
        bin(line as f32 - DRIFT)..=bin(line as f32 + DRIFT)
    };
    for line in 1..=count {
        let mut next = vec![f32::NEG_INFINITY; bins];
        for bin in window(line) {
            for steps in STEPS.clone().filter(|&steps| steps <= bin) {
                let before = score[bin - steps];
                if before == f32::NEG_INFINITY {
                    continue;
                }
                let candidate = before + histogram[bin] - cost(steps);
                if candidate > next[bin] {
                    next[bin] = candidate;
                    back[(line - 1) * bins + bin] = steps as u8;
                }
            }
        }
        score = next;
    }
    let mut bin = (0..bins)
        .filter(|&bin| (position(bin) - count as f32).abs() <= SLACK)
        .filter(|&bin| score[bin] > f32::NEG_INFINITY)
        .max_by(|&a, &b| score[a].total_cmp(&score[b]))?;
    let mut found = vec![position(bin)];
    for line in (1..=count).rev() {
        bin = bin.checked_sub(usize::from(back[(line - 1) * bins + bin]))?;
        found.push(position(bin));
    }
    found.reverse();
    Some(found)
}
