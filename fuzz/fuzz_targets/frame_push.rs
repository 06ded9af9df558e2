//! Fuzzes what the SDK does with a frame the app pushes: the size and stride checks and
//! the conversion to the encoder's I420 (and to RGB for stills). Any frame must convert
//! or give a typed error, never panic, and a converted frame is a whole packed I420.

#![no_main]

use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use sightline_sdk_core::media::convert::{to_i420, to_rgb};
use sightline_sdk_core::PixelFormat;

fuzz_target!(|input: &[u8]| {
    let Some((frame, _)) = sightline_fuzz::frame(input) else { return };
    let Ok(i420) = to_i420(&frame) else { return };
    assert_eq!(i420.format, PixelFormat::I420);
    assert!(i420.layout().is_ok(), "the conversion gives a frame its own checks accept");
    if let Cow::Owned(converted) = &i420 {
        let (w, h) = (converted.width as usize, converted.height as usize);
        assert_eq!(converted.data.len(), w * h + 2 * w.div_ceil(2) * h.div_ceil(2));
    }
    let rgb = to_rgb(&frame).expect("a frame that converts to I420 converts to RGB");
    assert_eq!(rgb.len(), frame.width as usize * frame.height as usize * 3);
});
