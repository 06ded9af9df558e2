//! A camera picture made ready for the text engine: the region cut out, grey levels, the light
//! flattened (each pixel divided by the paper's brightness around it, so shadows and
//! gradients vanish), the contrast stretched, the tilt taken out, and a size the engine reads
//! well. It remembers each step, so the engine's boxes can be placed back on the picture.

use image::imageops::{self, FilterType};
use image::{DynamicImage, GrayImage, Luma};
use imageproc::geometric_transformations::{rotate_about_center, Border, Interpolation};

use crate::engine::PixelLine;
use crate::error::{Error, Result};
use crate::{deskew, TextLine, TextRegion};

/// The engine never reads more than this many pixels on a side.
pub const MAX_WORKING_SIDE: u32 = 3200;
/// The smallest region read, in picture pixels on each side.
pub const MIN_REGION_SIDE: u32 = 12;
/// Lines lower than this (engine pixels) are read again larger: Tesseract reads text best
/// with capitals some 30 pixels high.
const SMALL_LINE: i32 = 22;
const WANTED_LINE: f32 = 34.0;
/// A picture longer than this on its side is large: when nothing is read in it, it is read
/// once more at this size (a camera frame's), where the engine's page layout finds large print.
pub const FRAME_SIDE: u32 = 1280;
/// The paper's brightness is taken per block of this many pixels.
const BACKGROUND_BLOCK: u32 = 24;

/// The prepared picture and how it was made from the original.
pub struct Prepared {
    pub image: GrayImage,
    /// Where the region starts in the original picture, in its pixels.
    offset: (f32, f32),
    /// Original pixels to working pixels, before the tilt was taken out.
    scale: f32,
    /// The tilt taken out, in degrees (clockwise as seen).
    tilt: f32,
    /// Working pixels to the engine's, after the tilt was taken out.
    zoom: f32,
}

impl Prepared {
    pub fn new(picture: &DynamicImage, region: TextRegion) -> Result<Prepared> {
        let (width, height) = (picture.width() as f32, picture.height() as f32);
        let inside = region.lies_inside();
        let (left, top) = ((region.left * width).floor(), (region.top * height).floor());
        let (cut_width, cut_height) = ((region.width * width).round().min(width - left), (region.height * height).round().min(height - top));
        if !inside || cut_width < MIN_REGION_SIDE as f32 || cut_height < MIN_REGION_SIDE as f32 {
            return Err(Error::BadRegion { min_pixels: MIN_REGION_SIDE });
        }
        let grey = imageops::crop_imm(&picture.to_luma8(), left as u32, top as u32, cut_width as u32, cut_height as u32).to_image();
        let long = grey.width().max(grey.height());
        let scale = (MAX_WORKING_SIDE as f32 / long as f32).min(1.0);
        let working = if scale < 1.0 {
            imageops::resize(&grey, side(grey.width(), scale), side(grey.height(), scale), FilterType::Triangle)
        } else {
            grey
        };
        let mut flat = flatten(&working);
        stretch(&mut flat);
        let tilt = deskew::tilt(&flat);
        let image = if tilt == 0.0 { flat } else { rotate_about_center(&flat, -tilt.to_radians(), Interpolation::Bilinear, Border::Constant(Luma([255]))) };
        Ok(Prepared { image, offset: (left, top), scale, tilt, zoom: 1.0 })
    }

    /// The same preparation read `factor` times larger (within the engine's limit).
    pub fn scaled(&self, factor: f32) -> Prepared {
        self.resized(factor.min(MAX_WORKING_SIDE as f32 / self.long_side() as f32).max(1.0))
    }

    /// Longer than [`FRAME_SIDE`] on its long side.
    pub fn is_large(&self) -> bool {
        self.long_side() > FRAME_SIDE
    }

    /// The same preparation at [`FRAME_SIDE`] on its long side.
    pub fn shrunk(&self) -> Prepared {
        self.resized((FRAME_SIDE as f32 / self.long_side() as f32).min(1.0))
    }

    fn long_side(&self) -> u32 {
        self.image.width().max(self.image.height())
    }

