//! The core of an Aztec symbol sampled on our own grid around a bullseye: its modules, the
//! eight ways it may lie (four turns, each also mirrored), and the orientation marks and
//! mode message in the ring around the bullseye (ISO/IEC 24778).

use rxing::common::reedsolomon::{PredefinedGenericGF, ReedSolomonDecoder, ReedSolomonEncoder};
use rxing::common::BitMatrix;

/// The mode message ring of compact and of full symbols, in modules from the centre.
pub(crate) const COMPACT_RING: i32 = 5;
pub(crate) const FULL_RING: i32 = 7;
/// The orientation marks of an upright symbol, three per corner from the top left, clockwise.
const ORIENTATION: u32 = 0b111_011_100_000;

/// Modules sampled at their centres, `reach` modules around the centre each way, x to the
/// right and y down. Modules beyond the picture's border count as light.
pub(crate) struct Core {
    dark: Vec<bool>,
    reach: i32,
}

impl Core {
    pub(crate) fn sample(bits: &BitMatrix, (cx, cy): (f32, f32), module: f32, reach: i32) -> Core {
        let inside = |v: f32, size: u32| (v >= 0.0 && v < size as f32).then_some(v as u32);
        let mut dark = Vec::with_capacity(((2 * reach + 1) * (2 * reach + 1)) as usize);
        for y in -reach..=reach {
            for x in -reach..=reach {
                let (px, py) = (cx + x as f32 * module, cy + y as f32 * module);
                dark.push(
                    match (inside(px, bits.getWidth()), inside(py, bits.getHeight())) {
                        (Some(px), Some(py)) => bits.get(px, py),
                        _ => false,
                    },
                );
            }
        }
        Core { dark, reach }
    }

    /// Whether the module at (x, y) is dark; modules beyond the reach are light.
    pub(crate) fn at(&self, x: i32, y: i32) -> bool {
        let side = 2 * self.reach + 1;
        if x.abs() > self.reach || y.abs() > self.reach {
            return false;
        }
        self.dark[((y + self.reach) * side + x + self.reach) as usize]
    }

    /// The share of modules in the square rings `rings` whose colour is dark on even rings
    /// and light on odd ones, as a bullseye has them.
    pub(crate) fn bullseye_agreement(&self, rings: std::ops::Range<i32>) -> f32 {
        let (mut agree, mut total) = (0usize, 0usize);
        for y in -rings.end..=rings.end {
            for x in -rings.end..=rings.end {
                let ring = x.abs().max(y.abs());
                if rings.contains(&ring) {
                    total += 1;
                    agree += usize::from(self.at(x, y) == (ring % 2 == 0));
                }
            }
        }
        agree as f32 / total.max(1) as f32
    }

    /// The ways the core may lie (0..4 turns, 4..8 the same mirrored) in which the
    /// orientation marks around the ring at `radius` stand upright (one wrong mark allowed).
    pub(crate) fn upright_turns(&self, radius: i32) -> impl Iterator<Item = u8> + '_ {
        (0..8).filter(move |&turn| {
            let (marks, _) = ring_positions(radius);
            let bits = marks.iter().fold(0u32, |bits, &(x, y)| {
                bits << 1 | u32::from(self.seen(turn, x, y))
            });
            (bits ^ ORIENTATION).count_ones() <= 1
        })
    }

    /// The module at (x, y) of the core seen turned by `turn`.
    pub(crate) fn seen(&self, turn: u8, x: i32, y: i32) -> bool {
        let (x, y) = turned(turn, x, y);
        self.at(x, y)
    }

    /// The mode message bits (28 compact, 40 full) of the core seen turned by `turn`.
    pub(crate) fn mode_bits(&self, turn: u8, radius: i32) -> u64 {
        let (_, message) = ring_positions(radius);
        message.iter().fold(0u64, |bits, &(x, y)| {
            bits << 1 | u64::from(self.seen(turn, x, y))
        })
    }
}

