//! The camera as the app implements it (CameraX, AVFoundation, or a test double in Python).
//!
//! [`Camera`] is the foreign trait the app implements; [`AppCamera`] adapts it to the core's
//! camera trait, turning the app's [`SdkError`]s into the core's typed camera errors.

use std::sync::Arc;

use sightline_sdk_core::camera::{
    Camera as CoreCamera, CameraCapabilities, CameraConfig as CoreCameraConfig, CameraFacing, Resolution, StillImage,
};
use sightline_sdk_core::{Result as CoreResult, VideoFrame};

use crate::SdkError;

/// Which way a camera looks.
#[uniffi::remote(Enum)]
pub enum CameraFacing {
    /// The main camera on the back of the phone.
    Back,
    /// The selfie camera.
    Front,
}

/// A picture size in pixels.
#[uniffi::remote(Record)]
pub struct Resolution {
    pub width: u32,
    pub height: u32,
}

/// What the active camera can do.
#[uniffi::remote(Record)]
pub struct CameraCapabilities {
    /// Which way the active camera looks.
    pub facing: CameraFacing,
    /// Every facing the device offers (to switch to).
    pub available_facings: Vec<CameraFacing>,
    /// Whether the active camera has a torch.
    pub has_torch: bool,
    /// Smallest zoom ratio (1.0 is no zoom).
    pub min_zoom: f32,
    /// Largest zoom ratio.
    pub max_zoom: f32,
    /// Largest still-capture size.
    pub max_still_resolution: Resolution,
}

/// A full-resolution still picture.
#[uniffi::remote(Enum)]
pub enum StillImage {
    /// JPEG bytes as the platform camera produced them.
    Jpeg { data: Vec<u8>, width: u32, height: u32 },
    /// An uncompressed frame, when the platform has no JPEG path.
    Raw(VideoFrame),
}

/// How to run the camera for streaming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct CameraConfig {
    /// Preview (streaming) size.
    pub resolution: Resolution,
    pub fps: u32,
    pub facing: CameraFacing,
}

impl From<CoreCameraConfig> for CameraConfig {
    fn from(config: CoreCameraConfig) -> Self {
        CameraConfig { resolution: config.resolution, fps: config.fps, facing: config.facing }
    }
}

impl From<CameraConfig> for CoreCameraConfig {
    fn from(config: CameraConfig) -> Self {
        let mut core = CoreCameraConfig::default();
        core.resolution = config.resolution;
        core.fps = config.fps;
        core.facing = config.facing;
        core
    }
}

/// The app's camera. The SDK calls it from its own threads (never two calls at once for one
/// session) and each call must return promptly: `start` when the session is joined, `stop`
/// when it ends, `set_torch` and `set_zoom` for technicians' commands; `capabilities`,
/// `capture_still` and `switch_facing` are for snapshots and the camera switch. The app
/// pushes the frames to the session itself. Throw the camera variants of `SdkError`
/// (`NoTorch`, `ZoomOutOfRange`, `NoCameraFacing`, `CameraNotStarted`) for what the camera
/// cannot do; any other exception is reported as a camera failure.
#[uniffi::export(foreign)]
pub trait Camera: Send + Sync {
    /// What the active camera can do now; cheap, and changes only with `switch_facing`.
    fn capabilities(&self) -> CameraCapabilities;
    /// Starts delivering frames as `config` asks; called once, before any other method.
    fn start(&self, config: CameraConfig) -> Result<(), SdkError>;
    /// Stops delivering frames; stopping a stopped camera is not an error.
    fn stop(&self) -> Result<(), SdkError>;
    /// Switches the torch on or off (`NoTorch` without one); repeating a setting is not an error.
    fn set_torch(&self, on: bool) -> Result<(), SdkError>;
    /// Zooms to a ratio (`ZoomOutOfRange` outside the capabilities' range).
    fn set_zoom(&self, ratio: f32) -> Result<(), SdkError>;
    /// Captures one still at the largest resolution while frames keep flowing.
    fn capture_still(&self) -> Result<StillImage, SdkError>;
    /// Switches to the camera facing that way (`NoCameraFacing` when there is none) and keeps
    /// delivering frames from it; returns the new camera's capabilities.
    fn switch_facing(&self, facing: CameraFacing) -> Result<CameraCapabilities, SdkError>;
}

/// The app's camera, seen by the core.
pub(crate) struct AppCamera(pub(crate) Arc<dyn Camera>);

impl CoreCamera for AppCamera {
    fn capabilities(&self) -> CameraCapabilities {
        self.0.capabilities()
    }

    fn start(&self, config: CoreCameraConfig) -> CoreResult<()> {
        self.0.start(config.into()).map_err(SdkError::into_camera_error)
    }

    fn stop(&self) -> CoreResult<()> {
        self.0.stop().map_err(SdkError::into_camera_error)
    }

    fn set_torch(&self, on: bool) -> CoreResult<()> {
        self.0.set_torch(on).map_err(SdkError::into_camera_error)
    }

    fn set_zoom(&self, ratio: f32) -> CoreResult<()> {
        self.0.set_zoom(ratio).map_err(SdkError::into_camera_error)
    }

    fn capture_still(&self) -> CoreResult<StillImage> {
        self.0.capture_still().map_err(SdkError::into_camera_error)
    }

    fn switch_facing(&self, facing: CameraFacing) -> CoreResult<CameraCapabilities> {
        self.0.switch_facing(facing).map_err(SdkError::into_camera_error)
    }
}
