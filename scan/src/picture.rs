//! Owned 8-bit grey pictures the decoder works on, and the geometry that maps a working
//! picture back onto the camera frame.

use crate::frame::LumaPlane;

use crate::result::Region;

/// Maps a point of a working picture to frame pixels: `frame = [a b; c d] * work + [tx ty]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Affine {
    a: f32,
    b: f32,
    c: f32,
    d: f32,
    tx: f32,
    ty: f32,
}

impl Affine {
    pub(crate) const IDENTITY: Affine = Affine {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        tx: 0.0,
        ty: 0.0,
    };

    /// The mapping that takes the origin to `origin` and the unit steps along x and y to
    /// `x_step` and `y_step`.
    pub(crate) fn through(origin: (f32, f32), x_step: (f32, f32), y_step: (f32, f32)) -> Affine {
        Affine {
            a: x_step.0,
            b: y_step.0,
            c: x_step.1,
            d: y_step.1,
            tx: origin.0,
            ty: origin.1,
        }
    }

    pub(crate) fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        (
            self.a * x + self.b * y + self.tx,
            self.c * x + self.d * y + self.ty,
        )
    }

    /// The inverse mapping; a degenerate mapping (never built here) maps everything to the origin.
    fn inverse(&self) -> Affine {
        let det = self.a * self.d - self.b * self.c;
        if det == 0.0 {
            return Affine {
                a: 0.0,
                b: 0.0,
                c: 0.0,
                d: 0.0,
                tx: 0.0,
                ty: 0.0,
            };
        }
        let (a, b, c, d) = (self.d / det, -self.b / det, -self.c / det, self.a / det);
        Affine {
            a,
            b,
            c,
            d,
            tx: -(a * self.tx + b * self.ty),
            ty: -(c * self.tx + d * self.ty),
        }
    }

    /// First `inner`, then `self`.
    fn after(&self, inner: &Affine) -> Affine {
        Affine {
            a: self.a * inner.a + self.b * inner.c,
            b: self.a * inner.b + self.b * inner.d,
            c: self.c * inner.a + self.d * inner.c,
            d: self.c * inner.b + self.d * inner.d,
            tx: self.a * inner.tx + self.b * inner.ty + self.tx,
            ty: self.c * inner.tx + self.d * inner.ty + self.ty,
        }
    }
}

/// A tightly packed grey picture plus where it came from in the frame.
#[derive(Debug, Clone)]
pub(crate) struct GrayImage {
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) data: Vec<u8>,
    /// Work pixel to frame pixel.
    pub(crate) to_frame: Affine,
}

impl GrayImage {
    /// Copies the part of `plane` inside `region` (normalised), dropping stride padding.
    /// `None` when the region holds no whole pixel.
    pub(crate) fn from_plane(plane: &LumaPlane<'_>, region: Region) -> Option<GrayImage> {
        let to_px =
            |v: f32, size: usize| ((v.clamp(0.0, 1.0) * size as f32).round() as usize).min(size);
        let (left, right) = (
            to_px(region.left, plane.width),
            to_px(region.right, plane.width),
        );
        let (top, bottom) = (
            to_px(region.top, plane.height),
            to_px(region.bottom, plane.height),
        );
        if right <= left || bottom <= top {
            return None;
        }
        let (width, height) = (right - left, bottom - top);
        let mut data = Vec::with_capacity(width * height);
        for y in top..bottom {
            data.extend_from_slice(&plane.row(y)[left..right]);
        }
        let to_frame = Affine {
            tx: left as f32,
            ty: top as f32,
            ..Affine::IDENTITY
        };
        Some(GrayImage {
            width,
            height,
            data,
            to_frame,
        })
    }

    /// A frame pixel position in this picture's pixels.
    pub(crate) fn to_picture(&self, x: f32, y: f32) -> (f32, f32) {
        self.to_frame.inverse().apply(x, y)
    }

