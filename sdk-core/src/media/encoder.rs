//! The live video encoder: raw frames of any supported layout in, VP8 samples out.
//!
//! VP8 is the codec because every Chromium decodes it, Debian's libvpx encodes it in
//! software on any phone or desktop, and it needs no patent licence. Phones with a
//! hardware H.264 encoder bypass this and push [`MediaInput::Encoded`](super::MediaInput)
//! samples instead.
//!
//! The picture sent is the camera's, or a half or a quarter of it each way when the target
//! bitrate cannot carry the whole (`adapt::divisor_for`).

use std::borrow::Cow;

use super::adapt::divisor_for;
use super::convert::{shrink_i420, to_i420};
use super::sample::{EncodedSample, VideoCodec};
use super::vp8::{Vp8Encoder, Vp8Settings, VIDEO_CLOCK_RATE};
use crate::{Result, VideoFrame};

/// Encoder settings.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncoderConfig {
    /// Target bitrate in kilobits per second: the most the publisher sends, and where it
    /// starts; a lossy uplink lowers it (`adapt::RateController`).
    pub bitrate_kbps: u32,
    /// Encoder threads; capped at 2 to leave the phone's other cores to the app.
    pub max_threads: u32,
    /// Longest run of frames without a key frame; otherwise key frames come on request.
    pub keyframe_interval: u32,
    /// Expected frame rate, used for the first frame's duration.
    pub fps: u32,
}

impl Default for EncoderConfig {
    fn default() -> Self {
        EncoderConfig { bitrate_kbps: 1_500, max_threads: 2, keyframe_interval: 600, fps: 30 }
    }
}

/// Encodes a stream of raw frames to VP8. Follows size changes (rotation, camera switch,
/// a smaller picture for a lower bitrate) by starting a new encoder, whose first frame is
/// a key frame.
pub struct VideoEncoder {
    config: EncoderConfig,
    vp8: Option<Vp8Encoder>,
    /// How many times smaller each way than the camera's the picture sent is.
    divisor: u32,
    keyframe_requested: bool,
    last_pts: Option<i64>,
}

impl VideoEncoder {
    pub fn new(config: EncoderConfig) -> Self {
        VideoEncoder { config, vp8: None, divisor: 1, keyframe_requested: false, last_pts: None }
    }

    /// The next encoded frame will be a key frame (a viewer lost the picture: PLI/FIR).
    pub fn request_keyframe(&mut self) {
        self.keyframe_requested = true;
    }

    /// Changes the target bitrate, on the running encoder too; the next frame's size
    /// follows it.
    pub fn set_bitrate_kbps(&mut self, bitrate_kbps: u32) -> Result<()> {
        self.config.bitrate_kbps = bitrate_kbps;
        match &mut self.vp8 {
            Some(vp8) => vp8.set_bitrate_kbps(bitrate_kbps),
            None => Ok(()),
        }
    }

    /// Encodes one frame. `None` when the encoder produced nothing for it.
    pub fn encode(&mut self, frame: &VideoFrame) -> Result<Option<EncodedSample>> {
        let i420 = to_i420(frame)?;
        self.divisor = divisor_for(self.config.bitrate_kbps, frame.width, frame.height, self.config.fps, self.divisor);
        let picture = match self.divisor {
            1 => i420,
            divisor => Cow::Owned(shrink_i420(&i420, divisor)?),
        };
        let pts = self.next_pts(frame.timestamp_us);
        let duration = u64::from(VIDEO_CLOCK_RATE / self.config.fps.max(1));
        let force_keyframe = self.keyframe_requested;
        let vp8 = self.encoder_for(picture.width, picture.height)?;
        let Some(encoded) = vp8.encode(&picture, pts, duration, force_keyframe)? else {
            return Ok(None);
        };
        if encoded.keyframe {
            self.keyframe_requested = false;
        }
        Ok(Some(EncodedSample {
            codec: VideoCodec::Vp8,
            data: encoded.data,
            keyframe: encoded.keyframe,
            timestamp_us: frame.timestamp_us,
        }))
    }

    /// The size of the pictures encoded now (`None` before the first frame).
    pub fn picture_size(&self) -> Option<(u32, u32)> {
        self.vp8.as_ref().map(|vp8| {
            let settings = vp8.settings();
            (settings.width, settings.height)
        })
    }

