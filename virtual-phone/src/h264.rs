//! The virtual phone's stand-in for a phone's hardware H.264 encoder (MediaCodec,
//! VideoToolbox): openh264, constrained baseline for real-time video, giving Annex B
//! access units. Like a hardware encoder it emits its SPS and PPS once per
//! configuration (not with every IDR); the SDK adds them where a viewer needs them.

use openh264::encoder::{BitRate, Encoder, EncoderConfig, FrameRate, FrameType, IntraFramePeriod, Profile, RateControlMode, UsageType};
use openh264::formats::YUVSource;
use openh264::{OpenH264API, Timestamp};
use sightline_sdk_core::frame::PlaneLayout;
use sightline_sdk_core::media::convert::to_i420;
use sightline_sdk_core::media::{EncodedSample, VideoCodec};
use sightline_sdk_core::VideoFrame;

use crate::error::{Error, Result};

/// NAL unit types of the parameter sets (SPS, PPS).
const PARAMETER_SET_TYPES: [u8; 2] = [7, 8];

/// How the encoder runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct H264Settings {
    pub bitrate_kbps: u32,
    pub fps: u32,
    /// Longest run of frames without an IDR; otherwise IDRs come on request.
    pub keyframe_interval: u32,
}

/// A hardware-like H.264 encoder: raw frames in, access units out.
pub struct HardwareEncoder {
    encoder: Encoder,
    /// The parameter sets last emitted: identical ones are not emitted again.
    parameter_sets: Vec<Vec<u8>>,
}

impl HardwareEncoder {
    pub fn new(settings: H264Settings) -> Result<HardwareEncoder> {
        let config = EncoderConfig::new()
            .usage_type(UsageType::CameraVideoRealTime)
            .profile(Profile::Baseline)
            .rate_control_mode(RateControlMode::Bitrate)
            .bitrate(BitRate::from_bps(settings.bitrate_kbps.saturating_mul(1000)))
            .max_frame_rate(FrameRate::from_hz(settings.fps.max(1) as f32))
            .intra_frame_period(IntraFramePeriod::from_num_frames(settings.keyframe_interval))
            .skip_frames(false)
            .num_threads(1);
        let encoder = Encoder::with_api_config(OpenH264API::from_source(), config).map_err(encoder_error)?;
        Ok(HardwareEncoder { encoder, parameter_sets: Vec::new() })
    }

    /// The next frame will be an IDR (the SDK asked: a viewer needs a key frame).
    pub fn request_keyframe(&mut self) {
        self.encoder.force_intra_frame();
    }

    /// Encodes one frame; `None` when the encoder produced nothing for it.
    pub fn encode(&mut self, frame: &VideoFrame) -> Result<Option<EncodedSample>> {
        if frame.width % 2 != 0 || frame.height % 2 != 0 {
            return Err(Error::Encoder(format!("H.264 needs an even picture size, not {}x{}", frame.width, frame.height)));
        }
        let i420 = to_i420(frame)?;
        let planes = Planes::of(&i420)?;
        let timestamp = Timestamp::from_millis(frame.timestamp_us / 1000);
        let bitstream = self.encoder.encode_at(&planes, timestamp).map_err(encoder_error)?;
        let keyframe = match bitstream.frame_type() {
            FrameType::IDR => true,
            FrameType::I | FrameType::P | FrameType::IPMixed => false,
            FrameType::Skip | FrameType::Invalid => return Ok(None),
        };
        let mut data = Vec::new();
        let mut parameter_sets = Vec::new();
        for layer in (0..bitstream.num_layers()).filter_map(|i| bitstream.layer(i)) {
            for nal in (0..layer.nal_count()).filter_map(|i| layer.nal_unit(i)) {
                if is_parameter_set(nal) {
                    parameter_sets.push(nal.to_vec());
                } else {
                    data.extend_from_slice(nal);
                }
            }
        }
        if !parameter_sets.is_empty() && parameter_sets != self.parameter_sets {
            // A new configuration: its parameter sets go out once, in front of the frame.
            let mut with_sets: Vec<u8> = parameter_sets.concat();
            with_sets.append(&mut data);
            data = with_sets;
            self.parameter_sets = parameter_sets;
        }
        if data.is_empty() {
            return Ok(None);
        }
        Ok(Some(EncodedSample { codec: VideoCodec::H264, data, keyframe, timestamp_us: frame.timestamp_us }))
    }
}

