//! What a phone uploads for a picture command, made and sent by hand: a plain JPEG, and the
//! upload request with the phone's customer token.

use axum::body::Body;
use axum::http::{header, Method, Request};
use image::codecs::jpeg::JpegEncoder;

use super::{Answer, TestApp};

/// A JPEG of one flat grey: a real picture with no text or code in it.
pub fn plain_jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 80).encode_image(&image::RgbImage::from_pixel(width, height, image::Rgb([200, 200, 200]))).expect("jpeg");
    out
}

/// Uploads `body` as the picture for `command`, with the phone's `token` when given.
pub async fn upload(app: &TestApp, token: Option<&str>, command: &str, body: Vec<u8>) -> Answer {
    let mut request = Request::builder().method(Method::POST).uri(format!("/api/live/captures/{command}")).header(header::CONTENT_TYPE, "image/jpeg");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    app.send(request.body(Body::from(body)).expect("request")).await
}