    /// The frame's time in 90 kHz ticks, kept strictly increasing as libvpx requires even
    /// when the app's clock stalls or steps back.
    fn next_pts(&mut self, timestamp_us: u64) -> i64 {
        let ticks = u128::from(timestamp_us) * u128::from(VIDEO_CLOCK_RATE) / 1_000_000;
        let ticks = i64::try_from(ticks).unwrap_or(i64::MAX);
        let pts = match self.last_pts {
            Some(last) if ticks <= last => last.saturating_add(1),
            _ => ticks,
        };
        self.last_pts = Some(pts);
        pts
    }

    fn encoder_for(&mut self, width: u32, height: u32) -> Result<&mut Vp8Encoder> {
        let settings = Vp8Settings {
            width,
            height,
            bitrate_kbps: self.config.bitrate_kbps,
            threads: self.config.max_threads,
            keyframe_interval: self.config.keyframe_interval,
        };
        let reusable = self.vp8.as_ref().is_some_and(|vp8| {
            let current = vp8.settings();
            (current.width, current.height) == (width, height)
        });
        if !reusable {
            // Drop the old context first: two 720p contexts at once double the memory peak.
            self.vp8 = None;
        }
        match &mut self.vp8 {
            Some(vp8) => Ok(vp8),
            empty => Ok(empty.insert(Vp8Encoder::new(settings)?)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::vp8::Vp8Decoder;
    use crate::PixelFormat;

    /// A textured test picture: gradients plus a bright square that moves with `t`.
    fn scene(width: u32, height: u32, t: u32) -> VideoFrame {
        let (w, h) = (width as usize, height as usize);
        let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
        let mut data = vec![0u8; w * h + 2 * cw * ch];
        for y in 0..h {
            for x in 0..w {
                let square = (x + 4 * t as usize) % w < w / 4 && y > h / 4 && y < h / 2;
                data[y * w + x] = if square { 230 } else { (40 + (x * 120 / w) + (y * 60 / h)) as u8 };
            }
        }
        for i in 0..cw * ch {
            data[w * h + i] = 100 + (i % cw * 50 / cw) as u8;
            data[w * h + cw * ch + i] = 150 - (i / cw * 40 / ch) as u8;
        }
        VideoFrame::packed(PixelFormat::I420, width, height, data, u64::from(t) * 33_333).expect("scene frame")
    }

    fn psnr(a: &[u8], b: &[u8]) -> f64 {
        assert_eq!(a.len(), b.len());
        let mse = a.iter().zip(b).map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2)).sum::<f64>() / a.len() as f64;
        10.0 * (255.0f64 * 255.0 / mse.max(1e-9)).log10()
    }

    fn round_trip(encoder: &mut VideoEncoder, decoder: &mut Vp8Decoder, frame: &VideoFrame) -> (EncodedSample, VideoFrame) {
        let sample = encoder.encode(frame).expect("encode").expect("a frame for every input");
        let decoded = decoder.decode(&sample.data, sample.timestamp_us).expect("decode").expect("a picture");
        (sample, decoded)
    }

    #[test]
    fn i420_round_trips_through_libvpx_with_high_fidelity() {
        let mut encoder = VideoEncoder::new(EncoderConfig::default());
        let mut decoder = Vp8Decoder::new().expect("decoder");
        for t in 0..12 {
            let frame = scene(320, 240, t);
            let (sample, decoded) = round_trip(&mut encoder, &mut decoder, &frame);
            assert_eq!(sample.keyframe, t == 0, "only the first frame is a key frame (t={t})");
            assert_eq!((decoded.width, decoded.height), (320, 240));
            let p = psnr(&frame.data, &decoded.data);
            assert!(p > 30.0, "frame {t}: PSNR {p:.1} dB");
        }
    }

    #[test]
    fn keyframe_request_forces_the_next_frame_to_be_key() {
        let mut encoder = VideoEncoder::new(EncoderConfig::default());
        let keys: Vec<bool> = (0..6)
            .map(|t| {
                if t == 3 {
                    encoder.request_keyframe();
                }
                encoder.encode(&scene(160, 96, t)).expect("encode").expect("frame").keyframe
            })
            .collect();
        assert_eq!(keys, vec![true, false, false, true, false, false]);
    }

    #[test]
    fn strided_nv12_and_rgba_inputs_decode_to_the_same_picture() {
        let (w, h) = (64u32, 48u32);
        let reference = scene(w, h, 0);
        let (wu, hu) = (w as usize, h as usize);
        let (cw, ch) = (wu / 2, hu / 2);
        // NV12 with 8 bytes of padding per row, built from the reference planes.
        let (ys, uvs) = (wu + 8, cw * 2 + 8);
        let mut nv12 = vec![0u8; ys * hu + uvs * ch];
        for y in 0..hu {
            nv12[y * ys..y * ys + wu].copy_from_slice(&reference.data[y * wu..(y + 1) * wu]);
        }
        for y in 0..ch {
            for x in 0..cw {
                nv12[ys * hu + y * uvs + 2 * x] = reference.data[wu * hu + y * cw + x];
                nv12[ys * hu + y * uvs + 2 * x + 1] = reference.data[wu * hu + cw * ch + y * cw + x];
            }
        }
        let nv12 = VideoFrame { format: PixelFormat::Nv12, width: w, height: h, strides: vec![ys as u32, uvs as u32], data: nv12, timestamp_us: 0 };
        let mut decoder = Vp8Decoder::new().expect("decoder");
        let (_, decoded) = round_trip(&mut VideoEncoder::new(EncoderConfig::default()), &mut decoder, &nv12);
        assert!(psnr(&reference.data, &decoded.data) > 30.0);

        // RGBA grey ramp with padding: decoded luma follows BT.601 limited range.
        let stride = wu * 4 + 12;
        let mut rgba = vec![0u8; stride * hu];
        for y in 0..hu {
            for x in 0..wu {
                let v = (x * 255 / (wu - 1)) as u8;
                rgba[y * stride + 4 * x..][..4].copy_from_slice(&[v, v, v, 255]);
            }
        }
        let rgba = VideoFrame { format: PixelFormat::Rgba, width: w, height: h, strides: vec![stride as u32], data: rgba, timestamp_us: 0 };
        let mut decoder = Vp8Decoder::new().expect("decoder");
        let (_, decoded) = round_trip(&mut VideoEncoder::new(EncoderConfig::default()), &mut decoder, &rgba);
        let expected: Vec<u8> = (0..hu)
            .flat_map(|_| (0..wu).map(|x| (16 + (x * 255 / (wu - 1)) * 219 / 255) as u8))
            .collect();
        let p = psnr(&expected, &decoded.data[..wu * hu]);
        assert!(p > 30.0, "RGBA luma PSNR {p:.1} dB");
    }

    #[test]
    fn size_change_restarts_with_a_keyframe_of_the_new_size() {
        let mut encoder = VideoEncoder::new(EncoderConfig::default());
        let mut decoder = Vp8Decoder::new().expect("decoder");
        round_trip(&mut encoder, &mut decoder, &scene(160, 96, 0));
        round_trip(&mut encoder, &mut decoder, &scene(160, 96, 1));
        let (sample, decoded) = round_trip(&mut encoder, &mut decoder, &scene(96, 160, 2));
        assert!(sample.keyframe);
        assert_eq!((decoded.width, decoded.height), (96, 160));
    }

    #[test]
    fn corrupt_data_is_a_decoder_error_not_a_panic() {
        let mut decoder = Vp8Decoder::new().expect("decoder");
        assert!(decoder.decode(&[0xff; 40], 0).is_err());
    }

    #[test]
    fn a_lower_target_sends_a_smaller_picture_and_a_higher_one_the_whole_again() {
        let config = EncoderConfig { bitrate_kbps: 1_500, fps: 30, ..EncoderConfig::default() };
        let mut encoder = VideoEncoder::new(config);
        let mut decoder = Vp8Decoder::new().expect("decoder");
        let mut sizes = Vec::new();
        for (t, kbps) in [1_500, 100, 100, 1_500].into_iter().enumerate() {
            encoder.set_bitrate_kbps(kbps).expect("bitrate");
            let (sample, decoded) = round_trip(&mut encoder, &mut decoder, &scene(640, 360, t as u32));
            assert_eq!(encoder.picture_size(), Some((decoded.width, decoded.height)));
            sizes.push((decoded.width, decoded.height, sample.keyframe));
        }
        // 640x360 at 30 fps needs 346 kbit/s whole; 100 carries a half (86).
        assert_eq!(sizes, vec![(640, 360, true), (320, 180, true), (320, 180, false), (640, 360, true)]);
    }
}
