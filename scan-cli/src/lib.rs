//! The library behind the `sightline-scan` command: load an image file, decode it with the
//! Sightline scanner, and describe the outcome as one JSON record.

use std::path::Path;
use std::time::Instant;

use image::ImageReader;
use sightline_scan_core::frame::LumaPlane;
use sightline_scan_core::{BarcodeFormat, Scanner};

/// Everything that can go wrong for one file or one command line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot decode the image: {0}")]
    Image(#[from] image::ImageError),
    #[error("{0}")]
    Scan(#[from] sightline_scan_core::Error),
    #[error("{0}")]
    Usage(String),
}

/// One symbol as printed: format name, text and normalised corner points.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Found {
    pub format: BarcodeFormat,
    pub text: String,
    pub points: Vec<[f32; 2]>,
}

/// The outcome for one file: the symbols and the time the decode alone took.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    pub file: String,
    pub results: Vec<Found>,
    pub decode_us: u64,
}

/// Loads `path` (JPEG, PNG or WebP, recognised by content) as 8-bit grey pixels.
pub fn load_luma(path: &Path) -> Result<image::GrayImage, Error> {
    let picture = ImageReader::open(path)?.with_guessed_format()?.decode()?;
    Ok(picture.into_luma8())
}

/// Decodes one image file. The reported time covers the decode, not reading the file.
pub fn scan_file(scanner: &Scanner, path: &Path) -> Result<Report, Error> {
    let luma = load_luma(path)?;
    let (width, height) = (luma.width() as usize, luma.height() as usize);
    let plane = LumaPlane::new(width, height, width, luma.as_raw())?;
    let started = Instant::now();
    let results = scanner.scan_luma(&plane)?;
    let decode_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    let results = results
        .into_iter()
        .map(|r| Found {
            format: r.format,
            text: r.text,
            points: r.points.iter().map(|p| [p.x, p.y]).collect(),
        })
        .collect();
    Ok(Report {
        file: path.display().to_string(),
        results,
        decode_us,
    })
}

/// Parses a format selection: `all`, `qr`, or a comma-separated list of format names.
pub fn parse_formats(spec: &str) -> Result<Vec<BarcodeFormat>, Error> {
    match spec.to_ascii_lowercase().as_str() {
        "all" => Ok(BarcodeFormat::ALL.to_vec()),
        "qr" => Ok(vec![BarcodeFormat::QrCode]),
        _ => spec
            .split(',')
            .map(|name| {
                BarcodeFormat::parse_ignoring_case(name.trim())
                    .map_err(|e| Error::Usage(e.to_string()))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_selections_parse_and_unknown_names_are_refused() {
        assert_eq!(parse_formats("all").expect("all").len(), 13);
        assert_eq!(
            parse_formats("QR").expect("qr"),
            vec![BarcodeFormat::QrCode]
        );
        assert_eq!(
            parse_formats("EAN13, code128").expect("list"),
            vec![BarcodeFormat::Ean13, BarcodeFormat::Code128]
        );
        assert!(
            matches!(parse_formats("EAN13,Foo"), Err(Error::Usage(message)) if message.contains("Foo"))
        );
    }
}
