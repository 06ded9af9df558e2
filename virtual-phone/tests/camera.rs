//! The virtual camera, proved on its pixels: counter, torch, zoom, codes, stills.

use rxing::BarcodeFormat;
use sightline_sdk_core::camera::{Camera, CameraConfig, CameraFacing, Resolution, StillImage};
use sightline_sdk_core::{Error, VideoFrame};
use sightline_virtual_phone::{counter, LinearBarcode, SceneContent, VirtualCamera};

fn started(width: u32, height: u32) -> VirtualCamera {
    let camera = VirtualCamera::new(&SceneContent::default()).expect("camera");
    let mut config = CameraConfig::default();
    config.resolution = Resolution { width, height };
    camera.start(config).expect("start");
    camera
}

fn luma(frame: &VideoFrame) -> Vec<u8> {
    frame.to_luma().expect("luma")
}

/// Mean luma below the counter strip.
fn scene_brightness(frame: &VideoFrame) -> f64 {
    let y = luma(frame);
    let skip = frame.width as usize * 4 * counter::cell_size(frame.width as usize);
    y[skip..].iter().map(|&v| f64::from(v)).sum::<f64>() / (y.len() - skip) as f64
}

/// Width of the white QR plate on the centre row.
fn centre_plate_width(frame: &VideoFrame) -> usize {
    let (w, h) = (frame.width as usize, frame.height as usize);
    let y = luma(frame);
    let row = &y[h / 2 * w..][..w];
    let first = row.iter().position(|&v| v >= 200).expect("plate on the centre row");
    let last = row.iter().rposition(|&v| v >= 200).expect("plate on the centre row");
    last - first + 1
}

#[test]
fn default_mode_is_720p30_and_frames_count_up() {
    let camera = VirtualCamera::new(&SceneContent::default()).expect("camera");
    assert!(matches!(camera.next_frame(), Err(Error::CameraNotStarted)));
    camera.start(CameraConfig::default()).expect("start");
    for n in 0..3 {
        let frame = camera.next_frame().expect("frame");
        assert_eq!((frame.width, frame.height), (1280, 720));
        assert_eq!(frame.timestamp_us, u64::from(n) * 1_000_000 / 30);
        assert_eq!(counter::read(&frame), Some(n));
    }
}

#[test]
fn torch_brightens_the_scene_and_front_camera_has_none() {
    let camera = started(640, 360);
    let dark = scene_brightness(&camera.next_frame().expect("frame"));
    camera.set_torch(true).expect("torch on");
    let lit_frame = camera.next_frame().expect("frame");
    let lit = scene_brightness(&lit_frame);
    assert!(lit > dark + 30.0, "torch: {dark:.0} -> {lit:.0}");
    assert_eq!(counter::read(&lit_frame), Some(1), "the counter reads under the torch");

    let caps = camera.switch_facing(CameraFacing::Front).expect("front");
    assert!(!caps.has_torch);
    assert!(!camera.torch(), "switching to the front camera turns the torch off");
    let refused = camera.set_torch(true).expect_err("no torch on the front camera");
    assert_eq!(refused.to_string(), "this device has no torch");
}

#[test]
fn zoom_magnifies_the_centre_and_keeps_the_counter() {
    let camera = started(640, 360);
    let wide = centre_plate_width(&camera.next_frame().expect("frame"));
    camera.set_zoom(2.0).expect("zoom");
    let zoomed_frame = camera.next_frame().expect("frame");
    let zoomed = centre_plate_width(&zoomed_frame);
    assert!(zoomed.abs_diff(2 * wide) <= 4, "plate {wide} px -> {zoomed} px at 2x");
    assert_eq!(counter::read(&zoomed_frame), Some(1));
    assert!(matches!(camera.set_zoom(9.0), Err(Error::ZoomOutOfRange { .. })));
    assert_eq!(camera.zoom(), 2.0);
}

#[test]
fn scripted_codes_decode_from_the_frames() {
    let camera = started(1280, 720);
    let content = SceneContent {
        qr: Some("ticket 8812: pump P-3".into()),
        barcode: Some(LinearBarcode::Ean13("400638133393".into())),
        text: vec!["HELLO".into()],
        grain: false,
    };
    camera.set_content(&content).expect("content");
    let frame = camera.next_frame().expect("frame");
    let (w, h) = (frame.width, frame.height);
    let qr = rxing::helpers::detect_in_luma(luma(&frame), w, h, Some(BarcodeFormat::QR_CODE)).expect("QR decodes");
    assert_eq!(qr.getText(), "ticket 8812: pump P-3");
    let ean = rxing::helpers::detect_in_luma(luma(&frame), w, h, Some(BarcodeFormat::EAN_13)).expect("EAN decodes");
    assert_eq!(ean.getText(), "4006381333931");

    let bad = SceneContent { barcode: Some(LinearBarcode::Ean13("12AB".into())), ..SceneContent::default() };
    assert!(camera.set_content(&bad).is_err());
}

#[test]
fn still_is_a_full_resolution_jpeg_of_the_scene() {
    let camera = started(640, 360);
    assert!(counter::read(&camera.next_frame().expect("frame")).is_some());
    let StillImage::Jpeg { data, width, height } = camera.capture_still().expect("still") else {
        panic!("virtual camera stills are JPEG");
    };
    assert_eq!((width, height), (2560, 1440));
    let decoded = image::load_from_memory_with_format(&data, image::ImageFormat::Jpeg).expect("valid JPEG").to_luma8();
    assert_eq!(decoded.dimensions(), (2560, 1440));
    let frame = VideoFrame::packed(sightline_sdk_core::PixelFormat::I420, 2560, 1440, {
        let mut planes = decoded.into_raw();
        planes.resize(2560 * 1440 * 3 / 2, 128);
        planes
    }, 0)
    .expect("frame");
    assert_eq!(counter::read(&frame), Some(0), "the still carries the current frame number");
}