    /// The part of the picture inside the pixel rectangle (clamped to the picture), or `None` if empty.
    pub(crate) fn cropped(
        &self,
        left: f32,
        top: f32,
        right: f32,
        bottom: f32,
    ) -> Option<GrayImage> {
        let clamp = |v: f32, size: usize| (v.max(0.0) as usize).min(size);
        let (x0, x1) = (clamp(left, self.width), clamp(right, self.width));
        let (y0, y1) = (clamp(top, self.height), clamp(bottom, self.height));
        if x1 <= x0 || y1 <= y0 {
            return None;
        }
        let mut data = Vec::with_capacity((x1 - x0) * (y1 - y0));
        for y in y0..y1 {
            data.extend_from_slice(&self.data[y * self.width + x0..y * self.width + x1]);
        }
        let shift = Affine {
            tx: x0 as f32,
            ty: y0 as f32,
            ..Affine::IDENTITY
        };
        Some(GrayImage {
            width: x1 - x0,
            height: y1 - y0,
            data,
            to_frame: self.to_frame.after(&shift),
        })
    }

    /// A packed picture that is the whole frame.
    #[cfg(test)]
    pub(crate) fn new(width: usize, height: usize, data: Vec<u8>) -> GrayImage {
        assert_eq!(width * height, data.len(), "test picture size");
        GrayImage {
            width,
            height,
            data,
            to_frame: Affine::IDENTITY,
        }
    }

    /// The picture shrunk by an integer `factor`, each pixel the mean of a `factor`² block.
    pub(crate) fn downscaled(&self, factor: usize) -> GrayImage {
        if factor <= 1 || self.width < factor || self.height < factor {
            return self.clone();
        }
        let (width, height) = (self.width / factor, self.height / factor);
        let mut sums = vec![0u32; width];
        let mut data = Vec::with_capacity(width * height);
        let area = (factor * factor) as u32;
        for out_y in 0..height {
            sums.iter_mut().for_each(|s| *s = 0);
            for y in out_y * factor..(out_y + 1) * factor {
                let row = &self.data[y * self.width..][..width * factor];
                for (sum, block) in sums.iter_mut().zip(row.chunks_exact(factor)) {
                    *sum += block.iter().map(|&v| u32::from(v)).sum::<u32>();
                }
            }
            data.extend(sums.iter().map(|&s| ((s + area / 2) / area) as u8));
        }
        self.rescaled(width, height, data, factor as f32)
    }

    /// The grey level of the pixel holding the point (x, y), `None` outside the picture.
    pub(crate) fn pixel(&self, x: f32, y: f32) -> Option<u8> {
        let inside = |v: f32, size: usize| (v >= 0.0 && v < size as f32).then_some(v as usize);
        Some(self.data[inside(y, self.height)? * self.width + inside(x, self.width)?])
    }

    /// The picture on a larger canvas for a linear symbol cropped tight: `margin` pixels of
    /// its lightest grey left and right (the quiet zones), and its top and bottom rows
    /// repeated `margin` times above and below (the bars go on).
    pub(crate) fn padded(&self, margin: usize) -> GrayImage {
        let light = self.data.iter().copied().max().unwrap_or(u8::MAX);
        let width = self.width + 2 * margin;
        let rows = self.data.chunks_exact(self.width);
        let (first, last) = (rows.clone().next(), rows.clone().last());
        let above = std::iter::repeat_n(first, margin).flatten();
        let below = std::iter::repeat_n(last, margin).flatten();
        let mut data = Vec::with_capacity(width * (self.height + 2 * margin));
        for row in above.chain(rows).chain(below) {
            data.extend(std::iter::repeat_n(light, margin));
            data.extend_from_slice(row);
            data.extend(std::iter::repeat_n(light, margin));
        }
        let shift = Affine {
            tx: -(margin as f32),
            ty: -(margin as f32),
            ..Affine::IDENTITY
        };
        GrayImage {
            width,
            height: data.len() / width,
            data,
            to_frame: self.to_frame.after(&shift),
        }
    }

