//! An I420 drawing surface: clipped rectangles, blended pixels (for anti-aliased type),
//! 8x8 bitmap text (annotation labels), and the camera effects
//! (torch, zoom, mirror) applied to whole pictures.

use sightline_sdk_core::{PixelFormat, Result, VideoFrame};

/// A colour as BT.601 limited-range Y, U, V.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Yuv {
    pub y: u8,
    pub u: u8,
    pub v: u8,
}

impl Yuv {
    pub const WHITE: Yuv = Yuv { y: 235, u: 128, v: 128 };
    pub const BLACK: Yuv = Yuv { y: 16, u: 128, v: 128 };

    /// BT.601 limited range from 8-bit RGB.
    pub const fn from_rgb(r: u8, g: u8, b: u8) -> Yuv {
        let (r, g, b) = (r as i32, g as i32, b as i32);
        Yuv {
            y: (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16) as u8,
            u: (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128) as u8,
            v: (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128) as u8,
        }
    }
}

/// Width in pixels of one 8x8 glyph drawn at `scale`.
pub const fn glyph_width(scale: usize) -> usize {
    8 * scale
}

/// A picture in packed I420 planes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pub y: Vec<u8>,
    pub u: Vec<u8>,
    pub v: Vec<u8>,
}

impl Canvas {
    pub fn new(width: usize, height: usize, fill: Yuv) -> Canvas {
        let chroma = width.div_ceil(2) * height.div_ceil(2);
        Canvas { width, height, y: vec![fill.y; width * height], u: vec![fill.u; chroma], v: vec![fill.v; chroma] }
    }

    fn chroma_width(&self) -> usize {
        self.width.div_ceil(2)
    }

    /// Fills a rectangle, clipped to the canvas. Chroma covers every chroma sample the
    /// rectangle touches.
    pub fn fill_rect(&mut self, x: i64, y: i64, w: i64, h: i64, colour: Yuv) {
        let clip = |start: i64, len: i64, limit: usize| {
            let from = start.clamp(0, limit as i64) as usize;
            let to = (start.saturating_add(len)).clamp(0, limit as i64) as usize;
            (from, to)
        };
        let (x0, x1) = clip(x, w, self.width);
        let (y0, y1) = clip(y, h, self.height);
        if x0 >= x1 || y0 >= y1 {
            return;
        }
        for row in y0..y1 {
            self.y[row * self.width + x0..row * self.width + x1].fill(colour.y);
        }
        let cw = self.chroma_width();
        for row in y0 / 2..y1.div_ceil(2) {
            self.u[row * cw + x0 / 2..row * cw + x1.div_ceil(2)].fill(colour.u);
            self.v[row * cw + x0 / 2..row * cw + x1.div_ceil(2)].fill(colour.v);
        }
    }

