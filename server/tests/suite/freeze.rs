//! Freeze end to end: every role may freeze and unfreeze (over its live connection and
//! over HTTP, the one path), a withdrawn right is refused with nothing stored, the phone's
//! still is stored as a capture of kind `still` and shown to every technician who sees the
//! video (a late joiner and a guest too, who still never get a snapshot), the freeze
//! survives the phone reconnecting, and the real SDK holds the picture while frozen.

use crate::common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use common::guests::{session_with_guest, GuestScene};
use common::uploads::{plain_jpeg, upload};
use common::live::{next, next_of, next_where, send, technician_socket, Socket};
use common::phone::session_with_phone;
use common::{eventually, Backend, Client, TestApp};
use parking_lot::Mutex;
use serde_json::{json, Value};
use sightline_sdk_core::session::FreezeListener;
use sightline_virtual_phone::camera::{Lens, STILL_RESOLUTION};

on_both_databases!(
    every_role_freezes_and_unfreezes_over_the_live_connection_and_http,
    a_withdrawn_freeze_is_refused_over_http_and_the_live_connection_storing_nothing,
    a_late_joiner_and_a_guest_see_the_still_but_the_guest_no_snapshot,
    the_freeze_survives_the_phone_reconnecting,
    the_real_phone_holds_its_picture_while_frozen,
);