    /// A clean picture of a square grid of modules (`dark(column, row)` for 0..side), drawn
    /// `pixels` per module on a light ring of `quiet` modules, that lies over this picture's
    /// square of that many modules of `module` pixels centred at `centre`.
    pub(crate) fn modules_over(
        &self,
        side: usize,
        dark: impl Fn(usize, usize) -> bool,
        (pixels, quiet): (usize, usize),
        centre: (f32, f32),
        module: f32,
    ) -> GrayImage {
        // Drawn pixel to picture pixel: the grid's centre onto `centre`, a module onto `module`.
        let scale = module / pixels as f32;
        let half = ((side + 2 * quiet) * pixels) as f32 / 2.0;
        let place = Affine {
            a: scale,
            d: scale,
            tx: centre.0 - half * scale,
            ty: centre.1 - half * scale,
            ..Affine::IDENTITY
        };
        self.modules_placed((side, side), dark, (pixels, quiet), place)
    }

    /// A clean picture of a grid of `columns` × `rows` modules (`dark(column, row)`), drawn
    /// `pixels` per module on a light ring of `quiet` modules, whose drawn pixels `place` maps
    /// onto this picture.
    pub(crate) fn modules_placed(
        &self,
        (columns, rows): (usize, usize),
        dark: impl Fn(usize, usize) -> bool,
        (pixels, quiet): (usize, usize),
        place: Affine,
    ) -> GrayImage {
        let (width, height) = ((columns + 2 * quiet) * pixels, (rows + 2 * quiet) * pixels);
        let mut data = Vec::with_capacity(width * height);
        for y in 0..height {
            for x in 0..width {
                let cell =
                    |v: usize, count: usize| (v / pixels).checked_sub(quiet).filter(|&c| c < count);
                let ink = matches!((cell(x, columns), cell(y, rows)), (Some(column), Some(row)) if dark(column, row));
                data.push(if ink { 0 } else { u8::MAX });
            }
        }
        GrayImage {
            width,
            height,
            data,
            to_frame: self.to_frame.after(&place),
        }
    }

    /// The picture with its greys lifted along a square-root curve (mid grey 128 becomes
    /// 181): where ink spread or blur has widened the bars and narrowed the spaces between
    /// them, thresholds then fall nearer the bars' dark cores.
    pub(crate) fn lightened(&self) -> GrayImage {
        self.toned(|v| (v * f32::from(u8::MAX)).sqrt())
    }

    /// The picture with its greys lowered along a square curve (mid grey 128 becomes 64),
    /// the inverse of [`GrayImage::lightened`]: thresholds fall nearer the light ground.
    pub(crate) fn darkened(&self) -> GrayImage {
        self.toned(|v| v * v / f32::from(u8::MAX))
    }

    /// The picture with every grey `v` replaced by `curve(v)`.
    fn toned(&self, curve: impl Fn(f32) -> f32) -> GrayImage {
        let table: Vec<u8> = (0..=u8::MAX)
            .map(|v| curve(f32::from(v)).round().clamp(0.0, 255.0) as u8)
            .collect();
        GrayImage {
            width: self.width,
            height: self.height,
            data: self.data.iter().map(|&v| table[usize::from(v)]).collect(),
            to_frame: self.to_frame,
        }
    }

    /// The picture mirrored left to right (symbols printed or photographed mirror-inverted).
    pub(crate) fn mirrored(&self) -> GrayImage {
        let mut data = Vec::with_capacity(self.data.len());
        for row in self.data.chunks_exact(self.width) {
            data.extend(row.iter().rev());
        }
        let flip = Affine {
            a: -1.0,
            tx: self.width as f32,
            ..Affine::IDENTITY
        };
        GrayImage {
            width: self.width,
            height: self.height,
            data,
            to_frame: self.to_frame.after(&flip),
        }
    }

    /// The picture enlarged by an integer `factor`, each pixel repeated in a `factor`² block.
    pub(crate) fn enlarged(&self, factor: usize) -> GrayImage {
        if factor <= 1 {
            return self.clone();
        }
        let (width, height) = (self.width * factor, self.height * factor);
        let mut data = Vec::with_capacity(width * height);
        for row in self.data.chunks_exact(self.width) {
            let start = data.len();
            data.extend(row.iter().flat_map(|&v| std::iter::repeat_n(v, factor)));
            for _ in 1..factor {
                data.extend_from_within(start..start + width);
            }
        }
        self.rescaled(width, height, data, 1.0 / factor as f32)
    }

