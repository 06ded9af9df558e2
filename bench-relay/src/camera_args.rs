//! The camera mode both timed phones share.

use sightline_sdk_core::camera::{CameraConfig, Resolution};
use sightline_virtual_phone::{SceneContent, VirtualCamera};

use crate::error::Result;

#[derive(Debug, Clone, clap::Args)]
pub struct CameraArgs {
    #[arg(long, default_value_t = 1280)]
    pub width: u32,
    #[arg(long, default_value_t = 720)]
    pub height: u32,
    #[arg(long, default_value_t = 30)]
    pub fps: u32,
}

impl CameraArgs {
    pub fn config(&self) -> CameraConfig {
        let mut config = CameraConfig::default();
        config.resolution = Resolution { width: self.width, height: self.height };
        config.fps = self.fps;
        config
    }

    /// The virtual camera with its default scene (QR code, barcode, text, moving square).
    pub fn camera(&self) -> Result<VirtualCamera> {
        Ok(VirtualCamera::new(&SceneContent::default())?)
    }
}
