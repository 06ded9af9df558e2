//! Bad phone networks, with the real SDK core's virtual phone in a network namespace of its
//! own behind a veth link to the server's (`common::impaired`): 2 % and 10 % loss, 300 ms
//! of delay each way, a 10 s blackout and an address change. The session survives each,
//! video keeps reaching a technician, and what the technicians set on the phone (torch,
//! zoom, freeze, annotations, one of them drawn during the trouble) is there afterwards.
//! Losses are repaired hop by hop: the relay asks the phone for lost packets again (NACK,
//! answered from the phone's send history in the same stream: no RTX) and passes the
//! technicians' key frame requests (PLI) on to it; both are shown to reach the phone.
//! Media and signaling take the veth path, so ICE offers the link's addresses instead of
//! 127.0.0.1 (`loopback_only` off on the relay and the SDK). SQLite only: the trouble is
//! the phone's link, and the test's namespace has no route to a shared PostgreSQL.

use crate::common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use common::impaired::{self, Network, PhoneRuntime, Trouble};
use common::live::technician_socket;
use common::phone::small_phone;
use common::viewer::Viewer;
use common::{eventually, Backend, Client, TestApp};
use serde_json::{json, Value};
use sightline_sdk_core::media::PublisherStats;
use sightline_sdk_core::session::{ConnectionEvent, SessionListener, SessionState};
use sightline_virtual_phone::phone::{PhoneOptions, VirtualPhone};

#[test]
fn the_session_survives_two_percent_loss() {
    impaired::run("two percent loss", |network| lossy(network, 2));
}

#[test]
fn the_session_survives_ten_percent_loss() {
    impaired::run("ten percent loss", |network| lossy(network, 10));
}

#[test]
fn the_session_survives_300_ms_of_delay() {
    impaired::run("300 ms of delay", |network| async move {
        let scene = Scene::set_up(network).await;
        let trouble = scene.network.trouble(Trouble::Delay(Duration::from_millis(300)));
        scene.annotate_during_the_trouble().await;
        scene.state_is_restored().await;
        // At least the 30 frames the technician counted since the trouble began crossed it.
        assert!(trouble.delayed() >= 30, "the phone's packets went through the delay: {}", trouble.delayed());
        drop(trouble);
    });
}

#[test]
fn the_session_survives_a_ten_second_blackout() {
    impaired::run("a 10 s blackout", |network| async move {
        let scene = Scene::set_up(network).await;
        let blackout = scene.network.trouble(Trouble::Blackout);
        scene.annotate_during_the_trouble().await;
        tokio::time::sleep(Duration::from_secs(10)).await;
        drop(blackout);
        scene.state_is_restored().await;
        assert!(scene.heard.reconnecting.load(Ordering::Relaxed) > 0, "the phone noticed the blackout");
    });
}

#[test]
fn the_session_survives_an_address_change() {
    impaired::run("an address change", |network| async move {
        let scene = Scene::set_up(network).await;
        let connections = scene.heard.signaling_connections();
        scene.network.change_address();
        // The platform tells the app, the app tells the SDK: new signaling, new ICE.
        scene.phone.session.network_changed();
        scene.annotate_during_the_trouble().await;
        eventually("the phone signals from its new address", || async { scene.heard.signaling_connections() > connections }).await;
        scene.state_is_restored().await;
        assert!(scene.heard.ice_reconnected.load(Ordering::Relaxed) > 0, "the media came back over a fresh ICE session");
    });
}

async fn lossy(network: Network, percent: u32) {
    let scene = Scene::set_up(network).await;
    let _loss = scene.network.trouble(Trouble::Loss { percent });
    scene.annotate_during_the_trouble().await;
    scene.state_is_restored().await;

    // The repairs reach the phone: the relay's NACKs for the packets it missed, and a
    // technician's key frame request.
    eventually("the relay asks the phone for lost packets", || async { scene.stats().packets_nacked > 0 }).await;
    let asked = scene.heard.keyframe_requests.load(Ordering::Relaxed);
    eventually("the technician's key frame request reaches the phone", || async {
        scene.viewer.request_keyframe().await;
        scene.heard.keyframe_requests.load(Ordering::Relaxed) > asked
    })
    .await;
    scene.frames_arrive("after the key frame request").await;
}

/// What the phone app heard from the SDK.
#[derive(Default)]
struct Heard {
    /// Times the session went `Reconnecting`.
    reconnecting: AtomicU64,
    connections: AtomicU64,
    ice_reconnected: AtomicU64,
    keyframe_requests: AtomicU64,
}

impl Heard {
    fn signaling_connections(&self) -> u64 {
        self.connections.load(Ordering::Relaxed)
    }
}

