//! Aztec runes: a compact Aztec core alone (11×11 modules, no data layers) whose mode message
//! carries one value 0..=255 instead of the symbol's size. rxing has no rune reader. The core
//! is sampled upright around a bullseye; the value stands only when the rings, the
//! orientation marks and the mode message's Reed-Solomon check all agree.

use crate::aztec_core::{mode_data, Core, COMPACT_RING};
use crate::bullseye::Bullseye;
use crate::format::BarcodeFormat;
use crate::picture::GrayImage;
use crate::reader::with_bits;
use crate::result::{NormalizedPoint, ScanResult};

/// The light ring around the mode message, in modules from the centre.
const QUIET_RING: i32 = COMPACT_RING + 1;
/// A rune's mode message is sent with every other bit inverted, from the first.
const RUNE_MASK: u64 = 0xAAA_AAAA;
/// Share of the bullseye's and of the light ring's modules that must have their colour.
const MIN_AGREEMENT: f32 = 0.9;

/// The rune around `eye` in `image`, with its corners in frame pixels.
pub(crate) fn read_rune(image: &GrayImage, eye: Bullseye) -> Option<ScanResult> {
    let reach = (QUIET_RING as f32 + 1.5) * eye.module;
    let crop = image.cropped(eye.x - reach, eye.y - reach, eye.x + reach, eye.y + reach)?;
    let (fx, fy) = image.to_frame.apply(eye.x, eye.y);
    let (cx, cy) = crop.to_picture(fx, fy);
    let value = with_bits(&crop, |bits| {
        let core = Core::sample(bits, (cx, cy), eye.module, QUIET_RING);
        let bare = core.bullseye_agreement(0..COMPACT_RING) >= MIN_AGREEMENT
            && 1.0 - core.bullseye_agreement(QUIET_RING..QUIET_RING + 1) >= MIN_AGREEMENT;
        if !bare {
            return None;
        }
        let mut turns = core.upright_turns(COMPACT_RING);
        turns.find_map(|turn| {
            let bits = core.mode_bits(turn, COMPACT_RING) ^ RUNE_MASK;
            mode_data(bits, COMPACT_RING, 1).map(|value| value as u8)
        })
    })??;
    let corner = COMPACT_RING as f32 * eye.module;
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
