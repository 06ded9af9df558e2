//! The synthetic scene the virtual camera films: a dim gradient backdrop, a printed label
//! (DejaVu Sans, black on white) at the top left, a QR code in the centre, a 1D barcode below it, and an orange
//! square that slides along the bottom so motion is visible. With grain, fresh noise
//! covers the picture every frame, as on a real camera's sensor in dim light: a picture
//! that needs a high bitrate to stay sharp.
//!
//! Everything scales with the picture size, so a still at a larger resolution shows the
//! same scene in more detail.

use rxing::common::BitMatrix;
use rxing::{BarcodeFormat, MultiFormatWriter, Writer};

use crate::canvas::{Canvas, Yuv};
use crate::counter::cell_size;
use crate::error::{Error, Result};
use crate::font::{self, Typeface};

/// A 1D barcode to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinearBarcode {
    /// Code 128 with any printable ASCII text.
    Code128(String),
    /// EAN-13 from 12 digits (the check digit is added) or 13 digits (checked).
    Ean13(String),
}

/// What the scene shows; swap it at any time to script a demo or a test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SceneContent {
    pub qr: Option<String>,
    pub barcode: Option<LinearBarcode>,
    /// Lines of printed text, set in DejaVu Sans.
    pub text: Vec<String>,
    /// Sensor grain: every frame's luma gets fresh noise (±[`GRAIN`]).
    pub grain: bool,
}

impl Default for SceneContent {
    fn default() -> Self {
        SceneContent {
            qr: Some("SIGHTLINE-DEMO-QR-0001".into()),
            barcode: Some(LinearBarcode::Code128("SL-4711-AB".into())),
            text: vec!["SIGHTLINE VIRTUAL PHONE".into(), "SERIAL NO 4711-AB".into()],
            grain: false,
        }
    }
}

const BACKDROP: Yuv = Yuv::from_rgb(60, 70, 90);
const MOVER: Yuv = Yuv::from_rgb(255, 140, 0);
/// The most the grain moves a pixel's luma, up or down.
pub const GRAIN: u8 = 12;

/// Scene content with its codes already encoded, and a cache of the static part.
pub(crate) struct Scene {
    text: Vec<String>,
    /// The text's typeface, loaded when there is text.
    typeface: Option<Typeface>,
    qr: Option<BitMatrix>,
    barcode: Option<BitMatrix>,
    backdrop: Option<Canvas>,
    grain: bool,
}

impl Scene {
    pub fn new(content: &SceneContent) -> Result<Scene> {
        let encode = |text: &str, format: BarcodeFormat| {
            MultiFormatWriter
                .encode(text, &format, 0, 0)
                .map_err(|e| Error::InvalidContent(format!("cannot encode {text:?} as {format:?}: {e}")))
        };
        let qr = content.qr.as_deref().map(|text| encode(text, BarcodeFormat::QR_CODE)).transpose()?;
        let barcode = match &content.barcode {
            Some(LinearBarcode::Code128(text)) => Some(encode(text, BarcodeFormat::CODE_128)?),
            Some(LinearBarcode::Ean13(text)) => Some(encode(text, BarcodeFormat::EAN_13)?),
            None => None,
        };
        let typeface = if content.text.is_empty() { None } else { Some(font::shared()?) };
        Ok(Scene { text: content.text.clone(), typeface, qr, barcode, backdrop: None, grain: content.grain })
    }

    /// The scene at frame `index`, before camera effects.
    pub fn render(&mut self, width: usize, height: usize, index: u32) -> Canvas {
        let cached = self.backdrop.as_ref().filter(|c| (c.width, c.height) == (width, height));
        let mut canvas = match cached {
            Some(backdrop) => backdrop.clone(),
            None => {
                let backdrop = self.draw_static(width, height);
                self.backdrop = Some(backdrop.clone());
                backdrop
            }
        };
        let side = (height / 10).max(2) as i64;
        let cell = cell_size(width) as i64;
        let step = (width / 120).max(1) as i64;
        let x = (i64::from(index) * step) % (width as i64 + side) - side;
        canvas.fill_rect(x, height as i64 - side - cell, side, side, MOVER);
        if self.grain {
            add_grain(&mut canvas.y, index);
        }
        canvas
    }

