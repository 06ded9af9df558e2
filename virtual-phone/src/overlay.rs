//! Draws the SDK's annotation overlay into the picture, as a phone app draws it over
//! its preview: each shape in its colour, at its normalised place, its stroke as wide
//! as the annotation says (at least a pixel). Here it goes into the frames pushed, so
//! a technician sees it in the decoded video.

use sightline_sdk_core::scan::NormalizedPoint;
use sightline_sdk_core::session::{OverlayAnnotation, OverlayShape, TEXT_HEIGHT_PER_WIDTH};

use crate::canvas::{Canvas, Yuv};

/// Segments of a drawn ellipse.
const ELLIPSE_SEGMENTS: usize = 64;
/// An arrow's head: its sides' length as a fraction of the shaft, and their angle to it.
const HEAD_FRACTION: f32 = 0.25;
const HEAD_ANGLE: f32 = 0.5;

/// Draws every annotation, oldest first, over `canvas`.
pub fn draw(canvas: &mut Canvas, annotations: &[OverlayAnnotation]) {
    for annotation in annotations {
        let [r, g, b] = annotation.colour.rgb();
        let pen = Pen { colour: Yuv::from_rgb(r, g, b), thickness: (annotation.width * canvas.width as f32).max(1.0) };
        let at = |p: &NormalizedPoint| (p.x * canvas.width as f32, p.y * canvas.height as f32);
        match &annotation.shape {
            OverlayShape::Arrow { from, to } => {
                let ((x0, y0), (x1, y1)) = (at(from), at(to));
                pen.line(canvas, (x0, y0), (x1, y1));
                let (dx, dy) = (x0 - x1, y0 - y1);
                for side in [HEAD_ANGLE, -HEAD_ANGLE] {
                    let (sin, cos) = side.sin_cos();
                    let head = (x1 + HEAD_FRACTION * (dx * cos - dy * sin), y1 + HEAD_FRACTION * (dx * sin + dy * cos));
                    pen.line(canvas, (x1, y1), head);
                }
            }
            OverlayShape::Rectangle { from, to } => {
                let ((x0, y0), (x1, y1)) = (at(from), at(to));
                pen.polyline(canvas, &[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]);
            }
            OverlayShape::Circle { from, to } => {
                let ((x0, y0), (x1, y1)) = (at(from), at(to));
                let (cx, cy, rx, ry) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0, (x1 - x0).abs() / 2.0, (y1 - y0).abs() / 2.0);
                let points: Vec<(f32, f32)> = (0..=ELLIPSE_SEGMENTS)
                    .map(|i| {
                        let (sin, cos) = (i as f32 / ELLIPSE_SEGMENTS as f32 * std::f32::consts::TAU).sin_cos();
                        (cx + rx * cos, cy + ry * sin)
                    })
                    .collect();
                pen.polyline(canvas, &points);
            }
            OverlayShape::Freehand { points } => pen.polyline(canvas, &points.iter().map(at).collect::<Vec<_>>()),
            OverlayShape::Text { at: corner, text } => {
                let (x, y) = at(corner);
                let scale = ((pen.thickness * TEXT_HEIGHT_PER_WIDTH / 8.0).round() as usize).max(1);
                canvas.draw_text(x as i64, y as i64, scale, text, pen.colour);
            }
        }
    }
}

/// A square pen of a colour and a thickness in pixels.
struct Pen {
    colour: Yuv,
    thickness: f32,
}

impl Pen {
    fn polyline(&self, canvas: &mut Canvas, points: &[(f32, f32)]) {
        for pair in points.windows(2) {
            self.line(canvas, pair[0], pair[1]);
        }
    }

    /// Stamps the pen every pixel along the line.
    fn line(&self, canvas: &mut Canvas, (x0, y0): (f32, f32), (x1, y1): (f32, f32)) {
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0) as usize;
        let size = self.thickness.round().max(1.0) as i64;
        for step in 0..=steps {
            let t = step as f32 / steps as f32;
            let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
            canvas.fill_rect(x as i64 - size / 2, y as i64 - size / 2, size, size, self.colour);
        }
    }
}

#[cfg(test)]
mod tests {
    use sightline_sdk_core::session::Colour;

    use super::*;

    fn annotation(shape: OverlayShape) -> OverlayAnnotation {
        OverlayAnnotation { id: "a".into(), author_id: "p".into(), author_name: "Olga".into(), colour: Colour::Red, width: 0.02, shape }
    }

    #[test]
    fn shapes_land_at_their_normalised_place_in_their_colour() {
        let red = Yuv::from_rgb(230, 40, 40);
        let p = |x, y| NormalizedPoint { x, y };
        let mut canvas = Canvas::new(200, 100, Yuv::BLACK);
        draw(&mut canvas, &[annotation(OverlayShape::Rectangle { from: p(0.25, 0.2), to: p(0.75, 0.8) })]);
        let luma = |x: usize, y: usize| canvas.y[y * canvas.width + x];
        assert_eq!(luma(50, 50), red.y, "the left edge at a quarter of the width");
        assert_eq!(luma(100, 20), red.y, "the top edge at a fifth of the height");
        assert_eq!(luma(100, 50), Yuv::BLACK.y, "a rectangle is an outline");
        assert_eq!(canvas.v[(50 / 2) * canvas.width.div_ceil(2) + 50 / 2], red.v);

        let mut canvas = Canvas::new(200, 100, Yuv::BLACK);
        draw(&mut canvas, &[annotation(OverlayShape::Freehand { points: vec![p(0.1, 0.5), p(0.9, 0.5)] })]);
        assert_eq!(canvas.y[50 * 200 + 100], red.y, "a stroke across the middle");
        assert_eq!(canvas.y[10 * 200 + 100], Yuv::BLACK.y);
    }
}
