//! Live text: the printed text in a camera picture, line by line, with where each line is.
//!
//! Camera pictures are not scans: light falls unevenly, the text is small in a large frame, the
//! page is tilted. [`read`] prepares the picture for the engine ([`prepare`]: the region, grey
//! levels, the light flattened and the contrast stretched, the tilt taken out) and runs
//! Tesseract ([`engine`]) on it, rereading at a larger scale when the text is too small for the
//! engine, and a large picture in which neither found anything once more at a camera frame's
//! size. Line boxes come back normalised to the whole picture (0 to 1), so they can be drawn
//! over it at any resolution.
//!
//! Work is bounded by size: a picture above [`MAX_PICTURE_PIXELS`] is refused, and the engine
//! never sees more than [`prepare::MAX_WORKING_SIDE`] pixels on a side, so one call is two
//! engine passes, three for a large picture without text, at most. Callers run it off their async threads, a few at a time.

mod deskew;
pub mod engine;
mod error;
pub mod prepare;
mod tsv;

use image::DynamicImage;

pub use error::{Error, Result};
/// A part of the picture and a line read in it, normalised to the picture: the words the
/// live protocol carries them in.
pub use sightline_wire::signal::{TextLine, TextRegion};

/// The largest picture read, in pixels (a 48-megapixel still).
pub const MAX_PICTURE_PIXELS: u64 = 48_000_000;

/// The text in `region` of `picture` (the whole picture when `None`), top to bottom.
/// An empty list means no text was found.
pub fn read(picture: &DynamicImage, region: Option<TextRegion>) -> Result<Vec<TextLine>> {
    let (width, height) = (picture.width(), picture.height());
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 {
        return Err(Error::EmptyPicture);
    }
    if pixels > MAX_PICTURE_PIXELS {
        return Err(Error::PictureTooLarge { pixels, limit: MAX_PICTURE_PIXELS });
    }
    let prepared = prepare::Prepared::new(picture, region.unwrap_or(TextRegion::WHOLE))?;
    let first = engine::recognise(&prepared.image)?;
    let Some(scale) = prepare::rescale_for(&first) else {
        return Ok(prepared.place(first, width, height));
    };
    let larger = prepared.scaled(scale);
    let lines = engine::recognise(&larger.image)?;
    if first.is_empty() && lines.is_empty() && prepared.is_large() {
        // Nothing at either size: the engine's page layout can miss large print in a large
        // picture (a full-resolution still) that it reads at a camera frame's size.
        let smaller = prepared.shrunk();
        let lines = engine::recognise(&smaller.image)?;
        return Ok(smaller.place(lines, width, height));
    }
    Ok(larger.place(lines, width, height))
}
