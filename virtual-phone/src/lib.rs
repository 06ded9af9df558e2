//! The Sightline virtual phone: a synthetic camera that stands in for a real phone in
//! demos and tests, driving the same SDK core.
//!
//! - [`VirtualCamera`] implements the core's `Camera` trait: torch (brightens the
//!   scene), zoom (centre crop, scaled back up), front/back facing, full-resolution JPEG
//!   stills.
//! - The scene ([`SceneContent`]) is scriptable: a QR code, a 1D barcode and printed
//!   text (set in DejaVu Sans, [`font`]), plus a moving square.
//! - [`overlay`] draws the technicians' annotations (the SDK's overlay model) into
//!   the frames the phone pushes, as an app draws them over its preview.
//! - [`h264`] stands in for a phone's hardware H.264 encoder (openh264), for apps that
//!   push encoded samples instead of raw frames.
//! - [`tone`] is its audio when enabled: the microphone hears a sine tone, the
//!   loudspeaker reports how loud a tone of another frequency arrives (Goertzel);
//!   with [`echo`] the microphone plays back what the loudspeaker heard.
//! - Every frame carries a machine-readable frame counter; [`counter`] documents its
//!   pixel layout for checks in other languages and reads it back in Rust.

pub mod camera;
pub mod canvas;
pub mod counter;
pub mod echo;
pub mod error;
pub mod font;
pub mod h264;
pub mod overlay;
pub mod phone;
pub mod scene;
pub mod tone;

pub use camera::VirtualCamera;
pub use error::{Error, Result};
pub use scene::{LinearBarcode, SceneContent};
