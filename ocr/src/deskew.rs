//! The tilt of the text in a grey picture, from projection profiles: along the text's own
//! direction the dark pixels pile up in a few rows (the lines) and leave the rows between
//! them empty, so the angle whose profile is most uneven is the text's.

use image::imageops::{self, FilterType};
use image::GrayImage;

/// The steepest tilt looked for, in degrees either way.
const MAX_TILT: f32 = 12.0;
/// Pictures are measured at this size on their long side: enough rows to tell lines apart.
const MEASURE_SIDE: u32 = 800;
/// A tilt is taken out only when leveling it makes the profile this much more uneven:
/// pictures with no clear lines of text keep their orientation.
const MIN_GAIN: f64 = 1.08;

/// The text's tilt in degrees (clockwise, as the picture is seen), or 0 when there is no
/// clear tilt.
pub fn tilt(image: &GrayImage) -> f32 {
    let long = image.width().max(image.height()).max(1);
    let scale = (MEASURE_SIDE as f32 / long as f32).min(1.0);
    let small = imageops::resize(image, scaled(image.width(), scale), scaled(image.height(), scale), FilterType::Triangle);
    let dark: Vec<(f32, f32)> = small
        .enumerate_pixels()
        .filter(|(_, _, pixel)| pixel.0[0] < 110)
        .map(|(x, y, _)| (x as f32, y as f32))
        .collect();
    if dark.len() < 50 {
        return 0.0;
    }
    let level = unevenness(&dark, 0.0);
    let coarse = best(&dark, -MAX_TILT, MAX_TILT, 0.5);
    let fine = best(&dark, coarse - 0.5, coarse + 0.5, 0.1);
    if fine.abs() < 0.4 || unevenness(&dark, fine) < level * MIN_GAIN {
        0.0
    } else {
        fine
    }
}

fn scaled(side: u32, scale: f32) -> u32 {
    ((side as f32 * scale).round() as u32).max(1)
}

/// The angle in `[from, to]` (step `step`) with the most uneven profile.
fn best(dark: &[(f32, f32)], from: f32, to: f32, step: f32) -> f32 {
    let steps = ((to - from) / step).round() as i32;
    (0..=steps)
        .map(|index| from + index as f32 * step)
        .map(|angle| (angle, unevenness(dark, angle)))
        .fold((0.0, f64::MIN), |best, candidate| if candidate.1 > best.1 { candidate } else { best })
        .0
}

/// The sum of squared row counts of the dark pixels projected across `degrees`.
fn unevenness(dark: &[(f32, f32)], degrees: f32) -> f64 {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let rows: Vec<i64> = dark.iter().map(|&(x, y)| (y * cos - x * sin).floor() as i64).collect();
    let (Some(&low), Some(&high)) = (rows.iter().min(), rows.iter().max()) else { return 0.0 };
    let mut counts = vec![0u32; (high - low + 1) as usize];
    for row in rows {
        counts[(row - low) as usize] += 1;
    }
    counts.iter().map(|&count| f64::from(count) * f64::from(count)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// Dashed "lines of text" tilted by `degrees`.
    fn tilted_lines(degrees: f32) -> GrayImage {
        let mut image = GrayImage::from_pixel(600, 400, Luma([255]));
        let slope = degrees.to_radians().tan();
        for line in 0..6 {
            for x in 50..550u32 {
                if (x / 9) % 3 == 2 {
                    continue;
                }
                for thickness in 0..10 {
                    let y = 60.0 + line as f32 * 50.0 + thickness as f32 + (x as f32 - 300.0) * slope;
                    image.put_pixel(x, y as u32, Luma([0]));
                }
            }
        }
        image
    }

    #[test]
    fn the_tilt_of_lines_is_found_either_way_and_level_lines_have_none() {
        assert!((tilt(&tilted_lines(5.0)) - 5.0).abs() <= 0.3, "{}", tilt(&tilted_lines(5.0)));
        assert!((tilt(&tilted_lines(-8.0)) + 8.0).abs() <= 0.3, "{}", tilt(&tilted_lines(-8.0)));
        assert_eq!(tilt(&tilted_lines(0.0)), 0.0);
        assert_eq!(tilt(&GrayImage::from_pixel(300, 200, Luma([255]))), 0.0);
    }
}
