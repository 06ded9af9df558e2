//! Image gradients: the raw material for finding bars and grids and their angles.

use crate::picture::GrayImage;

/// Calls `visit(gx, gy)` with the central-difference gradient (grey levels per two pixels)
/// at every interior pixel of the rectangle `x0..x1` × `y0..y1` (clamped to the picture).
pub(crate) fn for_each_gradient(
    picture: &GrayImage,
    (x0, x1): (usize, usize),
    (y0, y1): (usize, usize),
    mut visit: impl FnMut(f32, f32),
) {
    let (w, h) = (picture.width, picture.height);
    if w < 3 || h < 3 {
        return;
    }
    let at = |x: usize, y: usize| f32::from(picture.data[y * w + x]);
    for y in y0.max(1)..y1.min(h - 1) {
        for x in x0.max(1)..x1.min(w - 1) {
            visit(at(x + 1, y) - at(x - 1, y), at(x, y + 1) - at(x, y - 1));
        }
    }
}

/// The turn (degrees, -45..45) that brings a grid of square modules in `picture` upright:
/// module edges run two perpendicular ways, so gradient directions are averaged at four
/// times their angle, where both ways agree. `None` when the picture has no edges.
pub(crate) fn grid_angle(picture: &GrayImage) -> Option<f32> {
    let (mut cos4, mut sin4) = (0.0f32, 0.0f32);
    for_each_gradient(
        picture,
        (0, picture.width),
        (0, picture.height),
        |gx, gy| {
            let energy = gx * gx + gy * gy;
            if energy > 0.0 {
                // cos 4φ and sin 4φ from cos 2φ and sin 2φ, weighted by the magnitude (weighting
                // by its square favours the diagonal steps of pixelated edges).
                let (c2, s2) = ((gx * gx - gy * gy) / energy, 2.0 * gx * gy / energy);
                let weight = energy.sqrt();
                cos4 += weight * (c2 * c2 - s2 * s2);
                sin4 += weight * 2.0 * s2 * c2;
            }
        },
    );
    (cos4 != 0.0 || sin4 != 0.0).then(|| sin4.atan2(cos4).to_degrees() / 4.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A checkerboard of 12 px squares turned by `degrees`, edges smoothed as a lens would
    /// (4×4 samples per pixel: hard pixel steps would only ever point along the axes).
    fn checkerboard(degrees: f32) -> GrayImage {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let size = 96;
        let dark = |x: f32, y: f32| {
            let (u, v) = (x * cos + y * sin, -x * sin + y * cos);
            ((u / 12.0).floor() + (v / 12.0).floor()).rem_euclid(2.0) == 0.0
        };
        let data = (0..size * size)
            .map(|i| {
                let (x, y) = ((i % size) as f32 - 48.0, (i / size) as f32 - 48.0);
                let darks = (0..16)
                    .filter(|s| dark(x + (s % 4) as f32 / 4.0, y + (s / 4) as f32 / 4.0))
                    .count() as f32;
                (210.0 - darks / 16.0 * 170.0) as u8
            })
            .collect();
        GrayImage::new(size, size, data)
    }

    #[test]
    fn the_grid_angle_of_turned_squares_is_found() {
        for degrees in [0.0f32, 10.0, -20.0, 33.0] {
            let found = grid_angle(&checkerboard(degrees)).expect("edges");
            assert!((found - degrees).abs() < 3.0, "{degrees}: {found}");
        }
        assert_eq!(grid_angle(&GrayImage::new(8, 8, vec![90; 64])), None);
    }
}
