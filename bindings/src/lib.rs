//! Sightline SDK for Kotlin, Swift and Python: uniffi exports of the SDK core.
//!
//! Thin wrappers only: the core's plain records and enums are exported as they are
//! (`#[uniffi::remote]`), its objects are wrapped in `#[derive(uniffi::Object)]` types, the
//! app's camera and session listener are foreign traits, and every failure is one
//! [`SdkError`]. No logic lives here; it is tested in the core and, through the generated
//! bindings, from Python and Kotlin (`bindings/test.sh`).

mod camera;
mod error;
mod frame;
mod media;
mod runtime;
mod scan;
mod session;

pub use camera::{Camera, CameraConfig};
pub use error::SdkError;
pub use media::EncoderConfig;
pub use scan::BarcodeScanner;
pub use session::{SessionConfig, SessionListener, SightlineSession};

uniffi::setup_scaffolding!();

/// The version of the SDK library; generated bindings also check at load time that they
/// were generated from this very library.
#[uniffi::export]
pub fn sdk_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
