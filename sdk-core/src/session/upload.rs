//! Pictures the technicians asked for: the camera's full-resolution still, as JPEG,
//! uploaded over HTTP for the command that asked (the session's customer token proves
//! who sends it).

use std::sync::Arc;

use image::codecs::jpeg::JpegEncoder;
use image::ExtendedColorType;

use crate::camera::{Camera, StillImage};
use crate::media::convert;
use crate::{Error, Result};

const JPEG_QUALITY: u8 = 90;

/// Where and as whom the session uploads.
pub struct Uploader {
    client: reqwest::Client,
    server: url::Url,
    token: String,
}

impl Uploader {
    pub fn new(server_url: &str, token: String) -> Result<Uploader> {
        let server = url::Url::parse(server_url).map_err(|err| Error::InvalidConfig(format!("server URL {server_url:?}: {err}")))?;
        let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|err| Error::InvalidConfig(format!("TLS: {err}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .build()
            .map_err(|err| Error::InvalidConfig(format!("HTTP client: {err}")))?;
        Ok(Uploader { client, server, token })
    }

    /// Captures the camera's still and uploads it for command `id`.
    pub async fn capture_and_upload(&self, id: &str, camera: Arc<dyn Camera>) -> Result<()> {
        let jpeg = tokio::task::spawn_blocking(move || jpeg(camera.capture_still()?))
            .await
            .map_err(|_| Error::CameraFailure("the camera stopped answering".into()))??;
        let mut url = self.server.clone();
        url.set_path(&format!("/api/live/captures/{id}"));
        url.set_query(None);
        let answer = self
            .client
            .post(url)
            .bearer_auth(&self.token)
            .header(reqwest::header::CONTENT_TYPE, "image/jpeg")
            .body(jpeg)
            .send()
            .await
            .map_err(|err| Error::Upload(format!("the server could not be reached: {err}")))?;
        if answer.status().is_success() {
            return Ok(());
        }
        let status = answer.status();
        let body = answer.text().await.unwrap_or_default();
        Err(Error::Upload(format!("the server refused the picture ({status}): {body}")))
    }
}

/// The still as JPEG: the camera's own bytes, or a raw frame encoded here.
fn jpeg(still: StillImage) -> Result<Vec<u8>> {
    match still {
        StillImage::Jpeg { data, .. } => Ok(data),
        StillImage::Raw(frame) => {
            let rgb = convert::to_rgb(&frame)?;
            let mut data = Vec::new();
            JpegEncoder::new_with_quality(&mut data, JPEG_QUALITY)
                .encode(&rgb, frame.width, frame.height, ExtendedColorType::Rgb8)
                .map_err(|err| Error::CameraFailure(format!("JPEG encoding failed: {err}")))?;
            Ok(data)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PixelFormat, VideoFrame};

    #[test]
    fn a_raw_still_becomes_a_jpeg_of_its_size() {
        let frame = VideoFrame::packed(PixelFormat::Rgba, 64, 32, vec![200; 64 * 32 * 4], 0).expect("frame");
        let data = jpeg(StillImage::Raw(frame)).expect("jpeg");
        let decoded = image::load_from_memory(&data).expect("decodes");
        assert_eq!((decoded.width(), decoded.height()), (64, 32));
    }
}
