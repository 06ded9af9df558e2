//! Sightline SDK for Kotlin, Swift and Python: uniffi exports of the SDK core.
//!
//! Thin wrappers only: the core's plain records and enums are exported as they are
//! (`#[uniffi::remote]`), its objects are wrapped in `#[derive(uniffi::Object)]` types, the
//! app's camera, audio device and listeners are foreign traits, and every failure is one
//! [`SdkError`]. No logic lives here; it is tested in the core and, through the generated
//! bindings, from Python and Kotlin (`bindings/test.sh`).

mod audio;
mod camera;
mod chat;
mod device;
mod error;
mod frame;
mod listeners;
mod media;
mod overlay;
mod runtime;
mod scan;
mod session;

pub use audio::AudioDevice;
pub use camera::{Camera, CameraConfig};
pub use chat::ChatListener;
pub use error::SdkError;
pub use listeners::Subscription;
pub use media::EncoderConfig;
pub use overlay::{FreezeListener, OverlayListener};
pub use scan::BarcodeScanner;
pub use session::{SessionConfig, SessionListener, SightlineSession};

uniffi::setup_scaffolding!();

/// The version of the SDK library; generated bindings also check at load time that they
/// were generated from this very library.
#[uniffi::export]
pub fn sdk_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
