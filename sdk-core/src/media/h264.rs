//! H.264 access units as hardware encoders push them: Annex B NAL units, and the
//! parameter sets (SPS/PPS) a decoder needs before every IDR.
//!
//! MediaCodec and VideoToolbox emit the SPS and PPS once, when the encoder starts, and
//! not again with later IDRs. A viewer whose decoder starts at a later IDR (it joined
//! late, or its peer connection was renegotiated) could not decode it, so the SDK keeps
//! the latest parameter sets and puts them in front of every IDR that lacks them.

use super::sample::EncodedSample;
use crate::{Error, Result};

/// NAL unit types (H.264 table 7-1) the SDK acts on.
const NAL_IDR_SLICE: u8 = 5;
const NAL_SPS: u8 = 7;
const NAL_PPS: u8 = 8;
const START_CODE: [u8; 4] = [0, 0, 0, 1];

/// The type of a NAL unit (its header's low five bits).
fn nal_type(nal: &[u8]) -> Option<u8> {
    nal.first().map(|header| header & 0x1f)
}

/// The NAL units of an Annex B byte stream, without their start codes (3 or 4 bytes).
/// Fails when the stream does not begin with a start code (for example AVCC
/// length-prefixed units, which the app must convert).
pub fn nal_units(data: &[u8]) -> Result<Vec<&[u8]>> {
    let starts = start_codes(data);
    match starts.first() {
        Some(&(0, _)) => {}
        _ => return Err(Error::UnsupportedInput("H.264 samples must be an Annex B byte stream (start codes 00 00 01)".into())),
    }
    let units = starts
        .iter()
        .enumerate()
        .map(|(i, &(at, len))| {
            let end = starts.get(i + 1).map_or(data.len(), |&(next, _)| next);
            &data[at + len..end]
        })
        .filter(|unit| !unit.is_empty())
        .collect();
    Ok(units)
}

/// (offset, length) of every start code: `00 00 01`, or `00 00 00 01` counted whole.
fn start_codes(data: &[u8]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + 3 <= data.len() {
        if data[i..i + 3] == [0, 0, 1] {
            let four = i > 0 && data[i - 1] == 0 && found.last().is_none_or(|&(at, len)| at + len < i);
            found.push(if four { (i - 1, 4) } else { (i, 3) });
            i += 3;
        } else {
            i += 1;
        }
    }
    found
}

/// The latest SPS and PPS of the stream, kept across reconnects for as long as the
/// session runs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ParameterSets {
    sps: Option<Vec<u8>>,
    pps: Option<Vec<u8>>,
}

