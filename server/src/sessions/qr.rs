//! QR code images of join links.

use std::io::Cursor;

use image::Luma;
use qrcode::QrCode;

use crate::error::{Error, Result};

/// A PNG QR code of `text`, with a quiet zone, about 300 pixels wide.
pub fn png(text: &str) -> Result<Vec<u8>> {
    let code = QrCode::new(text.as_bytes()).map_err(|err| Error::Internal(format!("cannot encode QR code: {err}")))?;
    let picture = code.render::<Luma<u8>>().min_dimensions(300, 300).build();
    let mut out = Cursor::new(Vec::new());
    picture
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|err| Error::Internal(format!("cannot write QR code PNG: {err}")))?;
    Ok(out.into_inner())
}
