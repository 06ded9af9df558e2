//! Aztec runes: a compact Aztec core alone (11×11 modules, no data layers) whose mode message
//! carries one value 0..=255 instead of the symbol's size. rxing has no rune reader. The core
//! is sampled upright around a bullseye; the value stands only when the rings, the
//! orientation marks and the mode message's Reed-Solomon check all agree.

use rxing::common::reedsolomon::{PredefinedGenericGF, ReedSolomonDecoder};
use rxing::common::BitMatrix;

use crate::bullseye::Bullseye;
use crate::format::BarcodeFormat;
use crate::picture::GrayImage;
use crate::reader::with_bits;
use crate::result::{NormalizedPoint, ScanResult};

/// The mode message ring and the light ring around it, in modules from the centre.
const MODE_RING: i32 = 5;
const QUIET_RING: i32 = 6;
/// The orientation marks of an upright symbol, three per corner from the top left, clockwise.
const ORIENTATION: u32 = 0b111_011_100_000;
/// A rune's mode message is sent with every other bit inverted, from the first.
const RUNE_MASK: u32 = 0xAAA_AAAA;
/// Mode message codewords (4 bits): 2 data, 5 check.
const CODEWORDS: usize = 7;
const CHECK_CODEWORDS: i32 = 5;
/// Share of the bullseye's and of the light ring's modules that must have their colour.
const MIN_AGREEMENT: f32 = 0.9;

/// The rune around `eye` in `image`, with its corners in frame pixels.
pub(crate) fn read_rune(image: &GrayImage, eye: Bullseye) -> Option<ScanResult> {
    let reach = (QUIET_RING as f32 + 1.5) * eye.module;
    let crop = image.cropped(eye.x - reach, eye.y - reach, eye.x + reach, eye.y + reach)?;
    let (cx, cy) = crop.to_picture(
        image.to_frame.apply(eye.x, eye.y).0,
        image.to_frame.apply(eye.x, eye.y).1,
    );
    let value = with_bits(&crop, |bits| {
        let grid = Grid::sample(bits, (cx, cy), eye.module);
        grid.is_bare_core().then(|| grid.value()).flatten()
    })??;
    let corner = MODE_RING as f32 * eye.module;
    let points = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
        .map(|(dx, dy)| {
            let (x, y) = crop.to_frame.apply(cx + dx * corner, cy + dy * corner);
            NormalizedPoint { x, y }
        })
        .to_vec();
    Some(ScanResult {
        format: BarcodeFormat::Aztec,
        text: format!("{value:03}"),
        raw_bytes: vec![value],
        points,
    })
}

/// The modules up to the light ring, sampled at their centres: `dark(x, y)` for x and y in
/// -6..=6, x to the right and y down.
struct Grid {
    dark: [[bool; 13]; 13],
}

impl Grid {
    /// Modules beyond the picture's border count as light: pictures cropped tight to the
    /// rune have no light ring.
    fn sample(bits: &BitMatrix, (cx, cy): (f32, f32), module: f32) -> Grid {
        let mut dark = [[false; 13]; 13];
        let inside = |v: f32, size: u32| (v >= 0.0 && v < size as f32).then_some(v as u32);
        for (row, y) in dark.iter_mut().zip(-QUIET_RING..=QUIET_RING) {
            for (cell, x) in row.iter_mut().zip(-QUIET_RING..=QUIET_RING) {
                let (px, py) = (cx + x as f32 * module, cy + y as f32 * module);
                *cell = match (inside(px, bits.getWidth()), inside(py, bits.getHeight())) {
                    (Some(px), Some(py)) => bits.get(px, py),
                    _ => false,
                };
            }
        }
        Grid { dark }
    }

    fn at(&self, x: i32, y: i32) -> bool {
        self.dark[(y + QUIET_RING) as usize][(x + QUIET_RING) as usize]
    }

    /// Whether the rings of a compact bullseye are there and nothing but light ground lies
    /// around the mode message (a rune has no data layers).
    fn is_bare_core(&self) -> bool {
        let (mut rings, mut ring_total, mut quiet, mut quiet_total) = (0, 0, 0, 0);
        for y in -QUIET_RING..=QUIET_RING {
            for x in -QUIET_RING..=QUIET_RING {
                let ring = x.abs().max(y.abs());
                if ring < MODE_RING {
                    ring_total += 1;
                    rings += usize::from(self.at(x, y) == (ring % 2 == 0));
                } else if ring == QUIET_RING {
                    quiet_total += 1;
                    quiet += usize::from(!self.at(x, y));
                }
            }
        }
        let agrees = |count: usize, total: usize| count as f32 >= MIN_AGREEMENT * total as f32;
        agrees(rings, ring_total) && agrees(quiet, quiet_total)
    }

    /// The rune value, in whichever of the eight turns and mirror images the orientation
    /// marks stand upright and the mode message passes its check.
    fn value(&self) -> Option<u8> {
        (0..8).find_map(|turn| {
            let at = |x: i32, y: i32| {
                let (x, y) = if turn >= 4 { (-x, y) } else { (x, y) };
                let (x, y) = (0..turn % 4).fold((x, y), |(x, y), _| (-y, x));
                self.at(x, y)
            };
            let (marks, message) = ring_bits(at);
            ((marks ^ ORIENTATION).count_ones() <= 1)
                .then(|| rune_value(message))
                .flatten()
        })
    }
}

/// The 12 orientation bits and the 28 mode message bits of the ring around a compact core,
/// read corner by corner from the top left, clockwise.
fn ring_bits(at: impl Fn(i32, i32) -> bool) -> (u32, u32) {
    let (mut marks, mut message) = (0u32, 0u32);
    for (dx, dy) in [(-1, -1), (1, -1), (1, 1), (-1, 1)] {
        let (x, y) = (MODE_RING * dx, MODE_RING * dy);
        let (mut before, mut after) = ((x, y - dy), (x - dx, y));
        if dx != dy {
            std::mem::swap(&mut before, &mut after);
        }
        for (mx, my) in [before, (x, y), after] {
            marks = marks << 1 | u32::from(at(mx, my));
        }
        let step = if dx == dy { (-dx, 0) } else { (0, -dy) };
        for i in 2..=2 * MODE_RING - 2 {
            message = message << 1 | u32::from(at(x + i * step.0, y + i * step.1));
        }
    }
    (marks, message)
}

/// The value of a rune's mode message, when its check corrects at most one codeword.
fn rune_value(message: u32) -> Option<u8> {
    let bits = message ^ RUNE_MASK;
    let mut words: Vec<i32> = (0..CODEWORDS)
        .map(|i| ((bits >> (4 * (CODEWORDS - 1 - i))) & 0xF) as i32)
        .collect();
    let decoder = ReedSolomonDecoder::new(PredefinedGenericGF::AztecParam.into());
    let corrected = decoder.decode(&mut words, CHECK_CODEWORDS).ok()?;
    (corrected <= 1).then(|| (words[0] << 4 | words[1]) as u8)
}
