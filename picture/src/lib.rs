//! An uploaded picture, checked and made safe: a JPEG or PNG whose structure ends
//! exactly where the bytes do (nothing smuggled behind it), decoded under dimension
//! and allocation caps (a header claiming a huge size is refused before any big
//! allocation), and re-encoded as a fresh JPEG so no metadata or extra bytes survive.
//! A crate of its own, with only `image` below it, so it is fuzzed without the server.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{ImageError, ImageFormat, ImageReader, Limits};

/// Why a picture is refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("the upload is not a JPEG or PNG image")]
    NotJpegOrPng,
    #[error("the image is truncated or malformed")]
    Malformed,
    #[error("{0} bytes follow the end of the image")]
    TrailingBytes(usize),
    #[error("the image is {width}×{height} pixels; the largest accepted side is {MAX_SIDE}")]
    TooLarge { width: u32, height: u32 },
    #[error("the image is larger than the server decodes")]
    OverLimits,
    #[error("the image does not decode: {0}")]
    DoesNotDecode(String),
    #[error("re-encoding a picture failed: {0}")]
    Encode(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The largest width or height of an accepted picture (a 48 MP phone still fits).
pub const MAX_SIDE: u32 = 8192;
/// The most the decoder may allocate for one picture.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 90;

/// A checked picture, re-encoded.
#[derive(Debug)]
pub struct Picture {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// What a picture's structure and header say, before any pixel is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// Checks `bytes`' structure (a JPEG or PNG ending exactly where the bytes do) and the
/// dimensions its header declares, without decoding a pixel: cheap, whatever the size.
pub fn inspect(bytes: &[u8]) -> Result<Header> {
    let format = match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png)) => format,
        _ => return Err(Error::NotJpegOrPng),
    };
    let end = match format {
        ImageFormat::Jpeg => jpeg_end(bytes),
        _ => png_end(bytes),
    };
    match end {
        None => return Err(Error::Malformed),
        Some(end) if end != bytes.len() => return Err(Error::TrailingBytes(bytes.len() - end)),
        Some(_) => {}
    }
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().map_err(refusal)?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(Error::TooLarge { width, height });
    }
    Ok(Header { format, width, height })
}

/// Checks `bytes` as a picture and re-encodes it (see the module's documentation).
pub fn check(bytes: &[u8]) -> Result<Picture> {
    let Header { format, width, height } = inspect(bytes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let decoded = reader.decode().map_err(refusal)?.into_rgb8();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&decoded)
        .map_err(|err| Error::Encode(err.to_string()))?;
    Ok(Picture { jpeg, width, height })
}

fn refusal(err: ImageError) -> Error {
    match err {
        ImageError::Limits(_) => Error::OverLimits,
        other => Error::DoesNotDecode(other.to_string()),
    }
}

/// Where a JPEG's end-of-image marker ends, walking its segments and entropy-coded
/// scans; `None` for a malformed or truncated stream.
fn jpeg_end(bytes: &[u8]) -> Option<usize> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        // Fill bytes (0xFF) may precede a marker.
        while *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        let marker = *bytes.get(at + 1)?;
        at += 2;
        match marker {
            0xD9 => return Some(at),
            0x01 | 0xD0..=0xD7 => continue,
            _ => {
                let length = usize::from(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]));
                if length < 2 || at + length > bytes.len() {
                    return None;
                }
                at += length;
                if marker == 0xDA {
                    at = scan_end(bytes, at)?;
                }
            }
        }
    }
}

/// The end of entropy-coded data starting at `at`: the first marker that is neither a
/// stuffed 0xFF nor a restart marker.
fn scan_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        at += bytes.get(at..)?.iter().position(|&b| b == 0xFF)?;
        match *bytes.get(at + 1)? {
            0x00 | 0xD0..=0xD7 => at += 2,
            _ => return Some(at),
        }
    }
}

/// Where a PNG's IEND chunk ends; `None` for a malformed or truncated stream.
fn png_end(bytes: &[u8]) -> Option<usize> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    if !bytes.starts_with(&SIGNATURE) {
        return None;
    }
    let mut at = SIGNATURE.len();
    loop {
        let length = usize::try_from(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?)).ok()?;
        let kind = bytes.get(at + 4..at + 8)?;
        let end = at.checked_add(12)?.checked_add(length)?;
        if end > bytes.len() {
            return None;
        }
        if kind == b"IEND" {
            return Some(end);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 80).encode_image(&image::RgbImage::new(width, height)).expect("encode");
        out
    }

    #[test]
    fn a_picture_is_re_encoded_and_anything_behind_it_refused() {
        let picture = check(&jpeg(64, 48)).expect("a plain JPEG passes");
        assert_eq!((picture.width, picture.height), (64, 48));
        assert_eq!(jpeg_end(&picture.jpeg), Some(picture.jpeg.len()));
        let mut polyglot = jpeg(64, 48);
        polyglot.extend_from_slice(b"PK\x03\x04 a zip behind");
        assert_eq!(check(&polyglot).map(|_| ()), Err(Error::TrailingBytes(17)));
        let whole = jpeg(64, 48);
        assert_eq!(check(&whole[..whole.len() - 10]).map(|_| ()), Err(Error::Malformed));
    }

    #[test]
    fn the_header_is_read_and_its_size_refused_before_any_decode() {
        let header = inspect(&jpeg(64, 48)).expect("a plain JPEG passes");
        assert_eq!(header, Header { format: ImageFormat::Jpeg, width: 64, height: 48 });
        let mut png = Vec::new();
        image::RgbImage::new(MAX_SIDE + 1, 1).write_to(&mut Cursor::new(&mut png), ImageFormat::Png).expect("encode");
        assert_eq!(inspect(&png), Err(Error::TooLarge { width: MAX_SIDE + 1, height: 1 }));
    }
}
