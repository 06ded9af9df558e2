//! The real SDK core's virtual phone in a fresh session, with the admin watching live.

use std::sync::Arc;

use serde_json::json;
use sightline_sdk_core::camera::Resolution;
use sightline_sdk_core::media::VideoCodec;
use sightline_sdk_core::session::{ConnectionEvent, NetworkType, SessionListener, SessionState};
use sightline_virtual_phone::camera::Lens;
use sightline_virtual_phone::phone::{PhoneOptions, VirtualPhone};
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
    let addr = app.serve().await;
    let admin = app.admin().await;
    let session = app.post(&admin, "/api/sessions", json!({})).await.body;
    let (id, code) = (session["id"].as_str().expect("id").to_owned(), session["join"]["code"].as_str().expect("code").to_owned());
    let options = PhoneOptions {
        server_url: format!("http://{addr}"),
        code,
        loopback_only: true,
        resolution: Resolution { width: 320, height: 180 },
        fps: 10,
        content: SceneContent::default(),
        codec: VideoCodec::Vp8,
        lens,
        network: NetworkType::Wifi,
    };
    let phone = VirtualPhone::join(options, Arc::new(Quiet)).await.expect("joins");
    let technician = technician_socket(addr, &admin, &id).await;
    (phone, technician, id, addr)
}