impl SessionListener for Heard {
    fn on_state_changed(&self, state: SessionState) {
        if state == SessionState::Reconnecting {
            self.reconnecting.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn on_connection_event(&self, event: ConnectionEvent) {
        let counter = match event {
            ConnectionEvent::SignalingConnected => &self.connections,
            ConnectionEvent::IceReconnected => &self.ice_reconnected,
            ConnectionEvent::KeyframeRequested => &self.keyframe_requests,
            _ => return,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// A live session over the link: the phone in its namespace, a technician watching, and
/// the phone set up by the technician (torch on, zoom 3×, one annotation, frozen).
struct Scene {
    // Dropped in this order: the viewer and the phone before the phone's runtime, the
    // namespaces last.
    viewer: Viewer,
    phone: VirtualPhone,
    heard: Arc<Heard>,
    app: TestApp,
    admin: Client,
    id: String,
    _phones: PhoneRuntime,
    network: Network,
}

impl Scene {
    /// A small phone joined over the link, a technician watching it, and the phone set up
    /// by the technician.
    async fn set_up(network: Network) -> Scene {
        let app = TestApp::with_settings(Backend::Sqlite, |s| s.relay.network.loopback_only = false).await;
        let addr = app.serve_at(network.server_ip()).await;
        let admin = app.admin().await;
        let session = app.post(&admin, "/api/sessions", json!({})).await.body;
        let (id, code) = (session["id"].as_str().expect("id").to_owned(), session["join"]["code"].as_str().expect("code").to_owned());
        let phones = network.phone_runtime();
        let heard = Arc::new(Heard::default());
        let options = PhoneOptions { loopback_only: false, ..small_phone(addr, &code) };
        let phone = phones.spawn(VirtualPhone::join(options, heard.clone())).await.expect("the phone's task").expect("the phone joins");
        let viewer = Viewer::watch(technician_socket(addr, &admin, &id).await);
        let scene = Scene { viewer, phone, heard, app, admin, id, _phones: phones, network };
        scene.frames_arrive("before the trouble").await;

        scene.command(json!({"action": "torch", "on": true})).await;
        scene.command(json!({"action": "zoom", "ratio": 3.0})).await;
        eventually("torch and zoom are set", || async { scene.phone.camera.torch() && scene.phone.camera.zoom() == 3.0 }).await;
        scene.annotate("before").await;
        eventually("the annotation reaches the phone", || async { scene.phone.session.overlay().annotations().len() == 1 }).await;
        scene.command(json!({"action": "freeze"})).await;
        eventually("the phone freezes", || async { scene.phone.session.freeze().is_frozen() }).await;
        // The server keeps a freeze once the phone's still is uploaded (else a reconnecting phone thaws).
        let stored = || async {
            let row: Option<(String,)> = sqlx::query_as("SELECT capture_id FROM freezes WHERE session_id = $1")
                .bind(&scene.id)
                .fetch_optional(&scene.app.db.pool)
                .await
                .expect("freezes");
            row.is_some()
        };
        eventually("the server keeps the freeze", stored).await;
        scene
    }

    fn stats(&self) -> PublisherStats {
        self.phone.session.stats().unwrap_or_default()
    }

    /// A technician's command over HTTP (the phone gets it over its live connection).
    async fn command(&self, command: Value) {
        let sent = self.app.post(&self.admin, &format!("/api/sessions/{}/commands", self.id), command.clone()).await;
        assert_eq!(sent.status, StatusCode::ACCEPTED, "{command}: {:?}", sent.body);
    }

    async fn annotate(&self, text: &str) {
        let annotation = json!({"colour": "red", "width": 0.01, "shape": {"kind": "text", "at": [0.1, 0.1], "text": text}});
        let drawn = self.app.post(&self.admin, &format!("/api/sessions/{}/annotations", self.id), annotation).await;
        assert_eq!(drawn.status, StatusCode::CREATED, "{:?}", drawn.body);
    }

    /// The technician draws while the phone's link is in trouble.
    async fn annotate_during_the_trouble(&self) {
        self.annotate("during").await;
    }

    /// The session is live again with everything the technicians set, the drawing made
    /// during the trouble included; unfrozen, the video flows again.
    async fn state_is_restored(&self) {
        eventually("the phone is live", || async { self.phone.session.state() == SessionState::Live }).await;
        let overlay = self.phone.session.overlay();
        eventually("both annotations are on the phone", || async { overlay.annotations().len() == 2 }).await;
        let texts: Vec<String> = overlay.annotations().iter().map(|a| format!("{:?}", a.shape)).collect();
        assert!(texts[0].contains("before") && texts[1].contains("during"), "{texts:?}");
        assert!(self.phone.camera.torch() && self.phone.camera.zoom() == 3.0, "torch and zoom as the technician left them");
        assert!(self.phone.session.freeze().is_frozen(), "still frozen");
        self.command(json!({"action": "unfreeze"})).await;
        eventually("the phone unfreezes", || async { !self.phone.session.freeze().is_frozen() }).await;
        self.frames_arrive("after the trouble").await;
        let session = self.app.get(&self.admin, &format!("/api/sessions/{}", self.id)).await.body;
        assert!(session["end_reason"].is_null(), "the session goes on: {session}");
    }

    /// Waits until the technician has received another 30 video frames (3 s of the phone's).
    async fn frames_arrive(&self, when: &str) {
        let start = self.viewer.frames();
        eventually(&format!("video frames reach the technician {when}"), || async { self.viewer.frames() >= start + 30 }).await;
    }
}
