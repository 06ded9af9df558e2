//! Where linear symbols may be and how they are turned: patches of strong gradient that all
//! point one way (bars are parallel edges), found from the structure tensor of small blocks.
//!
//! rxing reads 1D and PDF417 symbols along rows only. Knowing the bars' angle, one crop
//! turned by exactly that angle replaces a fan of turned copies of the whole picture.

use crate::gradient::for_each_gradient;
use crate::picture::GrayImage;

/// Side of the square blocks the gradient is summed over, in pixels.
const BLOCK: usize = 8;
/// Mean squared gradient (central differences, 0..255 grey) a block needs to count as edges.
const MIN_ENERGY: f32 = 600.0;
/// How strongly one direction must dominate a block (0: no direction, 1: one direction only).
const MIN_COHERENCE: f32 = 0.75;
/// Neighbouring blocks join one patch when their directions differ by less than this (degrees).
const JOIN_DEGREES: f32 = 12.0;
/// Patches of fewer blocks are too small to be a symbol.
const MIN_BLOCKS: usize = 6;
/// At most this many patches are returned, largest first.
const MAX_PATCHES: usize = 3;

/// A patch of parallel bars: its bounding box in picture pixels and the direction across
/// the bars, in degrees in 0..180 (0: bars upright, read along a row).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BarPatch {
    pub(crate) left: f32,
    pub(crate) top: f32,
    pub(crate) right: f32,
    pub(crate) bottom: f32,
    pub(crate) degrees: f32,
    blocks: usize,
}

/// One block's summed gradient tensor, reduced to what the grouping needs.
#[derive(Debug, Clone, Copy)]
struct Block {
    /// Doubled angle of the dominant gradient direction, as a unit vector (so that
    /// directions 180° apart agree).
    dir: (f32, f32),
    oriented: bool,
}

/// The bar patches in `picture`, largest first.
pub(crate) fn find_bar_patches(picture: &GrayImage) -> Vec<BarPatch> {
    let (cols, rows) = (picture.width / BLOCK, picture.height / BLOCK);
    if cols < 3 || rows < 3 {
        return Vec::new();
    }
    let blocks: Vec<Block> = (0..rows * cols)
        .map(|i| block_tensor(picture, i % cols, i / cols))
        .collect();
    let join = (2.0 * JOIN_DEGREES).to_radians().cos();
    let mut patch_of = vec![usize::MAX; blocks.len()];
    let mut patches = Vec::new();
    let mut stack = Vec::new();
    for seed in 0..blocks.len() {
        if !blocks[seed].oriented || patch_of[seed] != usize::MAX {
            continue;
        }
        let id = patches.len();
        patch_of[seed] = id;
        stack.push(seed);
        let (mut sum, mut count) = ((0.0f32, 0.0f32), 0usize);
        let (mut min_c, mut min_r, mut max_c, mut max_r) = (cols, rows, 0, 0);
        while let Some(at) = stack.pop() {
            let (c, r) = (at % cols, at / cols);
            let dir = blocks[at].dir;
            sum = (sum.0 + dir.0, sum.1 + dir.1);
            count += 1;
            (min_c, min_r, max_c, max_r) = (min_c.min(c), min_r.min(r), max_c.max(c), max_r.max(r));
            for (dc, dr) in [
                (-1i64, 0i64),
                (1, 0),
                (0, -1),
                (0, 1),
                (-1, -1),
                (1, 1),
                (-1, 1),
                (1, -1),
            ] {
                let (nc, nr) = (c as i64 + dc, r as i64 + dr);
                if nc < 0 || nr < 0 || nc >= cols as i64 || nr >= rows as i64 {
                    continue;
                }
                let next = nr as usize * cols + nc as usize;
                let other = blocks[next];
                if other.oriented
                    && patch_of[next] == usize::MAX
                    && dir.0 * other.dir.0 + dir.1 * other.dir.1 >= join
                {
                    patch_of[next] = id;
                    stack.push(next);
                }
            }
        }
        let doubled = sum.1.atan2(sum.0);
        patches.push(BarPatch {
            left: (min_c * BLOCK) as f32,
            top: (min_r * BLOCK) as f32,
            right: ((max_c + 1) * BLOCK) as f32,
            bottom: ((max_r + 1) * BLOCK) as f32,
            degrees: (doubled / 2.0).to_degrees().rem_euclid(180.0),
            blocks: count,
        });
    }
    patches.retain(|p| p.blocks >= MIN_BLOCKS);
    patches.sort_by_key(|p| std::cmp::Reverse(p.blocks));
    patches.truncate(MAX_PATCHES);
    patches
}

/// The structure tensor of the block at column `c`, row `r`.
fn block_tensor(picture: &GrayImage, c: usize, r: usize) -> Block {
    let (mut xx, mut yy, mut xy) = (0.0f32, 0.0f32, 0.0f32);
    let columns = (c * BLOCK, (c + 1) * BLOCK);
    let rows = (r * BLOCK, (r + 1) * BLOCK);
    for_each_gradient(picture, columns, rows, |gx, gy| {
        xx += gx * gx;
        yy += gy * gy;
        xy += gx * gy;
    });
    let energy = xx + yy;
    let spread = (xx - yy).hypot(2.0 * xy);
    let oriented =
        energy >= MIN_ENERGY * (BLOCK * BLOCK) as f32 && spread >= MIN_COHERENCE * energy;
    let norm = spread.max(f32::MIN_POSITIVE);
    Block {
        dir: ((xx - yy) / norm, 2.0 * xy / norm),
        oriented,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bars 3 px wide across direction `degrees`, inside a disc of radius 60 at (cx, cy).
    fn bars(width: usize, height: usize, (cx, cy): (f32, f32), degrees: f32) -> GrayImage {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let data = (0..width * height)
            .map(|i| {
                let (x, y) = ((i % width) as f32 - cx, (i / width) as f32 - cy);
                if x.hypot(y) > 60.0 {
                    return 180;
                }
                let across = x * cos + y * sin;
                if (across / 3.0).floor() as i64 % 2 == 0 {
                    30
                } else {
                    220
                }
            })
            .collect();
        GrayImage::new(width, height, data)
    }

    #[test]
    fn finds_the_patch_and_the_direction_across_its_bars() {
        for degrees in [0.0f32, 35.0, 90.0, 140.0] {
            let picture = bars(320, 240, (200.0, 110.0), degrees);
            let patches = find_bar_patches(&picture);
            let first = patches.first().expect("a patch");
            let error = (first.degrees - degrees).rem_euclid(180.0);
            assert!(error.min(180.0 - error) < 5.0, "{degrees}: {first:?}");
            assert!(first.left >= 130.0 && first.right <= 270.0, "{first:?}");
            assert!(first.top >= 40.0 && first.bottom <= 180.0, "{first:?}");
        }
    }

    #[test]
    fn flat_pictures_have_no_patches() {
        assert!(find_bar_patches(&GrayImage::new(64, 64, vec![128; 64 * 64])).is_empty());
    }
}