/// Whether an Annex B NAL unit (with its start code) is an SPS or a PPS.
fn is_parameter_set(nal: &[u8]) -> bool {
    let header = nal.iter().position(|&b| b == 1).and_then(|at| nal.get(at + 1));
    header.is_some_and(|h| PARAMETER_SET_TYPES.contains(&(h & 0x1f)))
}

fn encoder_error(err: openh264::Error) -> Error {
    Error::Encoder(err.to_string())
}

/// An I420 frame's three planes as openh264 reads them.
struct Planes<'a> {
    frame: &'a VideoFrame,
    layout: Vec<PlaneLayout>,
}

impl<'a> Planes<'a> {
    fn of(frame: &'a VideoFrame) -> Result<Planes<'a>> {
        let layout = frame.layout().map_err(sightline_sdk_core::Error::from)?;
        if layout.len() != 3 {
            return Err(Error::Encoder(format!("an I420 frame has 3 planes, not {}", layout.len())));
        }
        Ok(Planes { frame, layout })
    }

    fn plane(&self, index: usize) -> &[u8] {
        let plane = self.layout[index];
        let end = (plane.offset + plane.stride * plane.rows).min(self.frame.data.len());
        &self.frame.data[plane.offset..end]
    }
}

impl YUVSource for Planes<'_> {
    fn dimensions(&self) -> (usize, usize) {
        (self.frame.width as usize, self.frame.height as usize)
    }

    fn strides(&self) -> (usize, usize, usize) {
        (self.layout[0].stride, self.layout[1].stride, self.layout[2].stride)
    }

    fn y(&self) -> &[u8] {
        self.plane(0)
    }

    fn u(&self) -> &[u8] {
        self.plane(1)
    }

    fn v(&self) -> &[u8] {
        self.plane(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_sdk_core::media::h264::nal_units;
    use sightline_sdk_core::PixelFormat;

    fn frame(t: u64) -> VideoFrame {
        let (w, h) = (64usize, 48usize);
        let mut data: Vec<u8> = (0..w * h).map(|i| ((i % w) * 3 + t as usize * 5) as u8).collect();
        data.extend(std::iter::repeat_n(128u8, w * h / 2));
        VideoFrame::packed(PixelFormat::I420, w as u32, h as u32, data, t * 33_333).expect("frame")
    }

    fn types(sample: &EncodedSample) -> Vec<u8> {
        nal_units(&sample.data).expect("Annex B").iter().map(|nal| nal[0] & 0x1f).collect()
    }

    #[test]
    fn parameter_sets_come_once_and_requested_idrs_come_without_them() {
        let mut encoder = HardwareEncoder::new(H264Settings { bitrate_kbps: 500, fps: 30, keyframe_interval: 600 }).expect("encoder");
        let first = encoder.encode(&frame(0)).expect("encode").expect("a first frame");
        assert!(first.keyframe);
        assert_eq!(types(&first)[..2], [7, 8], "SPS and PPS lead the first IDR: {:?}", types(&first));
        assert!(types(&first).contains(&5));
        let second = encoder.encode(&frame(1)).expect("encode").expect("a frame");
        assert!(!second.keyframe && !types(&second).contains(&5));
        encoder.request_keyframe();
        let idr = encoder.encode(&frame(2)).expect("encode").expect("a frame");
        assert!(idr.keyframe && types(&idr).contains(&5), "{:?}", types(&idr));
        assert!(!types(&idr).iter().any(|t| [7, 8].contains(t)), "no parameter sets again: {:?}", types(&idr));
    }

    #[test]
    fn an_odd_picture_size_is_refused() {
        let mut encoder = HardwareEncoder::new(H264Settings { bitrate_kbps: 500, fps: 30, keyframe_interval: 600 }).expect("encoder");
        let odd = VideoFrame::packed(PixelFormat::I420, 3, 2, vec![0; 10], 0).expect("frame");
        assert!(matches!(encoder.encode(&odd), Err(Error::Encoder(_))));
    }
}
