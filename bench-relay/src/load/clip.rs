//! A VP8 clip encoded once from the virtual camera, so the load benchmark's phones
//! push pre-encoded samples and the encoder's cost stays out of the measurement.

use sightline_sdk_core::camera::Camera;
use sightline_sdk_core::media::{EncodedSample, EncoderConfig, VideoEncoder};

use crate::camera_args::{default_camera, CameraArgs};
use crate::error::{Error, Result};

/// Samples in order; the first is a key frame, so the clip loops cleanly.
pub struct Clip {
    pub samples: Vec<EncodedSample>,
}

impl Clip {
    pub fn record(camera_args: &CameraArgs, frames: usize) -> Result<Clip> {
        let camera = default_camera()?;
        camera.start(camera_args.camera_config())?;
        let mut config = EncoderConfig::default();
        config.fps = camera_args.fps;
        let mut encoder = VideoEncoder::new(config);
        let mut samples = Vec::with_capacity(frames);
        for _ in 0..frames {
            if let Some(sample) = encoder.encode(&camera.next_frame()?)? {
                samples.push(sample);
            }
        }
        if !samples.first().is_some_and(|s| s.keyframe) {
            return Err(Error::Sdk(sightline_sdk_core::Error::Codec("the clip does not start with a key frame".into())));
        }
        Ok(Clip { samples })
    }

    /// Average bitrate of the clip at `fps`, in kbit/s.
    pub fn kbps(&self, fps: u32) -> f64 {
        let bytes: usize = self.samples.iter().map(|s| s.data.len()).sum();
        bytes as f64 * 8.0 / 1000.0 / (self.samples.len() as f64 / f64::from(fps.max(1)))
    }
}