/// Where the module at (x, y) of the upright symbol lies in a core seen turned by `turn`.
fn turned(turn: u8, x: i32, y: i32) -> (i32, i32) {
    let (x, y) = if turn >= 4 { (-x, y) } else { (x, y) };
    (0..turn % 4).fold((x, y), |(x, y), _| (-y, x))
}

/// Module positions (x, y) from the centre.
pub(crate) type Positions = Vec<(i32, i32)>;

/// The 12 orientation mark positions and the mode message positions of the ring at
/// `radius`, corner by corner from the top left, clockwise (full symbols skip the
/// reference grid line through the centre).
pub(crate) fn ring_positions(radius: i32) -> (Positions, Positions) {
    let (mut marks, mut message) = (Vec::with_capacity(12), Vec::with_capacity(40));
    for (dx, dy) in [(-1, -1), (1, -1), (1, 1), (-1, 1)] {
        let (x, y) = (radius * dx, radius * dy);
        let (mut before, mut after) = ((x, y - dy), (x - dx, y));
        if dx != dy {
            std::mem::swap(&mut before, &mut after);
        }
        marks.extend([before, (x, y), after]);
        let step = if dx == dy { (-dx, 0) } else { (0, -dy) };
        for i in (2..=2 * radius - 2).filter(|&i| radius == COMPACT_RING || i != radius) {
            message.push((x + i * step.0, y + i * step.1));
        }
    }
    (marks, message)
}

/// Mode message codewords (4 bits each) and how many of them are data.
fn codewords(radius: i32) -> (usize, usize) {
    if radius == COMPACT_RING {
        (7, 2)
    } else {
        (10, 4)
    }
}

/// The data of a mode message (8 bits compact, 16 full) when its Reed-Solomon check
/// corrects at most `max_corrected` codewords.
pub(crate) fn mode_data(bits: u64, radius: i32, max_corrected: usize) -> Option<u32> {
    let (count, data) = codewords(radius);
    let mut words: Vec<i32> = (0..count)
        .map(|i| ((bits >> (4 * (count - 1 - i))) & 0xF) as i32)
        .collect();
    let decoder = ReedSolomonDecoder::new(PredefinedGenericGF::AztecParam.into());
    let corrected = decoder.decode(&mut words, (count - data) as i32).ok()?;
    (corrected <= max_corrected).then(|| words[..data].iter().fold(0u32, |v, &w| v << 4 | w as u32))
}

/// The mode message bits that carry `data`, with their Reed-Solomon check.
pub(crate) fn mode_bits_for(data: u32, radius: i32) -> Option<u64> {
    let (count, data_words) = codewords(radius);
    let mut words = vec![0i32; count];
    for (i, word) in words.iter_mut().take(data_words).enumerate() {
        *word = ((data >> (4 * (data_words - 1 - i))) & 0xF) as i32;
    }
    let mut encoder = ReedSolomonEncoder::new(PredefinedGenericGF::AztecParam.into()).ok()?;
    encoder.encode(&mut words, count - data_words).ok()?;
    Some(words.iter().fold(0u64, |bits, &w| bits << 4 | w as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_messages_round_trip_and_one_wrong_codeword_is_corrected() {
        for (radius, data) in [(COMPACT_RING, 0xA5u32), (FULL_RING, 0x1234)] {
            let bits = mode_bits_for(data, radius).expect("encoded");
            assert_eq!(mode_data(bits, radius, 0), Some(data));
            let damaged = bits ^ 0b1011 << 8;
            assert_eq!(
                mode_data(damaged, radius, 0),
                None,
                "a correction was needed"
            );
            assert_eq!(mode_data(damaged, radius, 1), Some(data));
        }
        let (marks, message) = ring_positions(COMPACT_RING);
        assert_eq!((marks.len(), message.len()), (12, 28));
        let (marks, message) = ring_positions(FULL_RING);
        assert_eq!((marks.len(), message.len()), (12, 40));
    }
}
