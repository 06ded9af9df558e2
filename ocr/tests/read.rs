//! Live text on camera-like pictures printed with a real font: lines read right (at least 95 %
//! of characters) through uneven light, a tilt and small print, each placed where it was
//! printed; a drawn region reads only its lines; a picture without text reads none.

use ab_glyph::{FontRef, PxScale};
use image::{DynamicImage, GrayImage, Luma};
use imageproc::drawing::draw_text_mut;
use imageproc::geometric_transformations::{rotate_about_center, Border, Interpolation};
use sightline_ocr::{read, Error, TextRegion, TextLine, MAX_PICTURE_PIXELS};

const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const LINES: [&str; 3] = ["SERIAL NO. 4F7-2231", "Input 230V 50Hz 2.5A", "Replace the filter every month"];

/// A 1280×720 scene with a label of `LINES` at `size` pixels, tilted by `degrees`, lit from
/// one corner; and the picture rows where each line was printed (before the tilt).
fn scene(size: f32, degrees: f32) -> (DynamicImage, Vec<f32>) {
    let data = std::fs::read(FONT).expect("DejaVu Sans (Debian fonts-dejavu-core)");
    let font = FontRef::try_from_slice(&data).expect("a font");
    let mut picture = GrayImage::from_pixel(1280, 720, Luma([80]));
    for y in 200..200 + (size * 5.5) as u32 {
        for x in 300..1000 {
            picture.put_pixel(x, y, Luma([235]));
        }
    }
    let rows: Vec<f32> = (0..LINES.len()).map(|line| 200.0 + size * 0.6 + line as f32 * size * 1.6).collect();
    for (line, row) in LINES.iter().zip(&rows) {
        draw_text_mut(&mut picture, Luma([25]), 330, *row as i32, PxScale::from(size), &font, line);
    }
    let mut picture = rotate_about_center(&picture, degrees.to_radians(), Interpolation::Bilinear, Border::Constant(Luma([80])));
    for (x, y, pixel) in picture.enumerate_pixels_mut() {
        let light = 1.0 - 0.55 * (x as f32 / 1280.0 + y as f32 / 720.0) / 2.0;
        pixel.0[0] = (f32::from(pixel.0[0]) * light) as u8;
    }
    (DynamicImage::ImageLuma8(picture), rows.iter().map(|row| row / 720.0).collect())
}

fn accuracy(found: &[TextLine], expected: &[&str]) -> f64 {
    let found: String = found.iter().map(|line| line.text.as_str()).collect::<Vec<_>>().join(" ");
    let expected = expected.join(" ");
    1.0 - strsim::levenshtein(&found, &expected) as f64 / expected.chars().count() as f64
}

#[test]
fn printed_lines_are_read_through_uneven_light_and_a_tilt_each_where_it_was_printed() {
    let (picture, rows) = scene(30.0, 4.0);
    let lines = read(&picture, None).expect("reads");
    assert!(accuracy(&lines, &LINES) >= 0.95, "{lines:#?}");
    assert_eq!(lines.len(), LINES.len(), "{lines:#?}");
    for (line, row) in lines.iter().zip(rows) {
        // The tilt moves a line's middle by at most ~3 % of the height here.
        assert!((line.top - row).abs() < 0.06, "{line:?} printed at {row}");
        assert!(line.left > 0.2 && line.left + line.width < 0.85, "{line:?}");
    }
}

#[test]
fn small_print_is_read_larger() {
    let (picture, _) = scene(14.0, 0.0);
    let lines = read(&picture, None).expect("reads");
    assert!(accuracy(&lines, &LINES) >= 0.95, "{lines:#?}");
}

#[test]
fn a_region_reads_only_its_lines_and_a_picture_without_text_none() {
    let (picture, rows) = scene(30.0, 0.0);
    let region = TextRegion { left: 0.2, top: rows[1] - 0.02, width: 0.65, height: 0.07 };
    let lines = read(&picture, Some(region)).expect("reads");
    assert!(accuracy(&lines, &LINES[1..2]) >= 0.95, "{lines:#?}");
    assert!(lines.iter().all(|line| line.top >= region.top - 0.01), "placed on the whole picture: {lines:?}");

    let blank = DynamicImage::ImageLuma8(GrayImage::from_fn(1280, 720, |x, y| Luma([(60 + (x + 2 * y) % 40) as u8])));
    assert_eq!(read(&blank, None).expect("reads"), Vec::<TextLine>::new());
}

#[test]
fn pictures_too_large_or_empty_are_refused_before_any_work() {
    let side = (MAX_PICTURE_PIXELS as f64).sqrt() as u32 + 2;
    let huge = DynamicImage::ImageLuma8(GrayImage::new(side, side));
    assert!(matches!(read(&huge, None), Err(Error::PictureTooLarge { .. })));
    assert!(matches!(read(&DynamicImage::ImageLuma8(GrayImage::new(0, 0)), None), Err(Error::EmptyPicture)));
}

#[test]
fn large_print_in_a_full_resolution_still_is_read() {
    // A virtual phone's frozen still (2560×1440): at full size the engine's page layout takes
    // the whole picture for one empty block, at a camera frame's size it finds both lines.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/frozen-still.png");
    let picture = image::open(path).expect("the still decodes");
    let lines = read(&picture, None).expect("reads");
    assert!(accuracy(&lines, &["SIGHTLINE VIRTUAL PHONE", "SERIAL NO 4711-AB"]) >= 0.95, "{lines:#?}");
    assert!(lines.iter().all(|line| line.left < 0.1 && line.top < 0.2), "placed where printed: {lines:?}");
}
