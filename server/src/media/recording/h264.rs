//! H.264 access units as a recording needs them. The depacketizer gives Annex B units; a
//! frame with an IDR slice is a key frame; its SPS and PPS (a phone's SDK puts them in
//! front of every IDR) make the MP4 sample entry (`avc1` with its `avcC`, which also tells
//! the picture's size); the samples are the other units, each prefixed with its 4-byte
//! length, the parameter sets and access unit delimiters left to the sample entry.

use std::fs::File;

use shiguredo_mp4::bitstream::h264::{build_avc1_box, parse_annexb_nal_units, H264NalUnit, H264NalUnitType, H264SampleEntryConfig, LengthSize};
use shiguredo_mp4::boxes::SampleEntry;
use webrtc::rtp::codecs::h264::H264Packet;

use super::container::Container;
use super::mp4::Mp4;
use super::VideoFormat;
use crate::error::Result;

pub struct H264;

impl VideoFormat for H264 {
    type Depacketizer = H264Packet;

    fn is_key(frame: &[u8]) -> bool {
        units(frame).iter().any(|unit| unit.nal_unit_type == H264NalUnitType::IdrSlice)
    }

    fn open(file: &File, key_frame: &[u8]) -> Result<Option<Box<dyn Container>>> {
        let Some(entry) = Picture::of(key_frame).entry else { return Ok(None) };
        Ok(Some(Box::new(Mp4::create(super::reopen(file)?, entry)?)))
    }
}

/// One frame as an MP4 sample.
#[derive(Debug, PartialEq)]
pub struct Picture {
    /// The units to decode, each after its length (4 bytes, big-endian); empty when the
    /// frame holds none (or is not Annex B).
    pub data: Vec<u8>,
    /// The sample entry the frame's parameter sets make, if it carries an SPS and a PPS.
    pub entry: Option<SampleEntry>,
}

impl Picture {
    pub fn of(frame: &[u8]) -> Picture {
        let units = units(frame);
        let of_type = |kind: H264NalUnitType| -> Vec<Vec<u8>> { units.iter().filter(|unit| unit.nal_unit_type == kind).map(|unit| unit.data.to_vec()).collect() };
        let (sps, pps) = (of_type(H264NalUnitType::Sps), of_type(H264NalUnitType::Pps));
        let entry = (!sps.is_empty() && !pps.is_empty())
            .then(|| build_avc1_box(&sps, &pps, &H264SampleEntryConfig { length_size: LengthSize::FourBytes }).ok())
            .flatten()
            .map(SampleEntry::Avc1);
        let mut data = Vec::with_capacity(frame.len());
        for unit in units.iter().filter(|unit| !matches!(unit.nal_unit_type, H264NalUnitType::Sps | H264NalUnitType::Pps | H264NalUnitType::Aud)) {
            let Ok(length) = u32::try_from(unit.data.len()) else { continue };
            data.extend_from_slice(&length.to_be_bytes());
            data.extend_from_slice(unit.data);
        }
        Picture { data, entry }
    }
}

/// The frame's NAL units; none when it is not a valid Annex B stream.
fn units(frame: &[u8]) -> Vec<H264NalUnit<'_>> {
    parse_annexb_nal_units(frame).unwrap_or_default()
}

/// NAL units of a 640×360 stream, for the recording's tests.
#[cfg(test)]
pub mod samples {
    /// The SPS of a 640×360 constrained baseline stream at level 3.0 (x264's), and its PPS.
    pub const SPS: &[u8] = &[
        0x67, 0x42, 0xc0, 0x1e, 0xd9, 0x00, 0xa0, 0x2f, 0xf9, 0x70, 0x11, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x03, 0x00, 0x3c, 0x0f, 0x16, 0x2e,
        0x48,
    ];
    pub const PPS: &[u8] = &[0x68, 0xcb, 0x83, 0xcb, 0x20];
    pub const IDR: &[u8] = &[0x65, 0x88, 0x84, 0x00, 0x33];
    pub const P_SLICE: &[u8] = &[0x41, 0x9a, 0x02];
    pub const AUD: &[u8] = &[0x09, 0xf0];

    /// The units as an Annex B stream (4-byte start codes).
    pub fn annex_b(units: &[&[u8]]) -> Vec<u8> {
        units.iter().flat_map(|unit| [0, 0, 0, 1].iter().chain(unit.iter()).copied()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::samples::*;
    use super::*;

    #[test]
    fn an_idr_with_its_parameter_sets_is_a_key_frame_that_tells_the_picture() {
        let key = annex_b(&[AUD, SPS, PPS, IDR]);
        assert!(H264::is_key(&key));
        let picture = Picture::of(&key);
        assert_eq!(picture.data, [&[0, 0, 0, 5][..], IDR].concat(), "only the slice, length-prefixed");
        let Some(SampleEntry::Avc1(avc1)) = picture.entry else { panic!("an avc1 entry: {:?}", picture.entry) };
        assert_eq!((avc1.visual.width, avc1.visual.height), (640, 360));
        assert_eq!((avc1.avcc_box.avc_profile_indication, avc1.avcc_box.avc_level_indication), (66, 30));
        assert_eq!((avc1.avcc_box.sps_list, avc1.avcc_box.pps_list), (vec![SPS.to_vec()], vec![PPS.to_vec()]));
    }

    #[test]
    fn other_frames_are_samples_without_an_entry() {
        let inter = annex_b(&[P_SLICE, P_SLICE]);
        assert!(!H264::is_key(&inter));
        assert_eq!(Picture::of(&inter), Picture { data: [&[0, 0, 0, 3][..], P_SLICE, &[0, 0, 0, 3], P_SLICE].concat(), entry: None });
        // An IDR without its parameter sets is a key frame, but cannot open a recording.
        let bare = annex_b(&[IDR]);
        assert!(H264::is_key(&bare) && Picture::of(&bare).entry.is_none());
        // Not Annex B: nothing to record.
        assert_eq!(Picture::of(&[0x65, 0x88]), Picture { data: Vec::new(), entry: None });
    }
}