    fn resized(&self, factor: f32) -> Prepared {
        let image = imageops::resize(&self.image, side(self.image.width(), factor), side(self.image.height(), factor), FilterType::CatmullRom);
        Prepared { image, offset: self.offset, scale: self.scale, tilt: self.tilt, zoom: factor }
    }

    /// The engine's lines placed on the original `width` × `height` picture, normalised.
    pub fn place(&self, lines: Vec<PixelLine>, width: u32, height: u32) -> Vec<TextLine> {
        let (width, height) = (width as f32, height as f32);
        lines
            .into_iter()
            .map(|line| {
                let corners = [(line.left, line.top), (line.right, line.top), (line.left, line.bottom), (line.right, line.bottom)]
                    .map(|(x, y)| self.original(x as f32, y as f32));
                let left = corners.iter().map(|c| c.0).fold(f32::MAX, f32::min).clamp(0.0, width);
                let right = corners.iter().map(|c| c.0).fold(f32::MIN, f32::max).clamp(0.0, width);
                let top = corners.iter().map(|c| c.1).fold(f32::MAX, f32::min).clamp(0.0, height);
                let bottom = corners.iter().map(|c| c.1).fold(f32::MIN, f32::max).clamp(0.0, height);
                TextLine {
                    text: line.text,
                    confidence: line.confidence,
                    left: left / width,
                    top: top / height,
                    width: (right - left) / width,
                    height: (bottom - top) / height,
                }
            })
            .collect()
    }

    /// A point of the engine's image in the original picture's pixels.
    fn original(&self, x: f32, y: f32) -> (f32, f32) {
        let (x, y) = (x / self.zoom, y / self.zoom);
        let (centre_x, centre_y) = (self.image.width() as f32 / self.zoom / 2.0, self.image.height() as f32 / self.zoom / 2.0);
        // The tilt was taken out by turning the picture back by `tilt`: turn the point forward.
        let (sin, cos) = self.tilt.to_radians().sin_cos();
        let (dx, dy) = (x - centre_x, y - centre_y);
        let (x, y) = (centre_x + dx * cos - dy * sin, centre_y + dx * sin + dy * cos);
        (self.offset.0 + x / self.scale, self.offset.1 + y / self.scale)
    }
}

/// How much larger to read again, when the lines found are too small for the engine (or none
/// was found, when small text may have hidden them all).
pub fn rescale_for(lines: &[PixelLine]) -> Option<f32> {
    let mut heights: Vec<i32> = lines.iter().map(PixelLine::height).collect();
    heights.sort_unstable();
    match heights.get(heights.len() / 2) {
        None => Some(2.0),
        Some(&median) if median < SMALL_LINE => Some((WANTED_LINE / median.max(1) as f32).clamp(1.5, 4.0)),
        Some(_) => None,
    }
}

fn side(length: u32, scale: f32) -> u32 {
    ((length as f32 * scale).round() as u32).max(1)
}

/// Each pixel divided by the paper's brightness around it: the brightest tenth of each block,
/// smoothed and spread back over the picture.
fn flatten(grey: &GrayImage) -> GrayImage {
    let (columns, rows) = (grey.width().div_ceil(BACKGROUND_BLOCK), grey.height().div_ceil(BACKGROUND_BLOCK));
    let mut paper = GrayImage::new(columns, rows);
    let mut block = Vec::with_capacity((BACKGROUND_BLOCK * BACKGROUND_BLOCK) as usize);
    for (column, row, pixel) in paper.enumerate_pixels_mut() {
        block.clear();
        let (x0, y0) = (column * BACKGROUND_BLOCK, row * BACKGROUND_BLOCK);
        for y in y0..(y0 + BACKGROUND_BLOCK).min(grey.height()) {
            for x in x0..(x0 + BACKGROUND_BLOCK).min(grey.width()) {
                block.push(grey.get_pixel(x, y).0[0]);
            }
        }
        block.sort_unstable();
        *pixel = Luma([block[block.len() * 9 / 10]]);
    }
    let paper = imageops::blur(&paper, 1.5);
    let paper = imageops::resize(&paper, grey.width(), grey.height(), FilterType::Triangle);
    let mut flat = grey.clone();
    for (pixel, light) in flat.pixels_mut().zip(paper.pixels()) {
        let light = f32::from(light.0[0]).max(24.0);
        pixel.0[0] = (f32::from(pixel.0[0]) * 255.0 / light).min(255.0) as u8;
    }
    flat
}

