//! What the phone tells the technicians about itself: its device and its network.

use sightline_sdk_core::session::{DeviceInfo, NetworkType};

/// The phone and the app, as the app describes them at join (the SDK adds its version).
#[uniffi::remote(Record)]
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

/// The phone's network as the app sees it.
#[uniffi::remote(Enum)]
pub enum NetworkType {
    Wifi,
    Cellular,
    Ethernet,
    /// The app cannot tell.
    Unknown,
}
