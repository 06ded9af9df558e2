//! The camera as the app provides it to the core.
//!
//! The app implements [`Camera`] over the platform camera (CameraX, AVFoundation) or the
//! desktop virtual phone implements it over a synthetic scene. The core starts and stops
//! it with the session and calls it to execute technicians' commands; the app pushes the
//! camera's frames to the session itself. The trait is shaped as a uniffi
//! callback interface: `Send + Sync`, `&self` methods, plain records in and out.

use crate::{Error, Result, VideoFrame};

/// Which way a camera looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum CameraFacing {
    /// The main camera on the back of the phone.
    Back,
    /// The selfie camera.
    Front,
}

/// A picture size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Resolution {
    pub width: u32,
    pub height: u32,
}

/// What the active camera can do.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CameraCapabilities {
    /// Which way the active camera looks.
    pub facing: CameraFacing,
    /// Every facing the device offers (to switch to).
    pub available_facings: Vec<CameraFacing>,
    /// Whether the active camera has a torch (flash that stays on).
    pub has_torch: bool,
    /// Smallest zoom ratio (1.0 is no zoom; below 1.0 is an ultra-wide lens).
    pub min_zoom: f32,
    /// Largest zoom ratio.
    pub max_zoom: f32,
    /// Largest still-capture size.
    pub max_still_resolution: Resolution,
}

impl CameraCapabilities {
    /// Checks a torch command against the capabilities.
    pub fn check_torch(&self) -> Result<()> {
        if self.has_torch {
            Ok(())
        } else {
            Err(Error::NoTorch)
        }
    }

    /// Checks a zoom ratio against the supported range (NaN is refused too).
    pub fn check_zoom(&self, ratio: f32) -> Result<()> {
        if (self.min_zoom..=self.max_zoom).contains(&ratio) {
            Ok(())
        } else {
            Err(Error::ZoomOutOfRange { requested: ratio, min: self.min_zoom, max: self.max_zoom })
        }
    }

    /// Checks that the device has a camera facing that way.
    pub fn check_facing(&self, facing: CameraFacing) -> Result<()> {
        if self.available_facings.contains(&facing) {
            Ok(())
        } else {
            Err(Error::NoCameraFacing(facing))
        }
    }
}

/// How to run the camera for streaming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct CameraConfig {
    /// Preview (streaming) size.
    pub resolution: Resolution,
    pub fps: u32,
    pub facing: CameraFacing,
}

impl Default for CameraConfig {
    fn default() -> Self {
        CameraConfig { resolution: Resolution { width: 1280, height: 720 }, fps: 30, facing: CameraFacing::Back }
    }
}

/// A full-resolution still picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StillImage {
    /// JPEG bytes as the platform camera produced them.
    Jpeg { data: Vec<u8>, width: u32, height: u32 },
    /// An uncompressed frame, when the platform has no JPEG path.
    Raw(VideoFrame),
}

/// The app's camera, as the core drives it.
///
/// Every method may be called from any of the SDK's threads (never two at once for one
/// session), must return promptly (the core calls the blocking ones off its async
/// runtime), and reports what the camera cannot do with the typed camera errors
/// ([`Error::NoTorch`], [`Error::ZoomOutOfRange`], [`Error::NoCameraFacing`],
/// [`Error::CameraNotStarted`]), which reach the technician as the command's failure
/// reason; any other failure is [`Error::CameraFailure`].
///
/// The session calls `start`, `stop`, `set_torch`, `set_zoom`, `capabilities`, and
/// `capture_still` for the technicians' snapshots and freezes; `switch_facing` is for the
/// camera switch, and the app's own code may call it now.
pub trait Camera: Send + Sync {
    /// What the active camera can do now. Cheap and infallible; changes only with
    /// [`Camera::switch_facing`].
    fn capabilities(&self) -> CameraCapabilities;
    /// Starts delivering frames as `config` asks (the app then pushes them to the
    /// session). Called once when the session is joined, before any other method.
    fn start(&self, config: CameraConfig) -> Result<()>;
    /// Stops delivering frames; called once when the session ends. Stopping a stopped
    /// camera is not an error.
    fn stop(&self) -> Result<()>;
    /// Switches the torch on or off ([`Error::NoTorch`] without one). Repeating the
    /// current setting is not an error.
    fn set_torch(&self, on: bool) -> Result<()>;
    /// Zooms to `ratio` ([`Error::ZoomOutOfRange`] outside the capabilities' range).
    fn set_zoom(&self, ratio: f32) -> Result<()>;
    /// Captures one still at the largest resolution while frames keep flowing
    /// ([`Error::CameraNotStarted`] before `start`).
    fn capture_still(&self) -> Result<StillImage>;
    /// Switches to the camera facing `facing` ([`Error::NoCameraFacing`] when the device
    /// has none) and keeps delivering frames from it; returns the new camera's
    /// capabilities, by which torch and zoom are then checked.
    fn switch_facing(&self, facing: CameraFacing) -> Result<CameraCapabilities>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(has_torch: bool) -> CameraCapabilities {
        CameraCapabilities {
            facing: CameraFacing::Back,
            available_facings: vec![CameraFacing::Back],
            has_torch,
            min_zoom: 1.0,
            max_zoom: 4.0,
            max_still_resolution: Resolution { width: 4032, height: 3024 },
        }
    }

    #[test]
    fn checks_refuse_what_the_camera_cannot_do_with_clear_reasons() {
        assert!(caps(true).check_torch().is_ok());
        let no_torch = caps(false).check_torch().expect_err("no torch");
        assert_eq!(no_torch.to_string(), "this device has no torch");
        assert!(caps(true).check_zoom(4.0).is_ok());
        assert!(matches!(caps(true).check_zoom(4.5), Err(Error::ZoomOutOfRange { max, .. }) if max == 4.0));
        assert!(caps(true).check_zoom(f32::NAN).is_err());
        assert!(matches!(caps(true).check_facing(CameraFacing::Front), Err(Error::NoCameraFacing(CameraFacing::Front))));
    }
}