    /// Blends `colour` into the pixel at (`x`, `y`) by `coverage` (0 to 1), clipped to the
    /// canvas; its chroma sample takes the colour where the pixel is mostly covered.
    pub fn blend(&mut self, x: i64, y: i64, coverage: f32, colour: Yuv) {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return;
        }
        let (x, y) = (x as usize, y as usize);
        let coverage = coverage.clamp(0.0, 1.0);
        let luma = &mut self.y[y * self.width + x];
        *luma = (f32::from(*luma) + (f32::from(colour.y) - f32::from(*luma)) * coverage).round() as u8;
        if coverage > 0.5 {
            let chroma = (y / 2) * self.chroma_width() + x / 2;
            self.u[chroma] = colour.u;
            self.v[chroma] = colour.v;
        }
    }

    /// Draws ASCII text with the 8x8 bitmap font, each font pixel `scale` pixels wide.
    /// Characters outside ASCII are drawn as `?`.
    pub fn draw_text(&mut self, x: i64, y: i64, scale: usize, text: &str, colour: Yuv) {
        let s = scale as i64;
        for (index, ch) in text.chars().enumerate() {
            let code = if ch.is_ascii() { ch as usize } else { '?' as usize };
            let glyph = font8x8::legacy::BASIC_LEGACY[code];
            let left = x + (index * glyph_width(scale)) as i64;
            for (row, bits) in glyph.iter().enumerate() {
                for col in 0..8 {
                    if bits & (1 << col) != 0 {
                        self.fill_rect(left + col * s, y + row as i64 * s, s, s, colour);
                    }
                }
            }
        }
    }

    /// The torch: lifts every luma value halfway towards white.
    pub fn brighten(&mut self) {
        for y in &mut self.y {
            *y = (*y as u16 + (235u16.saturating_sub(*y as u16)) / 2) as u8;
        }
    }

    /// Zooms by `ratio` (>= 1): the centre `1/ratio` of the picture scaled back up to
    /// full size (nearest neighbour keeps code edges sharp).
    pub fn zoomed(&self, ratio: f32) -> Canvas {
        if ratio <= 1.0 || !ratio.is_finite() {
            return self.clone();
        }
        let map = |size: usize| -> Vec<usize> {
            let crop = ((size as f32 / ratio).round() as usize).clamp(1, size);
            let start = (size - crop) / 2;
            (0..size).map(|i| start + i * crop / size).collect()
        };
        self.remapped(&map(self.width), &map(self.height))
    }

    /// The picture flipped left to right, as a front camera preview shows it.
    pub fn mirrored(&self) -> Canvas {
        let xs: Vec<usize> = (0..self.width).rev().collect();
        let ys: Vec<usize> = (0..self.height).collect();
        self.remapped(&xs, &ys)
    }

    /// A new canvas whose pixel (x, y) is this canvas's (xs[x], ys[y]).
    fn remapped(&self, xs: &[usize], ys: &[usize]) -> Canvas {
        let mut out = Canvas::new(self.width, self.height, Yuv::BLACK);
        for (row, &src_row) in ys.iter().enumerate() {
            let src = &self.y[src_row * self.width..][..self.width];
            for (dst, &sx) in out.y[row * self.width..][..self.width].iter_mut().zip(xs) {
                *dst = src[sx];
            }
        }
        let cw = self.chroma_width();
        for row in 0..self.height.div_ceil(2) {
            let src_row = ys[(row * 2).min(self.height - 1)] / 2;
            for col in 0..cw {
                let sx = xs[(col * 2).min(self.width - 1)] / 2;
                out.u[row * cw + col] = self.u[src_row * cw + sx];
                out.v[row * cw + col] = self.v[src_row * cw + sx];
            }
        }
        out
    }

    /// The canvas as a packed I420 frame.
    pub fn into_frame(self, timestamp_us: u64) -> Result<VideoFrame> {
        let mut data = self.y;
        data.extend_from_slice(&self.u);
        data.extend_from_slice(&self.v);
        Ok(VideoFrame::packed(PixelFormat::I420, self.width as u32, self.height as u32, data, timestamp_us)?)
    }

    /// Packed 8-bit RGB (BT.601 limited range), for JPEG stills.
    pub fn to_rgb(&self) -> Vec<u8> {
        let cw = self.chroma_width();
        let mut rgb = Vec::with_capacity(self.width * self.height * 3);
        for row in 0..self.height {
            for col in 0..self.width {
                let c = (row / 2) * cw + col / 2;
                let y = 298 * (i32::from(self.y[row * self.width + col]) - 16);
                let (u, v) = (i32::from(self.u[c]) - 128, i32::from(self.v[c]) - 128);
                let channel = |value: i32| ((value + 128) >> 8).clamp(0, 255) as u8;
                rgb.extend_from_slice(&[channel(y + 409 * v), channel(y - 100 * u - 208 * v), channel(y + 516 * u)]);
            }
        }
        rgb
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rectangles_clip_and_colour_both_luma_and_chroma() {
        let mut canvas = Canvas::new(6, 4, Yuv::BLACK);
        let red = Yuv::from_rgb(255, 0, 0);
        canvas.fill_rect(-2, 2, 5, 10, red);
        assert_eq!(&canvas.y[12..18], &[red.y, red.y, red.y, 16, 16, 16]);
        assert_eq!(&canvas.y[..6], &[16; 6]);
        assert_eq!(canvas.v[3], red.v);
        assert_eq!(canvas.v[0], 128);
    }

    #[test]
    fn zoom_two_magnifies_the_centre() {
        let mut canvas = Canvas::new(8, 8, Yuv::BLACK);
        canvas.fill_rect(3, 3, 2, 2, Yuv::WHITE);
        let zoomed = canvas.zoomed(2.0);
        let white = zoomed.y.iter().filter(|&&y| y == 235).count();
        assert_eq!(white, 16, "a 2x2 centre square becomes 4x4");
    }

    #[test]
    fn rgb_round_trips_primary_colours_closely() {
        let mut canvas = Canvas::new(2, 2, Yuv::from_rgb(200, 30, 60));
        canvas.fill_rect(0, 0, 2, 2, Yuv::from_rgb(200, 30, 60));
        for (got, want) in canvas.to_rgb()[..3].iter().zip([200u8, 30, 60]) {
            assert!(got.abs_diff(want) <= 3, "{got} vs {want}");
        }
    }
}