/// Grey levels spread so the darkest and lightest half percent reach black and white.
fn stretch(image: &mut GrayImage) {
    let mut histogram = [0u64; 256];
    for pixel in image.pixels() {
        histogram[usize::from(pixel.0[0])] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let level_at = |share: u64| {
        let mut seen = 0;
        histogram.iter().position(|&count| {
            seen += count;
            seen * 1000 >= total * share
        })
    };
    let (Some(low), Some(high)) = (level_at(5), level_at(995)) else { return };
    if high <= low + 16 {
        return;
    }
    let (low, span) = (low as f32, (high - low) as f32);
    for pixel in image.pixels_mut() {
        pixel.0[0] = ((f32::from(pixel.0[0]) - low) * 255.0 / span).clamp(0.0, 255.0) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_of_the_engines_image_lands_back_where_it_was_in_the_picture() {
        // A dark dot in a tilted picture of lines: prepared (tilt out, zoomed), the dot's
        // place in the engine's image maps back to its place in the picture.
        let mut picture = GrayImage::from_pixel(800, 500, Luma([230]));
        let slope = 6f32.to_radians().tan();
        for line in 0..7 {
            for x in 40..760u32 {
                if (x / 11) % 3 == 2 {
                    continue;
                }
                for thickness in 0..12 {
                    let y = 50.0 + line as f32 * 60.0 + thickness as f32 + (x as f32 - 400.0) * slope;
                    picture.put_pixel(x, y as u32, Luma([20]));
                }
            }
        }
        let region = TextRegion { left: 0.25, top: 0.2, width: 0.75, height: 0.8 };
        let prepared = Prepared::new(&DynamicImage::ImageLuma8(picture.clone()), region).expect("prepares").scaled(2.0);
        assert!((prepared.tilt - 6.0).abs() < 0.4, "tilt {}", prepared.tilt);
        // Where a known picture point goes: find it by mapping every engine pixel back.
        let target = (500.0f32, 300.0f32);
        let (mut best, mut distance) = ((0, 0), f32::MAX);
        for y in 0..prepared.image.height() {
            for x in 0..prepared.image.width() {
                let (ox, oy) = prepared.original(x as f32, y as f32);
                let d = (ox - target.0).hypot(oy - target.1);
                if d < distance {
                    (best, distance) = ((x, y), d);
                }
            }
        }
        assert!(distance < 1.0, "{distance}");
        // That engine pixel shows what the picture shows there: the picture is turned, not mirrored.
        let seen = |x: u32, y: u32| prepared.image.get_pixel(x, y).0[0] < 128;
        let truth = picture.get_pixel(target.0 as u32, target.1 as u32).0[0] < 128;
        assert_eq!(seen(best.0, best.1), truth);
        let lines = prepared.place(vec![PixelLine { text: "x".into(), confidence: 90.0, left: best.0 as i32, top: best.1 as i32, right: best.0 as i32 + 2, bottom: best.1 as i32 + 2 }], 800, 500);
        assert!((lines[0].left - target.0 / 800.0).abs() < 0.01 && (lines[0].top - target.1 / 500.0).abs() < 0.01, "{lines:?}");
    }

    #[test]
    fn regions_outside_the_picture_or_too_small_are_refused() {
        let picture = DynamicImage::ImageLuma8(GrayImage::from_pixel(400, 300, Luma([255])));
        for region in [
            TextRegion { left: -0.1, top: 0.0, width: 0.5, height: 0.5 },
            TextRegion { left: 0.6, top: 0.0, width: 0.5, height: 0.5 },
            TextRegion { left: 0.0, top: 0.0, width: 0.01, height: 0.5 },
            TextRegion { left: f32::NAN, top: 0.0, width: 0.5, height: 0.5 },
        ] {
            assert!(matches!(Prepared::new(&picture, region), Err(Error::BadRegion { .. })), "{region:?}");
        }
    }
}
