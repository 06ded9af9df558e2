//! The scene's printed text is set in a real typeface, DejaVu Sans (Debian's
//! `fonts-dejavu-core`), read from the system at run time and rendered with `ab_glyph`
//! with anti-aliased edges, as a camera sees print.

use std::path::Path;
use std::sync::OnceLock;

use ab_glyph::{point, Font as _, FontArc, GlyphId, PxScale, ScaleFont};

use crate::canvas::{Canvas, Yuv};
use crate::error::{Error, Result};

/// Where Debian's `fonts-dejavu-core` puts DejaVu Sans.
pub const DEJAVU_SANS: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// A loaded typeface; cheap to clone.
#[derive(Clone)]
pub struct Typeface {
    font: FontArc,
}

impl std::fmt::Debug for Typeface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Typeface")
    }
}

impl Typeface {
    /// DejaVu Sans from the system.
    pub fn dejavu_sans() -> Result<Typeface> {
        Typeface::from_file(Path::new(DEJAVU_SANS))
    }

    pub fn from_file(path: &Path) -> Result<Typeface> {
        let data = std::fs::read(path).map_err(|err| Error::Font(format!("cannot read {} ({err}); install fonts-dejavu-core", path.display())))?;
        let font = FontArc::try_from_vec(data).map_err(|err| Error::Font(format!("{} is no usable font: {err}", path.display())))?;
        Ok(Typeface { font })
    }

    /// Draws one line of `text` `px` pixels high (the font's em) with its top at `y`,
    /// blending each pixel by its coverage.
    pub fn draw(&self, canvas: &mut Canvas, x: f32, y: f32, px: f32, text: &str, colour: Yuv) {
        let scale = PxScale::from(px);
        let baseline = y + self.font.as_scaled(scale).ascent();
        self.lay_out(px, text, |id, caret| {
            let glyph = id.with_scale_and_position(scale, point(x + caret, baseline));
            let Some(outlined) = self.font.outline_glyph(glyph) else { return };
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, coverage| {
                canvas.blend(bounds.min.x as i64 + i64::from(gx), bounds.min.y as i64 + i64::from(gy), coverage, colour);
            });
        });
    }

    /// How wide `text` is set `px` pixels high.
    pub fn width(&self, px: f32, text: &str) -> f32 {
        self.lay_out(px, text, |_, _| {})
    }

    /// Calls `place` with each glyph of `text` and its distance from the line's start
    /// (advances and kerning); returns the line's width.
    fn lay_out(&self, px: f32, text: &str, mut place: impl FnMut(GlyphId, f32)) -> f32 {
        let scaled = self.font.as_scaled(PxScale::from(px));
        let mut caret = 0.0;
        let mut previous = None;
        for ch in text.chars() {
            let id = scaled.glyph_id(ch);
            if let Some(before) = previous {
                caret += scaled.kern(before, id);
            }
            place(id, caret);
            caret += scaled.h_advance(id);
            previous = Some(id);
        }
        caret
    }
}

/// DejaVu Sans, shared by the scenes of one process: the file is read once.
pub fn shared() -> Result<Typeface> {
    static LOADED: OnceLock<std::result::Result<Typeface, String>> = OnceLock::new();
    LOADED.get_or_init(|| Typeface::dejavu_sans().map_err(|err| err.to_string())).clone().map_err(Error::Font)
}
