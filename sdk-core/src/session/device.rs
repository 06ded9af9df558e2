//! What the phone tells the technicians about itself: its device, described by the app at
//! join (the SDK adds its own version), and its network, as the app reports it.

use sightline_wire::signal::DeviceInfo as WireDeviceInfo;
pub use sightline_wire::NetworkType;

/// This SDK's version, sent with the device.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The phone and the app, as the app describes them (empty: the app does not say).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceInfo {
    /// The phone's model, e.g. `Pixel 8`.
    pub model: String,
    /// The operating system and its version, e.g. `Android` and `15`.
    pub os: String,
    pub os_version: String,
    /// The app embedding the SDK, and its version.
    pub app_name: String,
    pub app_version: String,
}

impl DeviceInfo {
    /// The description `join` carries, with this SDK's version.
    pub(super) fn to_wire(&self) -> WireDeviceInfo {
        WireDeviceInfo {
            model: self.model.clone(),
            os: self.os.clone(),
            os_version: self.os_version.clone(),
            app_name: self.app_name.clone(),
            app_version: self.app_version.clone(),
            sdk_version: SDK_VERSION.to_owned(),
        }
    }
}
