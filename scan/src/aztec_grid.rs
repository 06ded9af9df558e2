//! Aztec symbols read on our own grid when rxing's detector gives up: the grid is sampled
//! around one of our bullseyes, its size read from the mode message, and a clean picture of
//! the sampled modules handed to rxing's reader (which decodes it and checks its error
//! correction). Reader-initialisation symbols set the top bit of the mode message's data
//! block count (ISO/IEC 24778, section 9), which rxing takes for a size that cannot be; the
//! bit is cleared and the message's check recomputed in the picture drawn.

use crate::aztec_core::{mode_bits_for, mode_data, ring_positions, Core, COMPACT_RING, FULL_RING};
use crate::bullseye::Bullseye;
use crate::format::BarcodeFormat;
use crate::picture::GrayImage;
use crate::reader::{read, with_bits, Look};
use crate::result::ScanResult;

/// Drawn pictures have this many pixels per module and this many modules of light ring.
const DRAWN: (usize, usize) = (4, 4);
/// Share of the bullseye's modules that must have their colour.
const MIN_AGREEMENT: f32 = 0.85;

/// What the mode message says of a symbol.
struct Mode {
    radius: i32,
    /// The message bits to draw (the reader-initialisation bit cleared).
    bits: u64,
    side: usize,
}

/// The Aztec symbol around `eye` in `image`, read on our own grid.
pub(crate) fn read_on_grid(image: &GrayImage, eye: Bullseye) -> Option<ScanResult> {
    let (fx, fy) = image.to_frame.apply(eye.x, eye.y);
    let crop_around = |modules: f32| {
        let reach = (modules + 1.5) * eye.module;
        let crop = image.cropped(eye.x - reach, eye.y - reach, eye.x + reach, eye.y + reach)?;
        let centre = crop.to_picture(fx, fy);
        Some((crop, centre))
    };
    let (crop, centre) = crop_around(FULL_RING as f32)?;
    let (turn, mode) = with_bits(&crop, |bits| {
        let core = Core::sample(bits, centre, eye.module, FULL_RING);
        [COMPACT_RING, FULL_RING].into_iter().find_map(|radius| {
            if core.bullseye_agreement(0..radius) < MIN_AGREEMENT {
                return None;
            }
            let mut turns = core.upright_turns(radius);
            turns.find_map(|turn| {
                mode(core.mode_bits(turn, radius), radius).map(|mode| (turn, mode))
            })
        })
    })??;
    let half = (mode.side / 2) as i32;
    let (crop, centre) = crop_around(half as f32)?;
    let grid = with_bits(&crop, |bits| Core::sample(bits, centre, eye.module, half))?;
    let (_, message) = ring_positions(mode.radius);
    let dark = |column: usize, row: usize| {
        let (x, y) = (column as i32 - half, row as i32 - half);
        match message.iter().position(|&p| p == (x, y)) {
            Some(i) => mode.bits >> (message.len() - 1 - i) & 1 == 1,
            None => grid.seen(turn, x, y),
        }
    };
    let drawn = crop.modules_over(mode.side, dark, DRAWN, centre, eye.module);
    read(&drawn, &[BarcodeFormat::Aztec], Look::QUICK.pure(), false)
        .into_iter()
        .next()
}

/// The symbol's mode, from mode message bits that pass their check.
fn mode(bits: u64, radius: i32) -> Option<Mode> {
    let data = mode_data(bits, radius, 2)?;
    let compact = radius == COMPACT_RING;
    let (layers, init_bit) = if compact {
        ((data >> 6) + 1, 0x20)
    } else {
        ((data >> 11) + 1, 0x400)
    };
    let reader_init = data & init_bit != 0 && (if compact { layers == 1 } else { layers <= 22 });
    let data = if reader_init { data & !init_bit } else { data };
    let side = if compact {
        4 * layers + 11
    } else {
        4 * layers + 2 * ((2 * layers + 6) / 15) + 15
    };
    Some(Mode {
        radius,
        bits: mode_bits_for(data, radius)?,
        side: side as usize,
    })
}
