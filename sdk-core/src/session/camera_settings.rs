//! The torch and zoom the technicians set: kept by the session so it can report the
//! camera's state to the server and restore the settings on the camera after a
//! reconnection (a platform camera may have reset them meanwhile).

use sightline_wire::signal::{CameraState, TorchState, ZoomState};

use crate::camera::{Camera, CameraCapabilities};
use crate::Result;

/// The settings technicians applied so far; `None` until one was.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CameraSettings {
    pub torch: Option<bool>,
    pub zoom: Option<f32>,
}

impl CameraSettings {
    /// The camera's state as the server hears it: what it can do and how it is set. A
    /// zoom never set is reported as no zoom (1.0, within the camera's range).
    pub fn state(&self, capabilities: &CameraCapabilities) -> CameraState {
        let (min, max) = (capabilities.min_zoom, capabilities.max_zoom);
        CameraState {
            torch: Some(TorchState { available: capabilities.has_torch, on: capabilities.has_torch && self.torch == Some(true) }),
            zoom: Some(ZoomState { min, max, ratio: self.zoom.unwrap_or(1.0).clamp(min, max.max(min)) }),
        }
    }

    /// Applies the settings technicians made to `camera` again (repeating a setting is
    /// not an error by the camera's contract).
    pub fn restore(&self, camera: &dyn Camera) -> Result<()> {
        if let Some(on) = self.torch {
            camera.set_torch(on)?;
        }
        if let Some(ratio) = self.zoom {
            camera.set_zoom(ratio)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::camera::{CameraFacing, Resolution};

    fn capabilities(has_torch: bool, min_zoom: f32, max_zoom: f32) -> CameraCapabilities {
        CameraCapabilities {
            facing: CameraFacing::Back,
            available_facings: vec![CameraFacing::Back],
            has_torch,
            min_zoom,
            max_zoom,
            max_still_resolution: Resolution { width: 640, height: 480 },
        }
    }

    #[test]
    fn the_state_reports_what_the_camera_can_do_and_how_it_is_set() {
        let fresh = CameraSettings::default().state(&capabilities(true, 0.5, 8.0));
        assert_eq!(fresh.torch, Some(TorchState { available: true, on: false }));
        assert_eq!(fresh.zoom, Some(ZoomState { min: 0.5, max: 8.0, ratio: 1.0 }));
        let set = CameraSettings { torch: Some(true), zoom: Some(3.0) }.state(&capabilities(true, 1.0, 8.0));
        assert_eq!((set.torch.map(|t| t.on), set.zoom.map(|z| z.ratio)), (Some(true), Some(3.0)));
        let fixed = CameraSettings { torch: Some(true), zoom: None }.state(&capabilities(false, 2.0, 2.0));
        assert_eq!(fixed.torch, Some(TorchState { available: false, on: false }));
        assert_eq!(fixed.zoom.map(|z| z.ratio), Some(2.0));
    }
}
