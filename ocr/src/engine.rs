//! Tesseract on a prepared grey picture: its lines and their boxes in that picture's pixels.

use image::GrayImage;
use tesseract::{PageSegMode, Tesseract};

use crate::error::{Error, Result};
pub use crate::tsv::PixelLine;

/// Lines the engine is less sure of than this (0 to 100) are noise in camera pictures:
/// texture, edges and shadows read as stray letters.
pub const MIN_LINE_CONFIDENCE: f32 = 45.0;

/// The lines Tesseract reads in `image`, in reading order, without the unsure ones.
pub fn recognise(image: &GrayImage) -> Result<Vec<PixelLine>> {
    let (width, height) = (to_i32(image.width())?, to_i32(image.height())?);
    let engine = Tesseract::new(None, Some("eng")).map_err(|err| {
        Error::EngineMissing(format!("{err} (Tesseract with its English data is needed: Debian tesseract-ocr-eng)"))
    })?;
    let mut engine = engine
        .set_frame(image.as_raw(), width, height, 1, width)
        .map_err(|err| Error::Engine(err.to_string()))?
        // The prepared picture's text is sized for the engine; say so rather than let it guess.
        .set_source_resolution(300)
        // Its diagnostics ("Empty page!!") would go to our stderr.
        .set_variable("debug_file", "/dev/null")
        .map_err(|err| Error::Engine(err.to_string()))?;
    engine.set_page_seg_mode(PageSegMode::PsmAuto);
    let mut engine = engine.recognize().map_err(|err| Error::Engine(err.to_string()))?;
    let tsv = engine.get_tsv_text(0).map_err(|err| Error::Engine(err.to_string()))?;
    Ok(crate::tsv::lines(&tsv).into_iter().filter(|line| line.confidence >= MIN_LINE_CONFIDENCE).collect())
}

fn to_i32(side: u32) -> Result<i32> {
    i32::try_from(side).map_err(|_| Error::Engine(format!("a side of {side} pixels is too large for the engine")))
}