    /// A picture of `data` whose pixels are each `scale` pixels of this one wide and high.
    fn rescaled(&self, width: usize, height: usize, data: Vec<u8>, scale: f32) -> GrayImage {
        let step = Affine {
            a: scale,
            d: scale,
            ..Affine::IDENTITY
        };
        GrayImage {
            width,
            height,
            data,
            to_frame: self.to_frame.after(&step),
        }
    }

    /// The picture turned by `degrees` (counter-clockwise as seen on screen) on a canvas
    /// large enough to hold all of it, sampled bilinearly; the border repeats the edge.
    pub(crate) fn rotated(&self, degrees: f32) -> GrayImage {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (w, h) = (self.width as f32, self.height as f32);
        let width = (w * cos.abs() + h * sin.abs()).ceil() as usize;
        let height = (w * sin.abs() + h * cos.abs()).ceil() as usize;
        let (src_cx, src_cy) = (w / 2.0, h / 2.0);
        let (dst_cx, dst_cy) = (width as f32 / 2.0, height as f32 / 2.0);
        // Screen y points down, so a counter-clockwise turn maps (x, y) to (x cos + y sin, -x sin + y cos).
        // The inverse sends destination pixels back to the source.
        let inverse = Affine {
            a: cos,
            b: -sin,
            c: sin,
            d: cos,
            tx: src_cx - cos * dst_cx + sin * dst_cy,
            ty: src_cy - sin * dst_cx - cos * dst_cy,
        };
        let mut data = Vec::with_capacity(width * height);
        for y in 0..height {
            let (sx, sy) = inverse.apply(0.5, y as f32 + 0.5);
            self.sample_line(
                (sx - 0.5, sy - 0.5),
                (inverse.a, inverse.c),
                width,
                &mut data,
            );
        }
        GrayImage {
            width,
            height,
            data,
            to_frame: self.to_frame.after(&inverse),
        }
    }

    /// Appends `count` bilinear samples taken from `start` in steps of `step` (pixel-centre
    /// coordinates), in 16.16 fixed point inside the picture and clamped at its border.
    fn sample_line(&self, start: (f32, f32), step: (f32, f32), count: usize, out: &mut Vec<u8>) {
        const ONE: f32 = 65536.0;
        let fixed = |v: f32| (v * ONE) as i64;
        let (mut x, mut y) = (fixed(start.0), fixed(start.1));
        let (dx, dy) = (fixed(step.0), fixed(step.1));
        let (w, h) = (self.width as i64, self.height as i64);
        for _ in 0..count {
            let (x0, y0) = (x >> 16, y >> 16);
            if x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h {
                let (fx, fy) = ((x >> 8) & 0xff, (y >> 8) & 0xff);
                let i = (y0 * w + x0) as usize;
                let at = |i: usize| i64::from(self.data[i]);
                let top = at(i) * (256 - fx) + at(i + 1) * fx;
                let bottom = at(i + self.width) * (256 - fx) + at(i + self.width + 1) * fx;
                out.push(((top * (256 - fy) + bottom * fy + (1 << 15)) >> 16) as u8);
            } else {
                out.push(self.sample(x as f32 / ONE, y as f32 / ONE));
            }
            x += dx;
            y += dy;
        }
    }

