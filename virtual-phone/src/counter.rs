//! The machine-readable frame counter drawn on every frame, and its reader.
//!
//! # Layout (for pixel checks in any language)
//!
//! For a frame `W` pixels wide:
//!
//! - **cell** = `max(4, floor(W / 80))` pixels (16 at 1280x720, 8 at 640x360).
//! - The strip is one row of 44 square cells, `cell` x `cell` pixels each. Cell `i`
//!   covers `x in [cell + i*cell, cell + (i+1)*cell)` and `y in [cell, 2*cell)`: the
//!   strip starts one cell in from the top-left corner.
//! - Each cell is uniformly white (Y = 235, RGB ~ 255,255,255) or black (Y = 16,
//!   RGB ~ 0,0,0), with neutral chroma.
//! - Cells 0-3 are the calibration pattern white, black, white, black.
//! - Cells 4-35 are the 32-bit frame number, most significant bit first; white = 1.
//! - Cells 36-43 are a check byte, most significant bit first: the XOR of the frame
//!   number's four bytes, `(n ^ n>>8 ^ n>>16 ^ n>>24) & 0xff`.
//!
//! To read it from decoded video, average the luma (or R+G+B) over the middle half of
//! each cell, take the threshold halfway between the mean of cells 0,2 and the mean of
//! cells 1,3, and check the byte. The strip is drawn after zoom and torch, like an
//! on-screen display: it reads the same at any zoom, torch or facing.
//!
//! A JavaScript check on a canvas holding the video at its intrinsic size:
//!
//! ```js
//! const cell = Math.max(4, Math.floor(w / 80));
//! const lum = (i) => { const d = ctx.getImageData(cell + i * cell + cell / 4, cell + cell / 4, cell / 2, cell / 2).data;
//!   let s = 0; for (let k = 0; k < d.length; k += 4) s += d[k] + d[k + 1] + d[k + 2]; return s / (d.length / 4); };
//! const white = (lum(0) + lum(2)) / 2, black = (lum(1) + lum(3)) / 2, t = (white + black) / 2;
//! let n = 0; for (let i = 0; i < 32; i++) n = (n * 2) + (lum(4 + i) > t ? 1 : 0);
//! let check = 0; for (let i = 0; i < 8; i++) check = (check * 2) + (lum(36 + i) > t ? 1 : 0);
//! const ok = white - black > 100 && check === ((n ^ (n >>> 8) ^ (n >>> 16) ^ (n >>> 24)) & 0xff);
//! ```

use sightline_sdk_core::VideoFrame;

use crate::canvas::{Canvas, Yuv};

/// Calibration cells, then counter bits, then check bits.
const CALIBRATION: [bool; 4] = [true, false, true, false];
const COUNTER_BITS: usize = 32;
const CHECK_BITS: usize = 8;
/// Total cells in the strip.
pub const CELLS: usize = CALIBRATION.len() + COUNTER_BITS + CHECK_BITS;

/// Smallest luma difference between calibration white and black that counts as a strip.
const MIN_CONTRAST: u32 = 60;

/// Cell size in pixels for a frame `width` pixels wide.
pub fn cell_size(width: usize) -> usize {
    (width / 80).max(4)
}

fn check_byte(n: u32) -> u8 {
    (n ^ (n >> 8) ^ (n >> 16) ^ (n >> 24)) as u8
}

/// The strip's cells for frame number `n`, white = true.
fn cells(n: u32) -> impl Iterator<Item = bool> {
    let counter = (0..COUNTER_BITS).rev().map(move |bit| n >> bit & 1 == 1);
    let check = check_byte(n);
    let check = (0..CHECK_BITS).rev().map(move |bit| check >> bit & 1 == 1);
    CALIBRATION.into_iter().chain(counter).chain(check)
}

/// Draws the strip for frame number `n`.
pub(crate) fn draw(canvas: &mut Canvas, n: u32) {
    let cell = cell_size(canvas.width);
    for (index, white) in cells(n).enumerate() {
        let colour = if white { Yuv::WHITE } else { Yuv::BLACK };
        let c = cell as i64;
        canvas.fill_rect(c + index as i64 * c, c, c, c, colour);
    }
}

/// Reads the frame number from a YUV frame, or `None` if there is no valid strip
/// (too little contrast, wrong check byte, frame too small, RGBA frame).
pub fn read(frame: &VideoFrame) -> Option<u32> {
    let luma = frame.luma_plane().ok()??;
    let cell = cell_size(luma.width);
    if luma.width < cell * (CELLS + 1) || luma.height < 2 * cell {
        return None;
    }
    let quarter = cell / 4;
    let mean = |index: usize| -> u32 {
        let x0 = cell + index * cell + quarter;
        let rows = cell + quarter..cell + quarter + cell / 2;
        let sum: u32 = rows.map(|y| luma.row(y)[x0..x0 + cell / 2].iter().map(|&v| u32::from(v)).sum::<u32>()).sum();
        sum / (cell / 2 * cell / 2) as u32
    };
    let white = (mean(0) + mean(2)) / 2;
    let black = (mean(1) + mean(3)) / 2;
    if white < black + MIN_CONTRAST {
        return None;
    }
    let threshold = (white + black) / 2;
    let bits = |from: usize, count: usize| (from..from + count).fold(0u32, |acc, i| acc << 1 | u32::from(mean(i) > threshold));
    let n = bits(CALIBRATION.len(), COUNTER_BITS);
    let check = bits(CALIBRATION.len() + COUNTER_BITS, CHECK_BITS);
    (check == u32::from(check_byte(n))).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip_frame(width: usize, height: usize, n: u32) -> VideoFrame {
        let mut canvas = Canvas::new(width, height, Yuv::from_rgb(90, 90, 90));
        draw(&mut canvas, n);
        canvas.into_frame(0).expect("frame")
    }

    #[test]
    fn counter_round_trips_at_several_sizes() {
        for (w, h, n) in [(1280, 720, 0u32), (1280, 720, 123_456), (640, 360, u32::MAX), (321, 241, 77)] {
            assert_eq!(read(&strip_frame(w, h, n)), Some(n), "{w}x{h} n={n}");
        }
    }

    #[test]
    fn a_frame_without_a_strip_or_with_a_damaged_one_reads_as_none() {
        let blank = Canvas::new(640, 360, Yuv::from_rgb(90, 90, 90)).into_frame(0).expect("frame");
        assert_eq!(read(&blank), None);
        let mut canvas = Canvas::new(640, 360, Yuv::from_rgb(90, 90, 90));
        draw(&mut canvas, 5);
        // Clear the lowest counter bit (5 is odd) without fixing the check byte.
        let cell = cell_size(640) as i64;
        canvas.fill_rect(cell + 35 * cell, cell, cell, cell, Yuv::BLACK);
        assert_eq!(read(&canvas.into_frame(0).expect("frame")), None);
    }
}
