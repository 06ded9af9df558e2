//! The camera both timed phones share: the virtual phone's default scene at the size and
//! rate of the shared `PictureArgs`.

pub use sightline_virtual_phone::phone::PictureArgs as CameraArgs;
use sightline_virtual_phone::{SceneContent, VirtualCamera};

use crate::error::Result;

/// The virtual camera with its default scene (QR code, barcode, text, moving square).
pub fn default_camera() -> Result<VirtualCamera> {
    Ok(VirtualCamera::new(&SceneContent::default())?)
}