    /// Bilinear sample at pixel-centre coordinates, clamped to the picture.
    fn sample(&self, x: f32, y: f32) -> u8 {
        let x = x.clamp(0.0, (self.width - 1) as f32);
        let y = y.clamp(0.0, (self.height - 1) as f32);
        let (x0, y0) = (x as usize, y as usize);
        let (x1, y1) = ((x0 + 1).min(self.width - 1), (y0 + 1).min(self.height - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let at = |px: usize, py: usize| f32::from(self.data[py * self.width + px]);
        let top = at(x0, y0) * (1.0 - fx) + at(x1, y0) * fx;
        let bottom = at(x0, y1) * (1.0 - fx) + at(x1, y1) * fx;
        (top * (1.0 - fy) + bottom * fy).round() as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(width: usize, height: usize) -> GrayImage {
        GrayImage::new(
            width,
            height,
            (0..width * height)
                .map(|i| (i % width * 3 + i / width * 2) as u8)
                .collect(),
        )
    }

    #[test]
    fn cropping_skips_stride_padding_and_records_the_offset() {
        let mut data = vec![0u8; 6 * 4];
        for (i, v) in data.iter_mut().enumerate() {
            *v = i as u8;
        }
        let plane = LumaPlane {
            width: 4,
            height: 4,
            stride: 6,
            data: &data,
        };
        let crop = GrayImage::from_plane(
            &plane,
            Region {
                left: 0.5,
                top: 0.25,
                right: 1.0,
                bottom: 0.75,
            },
        )
        .expect("non-empty crop");
        assert_eq!((crop.width, crop.height), (2, 2));
        assert_eq!(crop.data, vec![8, 9, 14, 15]);
        assert_eq!(crop.to_frame.apply(1.0, 1.0), (3.0, 2.0));
        assert!(GrayImage::from_plane(
            &plane,
            Region {
                left: 0.5,
                top: 0.0,
                right: 0.5,
                bottom: 1.0
            }
        )
        .is_none());
    }

    #[test]
    fn crops_clamp_to_the_picture_and_keep_the_mapping() {
        let image = ramp(10, 6);
        let crop = image.cropped(8.0, -3.0, 20.0, 2.0).expect("overlaps");
        assert_eq!((crop.width, crop.height), (2, 2));
        assert_eq!(crop.data, vec![24, 27, 26, 29]);
        assert_eq!(crop.to_frame.apply(1.0, 1.0), (9.0, 1.0));
        assert!(image.cropped(10.0, 0.0, 12.0, 6.0).is_none());
    }

    #[test]
    fn downscaling_averages_blocks_and_maps_back() {
        let image = GrayImage::new(4, 2, vec![0, 2, 10, 20, 4, 6, 30, 40]);
        let small = image.downscaled(2);
        assert_eq!(
            (small.width, small.height, small.data.clone()),
            (2, 1, vec![3, 25])
        );
        assert_eq!(small.to_frame.apply(1.0, 0.5), (2.0, 1.0));
        assert_eq!(small.to_picture(2.0, 1.0), (1.0, 0.5));
    }

    #[test]
    fn enlarging_repeats_pixels_and_maps_back() {
        let image = GrayImage::new(2, 1, vec![10, 20]);
        let big = image.enlarged(2);
        assert_eq!((big.width, big.height), (4, 2));
        assert_eq!(big.data, vec![10, 10, 20, 20, 10, 10, 20, 20]);
        assert_eq!(big.to_frame.apply(3.0, 2.0), (1.5, 1.0));
    }

    #[test]
    fn rotation_maps_working_points_back_to_their_source_pixels() {
        let image = ramp(40, 20);
        for degrees in [30.0f32, 90.0, 135.0] {
            let turned = image.rotated(degrees);
            // Every source pixel well inside the picture shows up where `to_frame` says.
            for (x, y) in [(5usize, 5usize), (30, 12), (20, 10)] {
                let found = (0..turned.height)
                    .flat_map(|ty| (0..turned.width).map(move |tx| (tx, ty)))
                    .filter(|&(tx, ty)| {
                        let (fx, fy) = turned.to_frame.apply(tx as f32 + 0.5, ty as f32 + 0.5);
                        (fx - (x as f32 + 0.5)).hypot(fy - (y as f32 + 0.5)) < 0.75
                    })
                    .map(|(tx, ty)| turned.data[ty * turned.width + tx])
                    .collect::<Vec<_>>();
                assert!(
                    !found.is_empty(),
                    "pixel ({x},{y}) lost at {degrees} degrees"
                );
                let expected = i32::from(image.data[y * 40 + x]);
                assert!(
                    found.iter().all(|&v| (i32::from(v) - expected).abs() <= 4),
                    "{degrees}: {found:?} vs {expected}"
                );
            }
        }
    }
}