/// Uploads a plain picture for `command` as the phone; it must be stored.
async fn stored(app: &TestApp, token: &str, command: &str, width: u32, height: u32) -> Value {
    let answer = upload(app, Some(token), command, plain_jpeg(width, height)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    answer.body
}

/// How a technician sends its command.
#[derive(Clone, Copy, Debug)]
enum Via {
    Live,
    Http,
}

/// Sends `action` as `client` (over `socket` or HTTP); returns the command id the phone receives.
async fn command(app: &TestApp, session: &str, client: &Client, socket: &mut Socket, phone: &mut Socket, via: Via, action: &str) -> String {
    match via {
        Via::Live => send(socket, json!({"type": "command", "command": {"action": action}})).await,
        Via::Http => {
            let sent = app.post(client, &format!("/api/sessions/{session}/commands"), json!({"action": action})).await;
            assert_eq!(sent.status, StatusCode::ACCEPTED, "{via:?} {action}: {:?}", sent.body);
        }
    }
    let at_phone = next_of(phone, "command").await;
    assert_eq!(at_phone["command"], json!({"action": action}));
    at_phone["id"].as_str().expect("id").to_owned()
}

/// The phone freezes for `command`: uploads a still of `width`×`height`, answers done.
async fn phone_freezes(app: &TestApp, phone: &mut Socket, token: &str, command: &str, width: u32, height: u32) -> Value {
    let still = stored(app, token, command, width, height).await;
    send(phone, json!({"type": "command_done", "id": command, "outcome": {"status": "done"}})).await;
    still
}

/// The next `freeze` that names a still (every view of the session carries the freeze, `null` while live).
async fn frozen_view(socket: &mut Socket) -> Value {
    next_where(socket, |m| m["type"] == "freeze" && !m["still"].is_null()).await["still"].clone()
}

/// The next `freeze` that says the video is live.
async fn live_view(socket: &mut Socket) -> Value {
    next_where(socket, |m| m["type"] == "freeze" && m["still"].is_null()).await
}

/// The freeze the session's `freezes` table holds: its still's capture id.
async fn stored_freeze(app: &TestApp, session: &str) -> Option<String> {
    sqlx::query_as::<_, (String,)>("SELECT capture_id FROM freezes WHERE session_id = $1")
        .bind(session)
        .fetch_optional(&app.db.pool)
        .await
        .expect("freezes")
        .map(|(id,)| id)
}

async fn every_role_freezes_and_unfreezes_over_the_live_connection_and_http(backend: Backend) {
    let app = TestApp::new(backend).await;
    let GuestScene { addr, cast, guest, mut phone, token, mut olga, mut guest_socket } = session_with_guest(&app).await;
    let mut sam = technician_socket(addr, &cast.sam, &cast.session).await;
    let rounds = [(&cast.olga, Via::Live), (&cast.sam, Via::Http), (&guest, Via::Live), (&guest, Via::Http), (&cast.sam, Via::Live), (&cast.olga, Via::Http)];
    for (number, (client, via)) in rounds.into_iter().enumerate() {
        let socket = match number {
            0 | 5 => &mut olga,
            1 | 4 => &mut sam,
            _ => &mut guest_socket,
        };
        let frozen = command(&app, &cast.session, client, socket, &mut phone, via, "freeze").await;
        let still = phone_freezes(&app, &mut phone, &token, &frozen, 64, 48).await;
        assert_eq!((&still["kind"], &still["width"], &still["height"]), (&json!("still"), &json!(64), &json!(48)), "round {number}");
        let (kind, width, height): (String, i64, i64) =
            sqlx::query_as("SELECT kind, width, height FROM captures WHERE command_id = $1").bind(&frozen).fetch_one(&app.db.pool).await.expect("stored");
        assert_eq!((kind.as_str(), width, height), ("still", 64, 48));
        for watcher in [&mut olga, &mut guest_socket] {
            assert_eq!(frozen_view(watcher).await, still, "round {number}: every technician sees the still");
            let done = next_where(watcher, |m| m["type"] == "command_done" && m["id"] == frozen.as_str()).await;
            assert_eq!(done["outcome"], json!({"status": "done"}));
        }
        assert_eq!(stored_freeze(&app, &cast.session).await, still["id"].as_str().map(str::to_owned));

        let socket = match number {
            0 | 5 => &mut olga,
            1 | 4 => &mut sam,
            _ => &mut guest_socket,
        };
        let thawed = command(&app, &cast.session, client, socket, &mut phone, via, "unfreeze").await;
        send(&mut phone, json!({"type": "command_done", "id": thawed, "outcome": {"status": "done"}})).await;
        for watcher in [&mut olga, &mut guest_socket] {
            assert_eq!(live_view(watcher).await["type"], "freeze", "round {number}: live again");
        }
        assert_eq!(stored_freeze(&app, &cast.session).await, None);
    }
    // Every command and outcome is in the audit trail, which the guest sees too.
    let audit = app.get(&guest, &format!("/api/sessions/{}/audit", cast.session)).await.body;
    let count = |kind: &str| audit.as_array().expect("trail").iter().filter(|e| e["kind"] == kind).count();
    assert_eq!((count("command"), count("command_done"), count("still_stored")), (12, 12, 6));

    // A freeze the phone could not do stores no freeze.
    let failed = command(&app, &cast.session, &cast.olga, &mut olga, &mut phone, Via::Live, "freeze").await;
    send(&mut phone, json!({"type": "command_done", "id": failed, "outcome": {"status": "failed", "reason": "the camera is not started"}})).await;
    let done = next_where(&mut olga, |m| m["type"] == "command_done" && m["id"] == failed.as_str()).await;
    assert_eq!(done["outcome"]["reason"], "the camera is not started");
    assert_eq!(stored_freeze(&app, &cast.session).await, None);
    // A freeze answered done without its still is refused.
    let bare = command(&app, &cast.session, &cast.olga, &mut olga, &mut phone, Via::Live, "freeze").await;
    send(&mut phone, json!({"type": "command_done", "id": bare, "outcome": {"status": "done"}})).await;
    assert_eq!(next_of(&mut phone, "error").await["code"], "invalid_input");
    assert_eq!(stored_freeze(&app, &cast.session).await, None);
}

async fn a_withdrawn_freeze_is_refused_over_http_and_the_live_connection_storing_nothing(backend: Backend) {
    let app = TestApp::new(backend).await;
    let GuestScene { addr, cast, mut phone, token, mut olga, .. } = session_with_guest(&app).await;
    let rights = format!("/api/sessions/{}/participants/{}/rights/freeze", cast.session, cast.sam_participant);
    let withdrawn = app.call(Some(&cast.olga), Method::PUT, &rights, Some(json!({"allowed": false}))).await;
    assert!(withdrawn.status.is_success(), "{:?}", withdrawn.body);
    let mut sam = technician_socket(addr, &cast.sam, &cast.session).await;
    next_of(&mut sam, "seat").await;

    let before = app.table_counts().await;
    let over_http = app.post(&cast.sam, &format!("/api/sessions/{}/commands", cast.session), json!({"action": "freeze"})).await;
    assert_eq!((over_http.status, over_http.code()), (StatusCode::FORBIDDEN, "right_withdrawn"));
    send(&mut sam, json!({"type": "command", "command": {"action": "unfreeze"}})).await;
    assert_eq!(next_of(&mut sam, "error").await["code"], "right_withdrawn");
    assert_eq!(app.table_counts().await, before, "a refused freeze left a trace");

    // Sam still sees the video, so he sees the still Olga freezes at.
    let frozen = command(&app, &cast.session, &cast.olga, &mut olga, &mut phone, Via::Live, "freeze").await;
    let still = phone_freezes(&app, &mut phone, &token, &frozen, 32, 24).await;
    assert_eq!(frozen_view(&mut sam).await, still);
    let download = app.get(&cast.sam, &format!("/api/sessions/{}/captures/{}", cast.session, still["id"].as_str().expect("id"))).await;
    assert_eq!(download.status, StatusCode::OK);
}

async fn a_late_joiner_and_a_guest_see_the_still_but_the_guest_no_snapshot(backend: Backend) {
    let app = TestApp::new(backend).await;
    let GuestScene { addr, cast, guest, mut phone, token, mut olga, mut guest_socket } = session_with_guest(&app).await;
    let frozen = command(&app, &cast.session, &cast.olga, &mut olga, &mut phone, Via::Live, "freeze").await;
    let still = phone_freezes(&app, &mut phone, &token, &frozen, 80, 60).await;
    assert_eq!(frozen_view(&mut guest_socket).await, still);

    // Sam connects during the freeze: his view says frozen and names the still.
    let mut sam = technician_socket(addr, &cast.sam, &cast.session).await;
    let view = next_of(&mut sam, "freeze").await["still"].clone();
    assert_eq!((&view["id"], &view["kind"], &view["taken_by_name"]), (&still["id"], &json!("still"), &json!("Olga")));

    // The guest may fetch the still: it is what the video shows.
    let still_path = format!("/api/sessions/{}/captures/{}", cast.session, still["id"].as_str().expect("id"));
    let download = app.get(&guest, &still_path).await;
    assert_eq!(download.status, StatusCode::OK);
    let picture = image::load_from_memory_with_format(&download.bytes, image::ImageFormat::Jpeg).expect("a JPEG");
    assert_eq!((picture.width(), picture.height()), (80, 60));
    // A still is not in the gallery.
    assert_eq!(app.get(&cast.olga, &format!("/api/sessions/{}/snapshots", cast.session)).await.body, json!([]));

    // A snapshot stays the snapshot tool's: the guest hears nothing of it and may not fetch it.
    send(&mut olga, json!({"type": "command", "command": {"action": "snapshot"}})).await;
    let snapshot_command = next_of(&mut phone, "command").await["id"].as_str().expect("id").to_owned();
    let snapshot = stored(&app, &token, &snapshot_command, 16, 16).await;
    next_of(&mut olga, "captured").await;
    let path = format!("/api/sessions/{}/captures/{}", cast.session, snapshot["id"].as_str().expect("id"));
    assert_eq!(app.get(&guest, &path).await.code(), "role_not_permitted");
    assert_eq!(app.get(&guest, &format!("/api/sessions/{}/snapshots", cast.session)).await.code(), "role_not_permitted");
    send(&mut guest_socket, json!({"type": "ping"})).await;
    let seen = next_where(&mut guest_socket, |m| m.to_string().contains(&snapshot_command) || m["type"] == "pong").await;
    assert_eq!(seen["type"], "pong", "the guest heard of the snapshot: {seen}");
}

async fn the_freeze_survives_the_phone_reconnecting(backend: Backend) {
    let app = TestApp::new(backend).await;
    let GuestScene { addr, cast, mut phone, token, mut olga, .. } = session_with_guest(&app).await;
    let frozen = command(&app, &cast.session, &cast.olga, &mut olga, &mut phone, Via::Live, "freeze").await;
    let still = phone_freezes(&app, &mut phone, &token, &frozen, 48, 32).await;
    frozen_view(&mut olga).await;
    drop(phone);

    // The phone comes back with its token: it is told to hold the picture again.
    let mut phone = common::live::customer_socket(addr).await;
    send(&mut phone, json!({"type": "hello", "token": token, "protocol": 1})).await;
    assert_eq!(next(&mut phone).await["type"], "welcome");
    assert_eq!(next_of(&mut phone, "freeze").await["still"], still);
    // The technicians still see the still, a fresh connection too.
    let mut again = technician_socket(addr, &cast.olga, &cast.session).await;
    assert_eq!(next_of(&mut again, "freeze").await["still"], still);
    assert_eq!(stored_freeze(&app, &cast.session).await, still["id"].as_str().map(str::to_owned));
}

/// Records what the SDK tells the app of freezes.
#[derive(Default)]
struct Told(Mutex<Vec<bool>>);

impl FreezeListener for Told {
    fn on_freeze_changed(&self, frozen: bool) {
        self.0.lock().push(frozen);
    }
}

async fn the_real_phone_holds_its_picture_while_frozen(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (phone, mut technician, _id, _) = session_with_phone(&app, Lens::default()).await;
    let told = Arc::new(Told::default());
    phone.session.freeze().set_listener(told.clone());
    next_of(&mut technician, "camera_state").await;

    send(&mut technician, json!({"type": "command", "command": {"action": "freeze"}})).await;
    let still = frozen_view(&mut technician).await;
    assert_eq!((still["width"].as_u64(), still["height"].as_u64()), (Some(STILL_RESOLUTION.width.into()), Some(STILL_RESOLUTION.height.into())), "the still is the camera's full resolution");
    assert!(phone.session.freeze().is_frozen());
    assert_eq!(*told.0.lock(), vec![true]);

    // A network change: the phone reconnects and still holds its picture.
    phone.session.network_changed();
    next_where(&mut technician, |m| m["type"] == "phone_state" && m["state"] == "live").await;
    assert!(phone.session.freeze().is_frozen());

    send(&mut technician, json!({"type": "command", "command": {"action": "unfreeze"}})).await;
    live_view(&mut technician).await;
    eventually("the phone is live again", || async { !phone.session.freeze().is_frozen() }).await;
    assert_eq!(*told.0.lock(), vec![true, false]);
}