    fn draw_static(&self, width: usize, height: usize) -> Canvas {
        let mut canvas = Canvas::new(width, height, BACKDROP);
        // A gentle gradient, so the torch and the encoder have texture to work on.
        for row in 0..height {
            for col in 0..width {
                canvas.y[row * width + col] = (40 + 50 * col / width + 30 * row / height) as u8;
            }
        }
        let cell = cell_size(width);
        if let Some(typeface) = &self.typeface {
            // A printed label: black type on white paper, the em a twentieth of the
            // picture's height, lines 1.25 ems apart, a margin of one em each side.
            let px = (height as f32 / 20.0).max(8.0);
            let (left, top, margin) = (cell as f32, 3.0 * cell as f32, px);
            let widest = self.text.iter().map(|text| typeface.width(px, text)).fold(0.0, f32::max);
            let label_height = self.text.len() as f32 * px * 1.25 + px * 0.5;
            canvas.fill_rect(left as i64, top as i64, (widest + 2.0 * margin) as i64, label_height as i64, Yuv::WHITE);
            for (line, text) in self.text.iter().enumerate() {
                let y = top + px * 0.25 + line as f32 * px * 1.25;
                typeface.draw(&mut canvas, left + margin, y, px, text, Yuv::BLACK);
            }
        }
        let mut bottom = height / 2;
        if let Some(qr) = &self.qr {
            let module = (height * 45 / 100 / qr.height() as usize).max(1);
            let size = qr.width() as usize * module;
            let (left, top) = ((width - size.min(width)) / 2, (height - size.min(height)) / 2);
            draw_matrix(&mut canvas, qr, left, top, module, module);
            bottom = top + size;
        }
        if let Some(barcode) = &self.barcode {
            let module = (width * 40 / 100 / barcode.width() as usize).max(2);
            let size = barcode.width() as usize * module;
            let left = (width - size.min(width)) / 2;
            let (top, bar_height) = (bottom + 2 * cell, height / 12);
            // A printed barcode sits on white paper: a quiet zone of ten modules each side.
            let quiet = (10 * module) as i64;
            canvas.fill_rect(left as i64 - quiet, (top - cell) as i64, size as i64 + 2 * quiet, (bar_height + 2 * cell) as i64, Yuv::WHITE);
            draw_matrix(&mut canvas, barcode, left, top, module, bar_height);
        }
        canvas
    }
}

/// Adds noise of at most ±[`GRAIN`] to every sample, different for every frame `index`
/// (xorshift64: cheap, and the same frame index always gets the same noise).
fn add_grain(luma: &mut [u8], index: u32) {
    let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ (u64::from(index) + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let span = u64::from(GRAIN) * 2 + 1;
    for chunk in luma.chunks_mut(8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        for (k, sample) in chunk.iter_mut().enumerate() {
            let offset = ((state >> (8 * k)) & 0xff) % span;
            *sample = (i16::from(*sample) + offset as i16 - i16::from(GRAIN)).clamp(0, 255) as u8;
        }
    }
}

/// Draws a code: a white plate with black modules, each `module_w` x `module_h` pixels
/// (a 1D code is a matrix one module high, stretched to the bar height).
fn draw_matrix(canvas: &mut Canvas, matrix: &BitMatrix, left: usize, top: usize, module_w: usize, module_h: usize) {
    let (mw, mh) = (module_w as i64, module_h as i64);
    let (left, top) = (left as i64, top as i64);
    let rows = matrix.height();
    canvas.fill_rect(left, top, matrix.width() as i64 * mw, i64::from(rows) * mh, Yuv::WHITE);
    for my in 0..rows {
        for mx in 0..matrix.width() {
            if matrix.get(mx, my) {
                canvas.fill_rect(left + i64::from(mx) * mw, top + i64::from(my) * mh, mw, mh, Yuv::BLACK);
            }
        }
    }
}
