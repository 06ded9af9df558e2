//! The real SDK core's virtual phone in a fresh session, with the admin watching live.

use std::sync::Arc;

use serde_json::json;
use sightline_sdk_core::camera::Resolution;
use sightline_sdk_core::media::VideoCodec;
use sightline_sdk_core::session::{ConnectionEvent, NetworkType, SessionListener, SessionState};
use sightline_virtual_phone::camera::Lens;
use sightline_virtual_phone::phone::{PhoneOptions, VirtualPhone};
use sightline_virtual_phone::tone::ToneArgs;
use sightline_virtual_phone::SceneContent;

use super::live::{technician_socket, Socket};
use super::TestApp;

/// A listener that ignores everything.
pub struct Quiet;

impl SessionListener for Quiet {
    fn on_state_changed(&self, _: SessionState) {}
    fn on_connection_event(&self, _: ConnectionEvent) {}
}

/// A session with the virtual phone (with `lens`) in it and the admin's live connection.
pub async fn session_with_phone(app: &TestApp, lens: Lens) -> (VirtualPhone, Socket, String, std::net::SocketAddr) {
    session_with_media(app, PhoneMedia { lens, codec: VideoCodec::Vp8, tone: None }, Arc::new(Quiet)).await
}

/// What the virtual phone sends: its lens, its video codec, and the tone its
/// microphone hears (`None`: no audio).
pub struct PhoneMedia {
    pub lens: Lens,
    pub codec: VideoCodec,
    pub tone: Option<ToneArgs>,
}

/// A session with the virtual phone sending `media`, its app's callbacks going to
/// `listener`, and the admin's live connection.
/// A small, slow VP8 phone on loopback joining with `code`: cheap to run many of.
pub fn small_phone(addr: std::net::SocketAddr, code: &str) -> PhoneOptions {
    PhoneOptions {
        server_url: format!("http://{addr}"),
        code: code.to_owned(),
        loopback_only: true,
        resolution: Resolution { width: 320, height: 180 },
        fps: 10,
        content: SceneContent::default(),
        codec: VideoCodec::Vp8,
        lens: Default::default(),
        network: NetworkType::Wifi,
        consent_required: false,
    }
}

pub async fn session_with_media(app: &TestApp, media: PhoneMedia, listener: Arc<dyn SessionListener>) -> (VirtualPhone, Socket, String, std::net::SocketAddr) {
    let addr = app.serve().await;
    let admin = app.admin().await;
    let session = app.post(&admin, "/api/sessions", json!({})).await.body;
    let (id, code) = (session["id"].as_str().expect("id").to_owned(), session["join"]["code"].as_str().expect("code").to_owned());
    let options = PhoneOptions { codec: media.codec, lens: media.lens, ..small_phone(addr, &code) };
    let phone = match media.tone {
        Some(tone) => VirtualPhone::join_with_audio(options, listener, tone, |_| {}).await,
        None => VirtualPhone::join(options, listener).await,
    }
    .expect("joins");
    let technician = technician_socket(addr, &admin, &id).await;
    (phone, technician, id, addr)
}
