//! Throughput of the phone-side video pipeline at 1280x720: scene rendering, RGBA to
//! I420 conversion and VP8 encoding. Prints one JSON object per stage:
//! `{"bench":"...","frames":N,"ms_per_frame":X,"fps":Y}` (and bytes for the encoder).
//!
//! Run: `cargo bench -p sightline-virtual-phone --bench pipeline`

use std::time::Instant;

use sightline_sdk_core::camera::{Camera, CameraConfig};
use sightline_sdk_core::media::convert::to_i420;
use sightline_sdk_core::media::{EncoderConfig, VideoEncoder};
use sightline_sdk_core::{PixelFormat, VideoFrame};
use sightline_virtual_phone::{SceneContent, VirtualCamera};

const FRAMES: u32 = 150;

fn report(bench: &str, started: Instant, extra: &str) {
    let seconds = started.elapsed().as_secs_f64();
    let ms = seconds * 1000.0 / f64::from(FRAMES);
    println!(r#"{{"bench":"{bench}","frames":{FRAMES},"ms_per_frame":{ms:.3},"fps":{:.1}{extra}}}"#, f64::from(FRAMES) / seconds);
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let camera = VirtualCamera::new(&SceneContent::default())?;
    camera.start(CameraConfig::default())?;

    let started = Instant::now();
    let frames = (0..FRAMES).map(|_| camera.next_frame()).collect::<Result<Vec<_>, _>>()?;
    report("render_720p", started, "");

    let rgba: Vec<u8> = frames[0].to_luma()?.iter().flat_map(|&y| [y, y, y, 255]).collect();
    let rgba = VideoFrame::packed(PixelFormat::Rgba, 1280, 720, rgba, 0)?;
    let started = Instant::now();
    for _ in 0..FRAMES {
        std::hint::black_box(to_i420(&rgba)?);
    }
    report("rgba_to_i420_720p", started, "");

    let mut encoder = VideoEncoder::new(EncoderConfig::default());
    let mut bytes = 0usize;
    let started = Instant::now();
    for frame in &frames {
        bytes += encoder.encode(frame)?.map_or(0, |sample| sample.data.len());
    }
    let kbps = bytes as f64 * 8.0 / (f64::from(FRAMES) / 30.0) / 1000.0;
    report("vp8_encode_720p", started, &format!(r#","encoded_kbps_at_30fps":{kbps:.0}"#));
    Ok(())
}
