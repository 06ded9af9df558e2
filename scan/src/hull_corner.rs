//! The corner of a Data Matrix symbol across from its L, fitted from edges. Both timing sides
//! end on a light module there, so the outermost dark pixel lies a module inside, and seen in
//! perspective the parallelogram completed from the other three corners misses it too. The
//! convex hull of the dark pixels cuts that corner off with a short edge; the hull's long
//! edges beside it run along the two timing sides, and the corner is where their lines meet.

use rxing::common::BitMatrix;

type Corner = (f32, f32);

/// A hull edge counts as running along a side when their directions differ by less than
/// this (the sine of about 12°) and its ends lie within this share of the side's length
/// from the side's line.
const MAX_SINE: f32 = 0.2;
const MAX_OFFSET: f32 = 0.1;

/// The corner that `near` stands for, fitted from the hull's longest edges running like the
/// sides from `along_a` and from `along_b` to it; `None` without two such edges.
pub(crate) fn fitted(
    bits: &BitMatrix,
    near: Corner,
    along_a: Corner,
    along_b: Corner,
) -> Option<Corner> {
    let hull = hull(&row_ends(bits));
    let edges: Vec<(Corner, Corner)> = hull
        .iter()
        .zip(hull.iter().cycle().skip(1))
        .map(|(&p, &q)| (p, q))
        .collect();
    let longest_like = |from: Corner| {
        let side = (near.0 - from.0, near.1 - from.1);
        let reach = MAX_OFFSET * side.0.hypot(side.1);
        let close = |p: &Corner| distance(*p, (from, near)) < reach;
        edges
            .iter()
            .filter(|(p, q)| sine(side, (q.0 - p.0, q.1 - p.1)) < MAX_SINE && close(p) && close(q))
            .max_by(|a, b| length(a).total_cmp(&length(b)))
            .copied()
    };
    let (a, b) = (longest_like(along_a)?, longest_like(along_b)?);
    crossing(a, b)
}

fn length((p, q): &(Corner, Corner)) -> f32 {
    (q.0 - p.0).hypot(q.1 - p.1)
}

/// The distance of `point` from the line through a segment.
fn distance(point: Corner, (p, q): (Corner, Corner)) -> f32 {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let norm = dx.hypot(dy);
    if norm <= f32::EPSILON {
        return (point.0 - p.0).hypot(point.1 - p.1);
    }
    ((point.0 - p.0) * dy - (point.1 - p.1) * dx).abs() / norm
}

/// The sine of the angle between two directions, either way round.
fn sine(u: (f32, f32), v: (f32, f32)) -> f32 {
    let norms = u.0.hypot(u.1) * v.0.hypot(v.1);
    if norms <= f32::EPSILON {
        return 1.0;
    }
    ((u.0 * v.1 - u.1 * v.0) / norms).abs()
}

/// Where the lines through two segments cross; `None` when they are parallel.
fn crossing((p, q): (Corner, Corner), (r, s): (Corner, Corner)) -> Option<Corner> {
    let (d1, d2) = ((q.0 - p.0, q.1 - p.1), (s.0 - r.0, s.1 - r.1));
    let det = d1.0 * d2.1 - d1.1 * d2.0;
    if det.abs() <= f32::EPSILON {
        return None;
    }
    let t = ((r.0 - p.0) * d2.1 - (r.1 - p.1) * d2.0) / det;
    Some((p.0 + t * d1.0, p.1 + t * d1.1))
}

/// The leftmost and rightmost dark 2×2 block of every row (their hull is that of all dark
/// blocks; lone dark pixels are noise), at the blocks' outer edges.
fn row_ends(bits: &BitMatrix) -> Vec<Corner> {
    let block = |x: u32, y: u32| {
        bits.get(x, y) && bits.get(x + 1, y) && bits.get(x, y + 1) && bits.get(x + 1, y + 1)
    };
    let (width, height) = (
        bits.getWidth().saturating_sub(1),
        bits.getHeight().saturating_sub(1),
    );
    let mut ends = Vec::new();
    for y in 0..height {
        let first = (0..width).find(|&x| block(x, y));
        let last = (0..width).rev().find(|&x| block(x, y));
        if let (Some(first), Some(last)) = (first, last) {
            ends.push((first as f32, y as f32 + 1.0));
            ends.push((last as f32 + 2.0, y as f32 + 1.0));
        }
    }
    ends
}

/// The convex hull of `points`, anticlockwise on screen (monotone chain).
fn hull(points: &[Corner]) -> Vec<Corner> {
    let mut sorted = points.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let turn =
        |o: Corner, a: Corner, b: Corner| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    let mut chain: Vec<Corner> = Vec::with_capacity(2 * sorted.len());
    for pass in [false, true] {
        let start = chain.len();
        let ordered: Box<dyn Iterator<Item = &Corner>> = if pass {
            Box::new(sorted.iter().rev())
        } else {
            Box::new(sorted.iter())
        };
        for &point in ordered {
            while chain.len() >= start + 2
                && turn(chain[chain.len() - 2], chain[chain.len() - 1], point) <= 0.0
            {
                chain.pop();
            }
            chain.push(point);
        }
        chain.pop();
    }
    chain
}