impl ParameterSets {
    /// Records the sample's parameter sets and returns it ready to send: an IDR that
    /// lacks its SPS or PPS gets the latest ones inserted right before its first slice,
    /// and is marked as a key frame. Fails on a sample that is not Annex B.
    pub fn complete(&mut self, sample: EncodedSample) -> Result<EncodedSample> {
        let units = nal_units(&sample.data)?;
        let (mut has_sps, mut has_pps) = (false, false);
        for unit in &units {
            match nal_type(unit) {
                Some(NAL_SPS) => {
                    self.sps = Some(unit.to_vec());
                    has_sps = true;
                }
                Some(NAL_PPS) => {
                    self.pps = Some(unit.to_vec());
                    has_pps = true;
                }
                _ => {}
            }
        }
        let Some(first_idr) = units.iter().position(|unit| nal_type(unit) == Some(NAL_IDR_SLICE)) else {
            return Ok(sample);
        };
        let missing: Vec<&[u8]> = [(has_sps, &self.sps), (has_pps, &self.pps)]
            .into_iter()
            .filter_map(|(present, cached)| if present { None } else { cached.as_deref() })
            .collect();
        if missing.is_empty() {
            return Ok(EncodedSample { keyframe: true, ..sample });
        }
        let extra: usize = missing.iter().map(|unit| START_CODE.len() + unit.len()).sum();
        let mut data = Vec::with_capacity(sample.data.len() + extra);
        for (i, unit) in units.iter().enumerate() {
            if i == first_idr {
                for parameter_set in &missing {
                    data.extend_from_slice(&START_CODE);
                    data.extend_from_slice(parameter_set);
                }
            }
            data.extend_from_slice(&START_CODE);
            data.extend_from_slice(unit);
        }
        Ok(EncodedSample { data, keyframe: true, ..sample })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::VideoCodec;

    const AUD: &[u8] = &[0x09, 0xf0];
    const SPS: &[u8] = &[0x67, 0x42, 0xe0, 0x1f, 0xaa];
    const PPS: &[u8] = &[0x68, 0xce, 0x3c, 0x80];
    const NEW_PPS: &[u8] = &[0x68, 0xce, 0x3c, 0x81];
    const IDR: &[u8] = &[0x65, 0x88, 0x84, 0x00];
    const P_SLICE: &[u8] = &[0x41, 0x9a, 0x02];

    fn stream(units: &[&[u8]]) -> Vec<u8> {
        units.iter().flat_map(|unit| START_CODE.iter().chain(unit.iter()).copied()).collect()
    }

    fn sample(units: &[&[u8]], keyframe: bool) -> EncodedSample {
        EncodedSample { codec: VideoCodec::H264, data: stream(units), keyframe, timestamp_us: 7 }
    }

    #[test]
    fn nal_units_split_on_three_and_four_byte_start_codes() {
        let data = [0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 1, 0x65, 0, 0x88];
        let units = nal_units(&data).expect("Annex B");
        assert_eq!(units, vec![&[0x67, 0x42][..], &[0x68, 0xce][..], &[0x65, 0, 0x88][..]]);
    }

    #[test]
    fn length_prefixed_units_are_refused_with_a_reason() {
        let avcc = [0, 0, 0, 4, 0x65, 0x88, 0x84, 0x00];
        assert!(matches!(nal_units(&avcc), Err(Error::UnsupportedInput(m)) if m.contains("Annex B")));
        assert!(matches!(ParameterSets::default().complete(sample(&[], true)), Err(Error::UnsupportedInput(_))));
    }

    #[test]
    fn an_idr_without_parameter_sets_gets_the_latest_before_its_slice() {
        let mut sets = ParameterSets::default();
        let first = sample(&[SPS, PPS, IDR], true);
        assert_eq!(sets.complete(first.clone()).expect("first"), first, "a complete IDR passes unchanged");
        let inter = sample(&[P_SLICE], false);
        assert_eq!(sets.complete(inter.clone()).expect("inter"), inter, "inter frames need nothing");

        let bare = sets.complete(sample(&[AUD, IDR], false)).expect("bare IDR");
        assert_eq!(bare.data, stream(&[AUD, SPS, PPS, IDR]));
        assert!(bare.keyframe, "an IDR is a key frame whatever the app said");
        assert_eq!(bare.timestamp_us, 7);
    }

    #[test]
    fn the_latest_parameter_sets_win_and_only_missing_ones_are_added() {
        let mut sets = ParameterSets::default();
        sets.complete(sample(&[SPS, PPS, IDR], true)).expect("first");
        // A new PPS arrives on its own, then an IDR carrying only its SPS.
        sets.complete(sample(&[NEW_PPS], false)).expect("parameter set alone");
        let idr = sets.complete(sample(&[SPS, IDR], true)).expect("IDR with its SPS");
        assert_eq!(idr.data, stream(&[SPS, NEW_PPS, IDR]));
    }

    #[test]
    fn before_any_parameter_set_an_idr_passes_as_it_is() {
        let mut sets = ParameterSets::default();
        let idr = sample(&[IDR], true);
        assert_eq!(sets.complete(idr.clone()).expect("IDR"), idr);
    }
}
