//! Session details end to end: the device the real SDK core describes at join and the
//! network its app reports (also when it changes) reach every seat with the Session
//! details right live (`details`) and over HTTP (`GET /api/sessions/{id}`), with the
//! session's times and its people's join and leave times; a guest sees them, another
//! organisation gets 404, a seat whose right was withdrawn gets none of it.

use crate::common;

use axum::http::StatusCode;
use common::guests::{invite_guest, join_as_guest, session_with_guest, GuestScene};
use common::live::{next_where, send, technician_socket, Socket};
use common::phone::session_with_phone;
use common::{Backend, TestApp};
use serde_json::{json, Value};
use sightline_sdk_core::session::{NetworkType, SDK_VERSION};
use sightline_virtual_phone::camera::Lens;

on_both_databases!(
    the_device_the_sdk_sent_shows_live_and_over_http,
    a_guest_sees_the_details_and_another_org_gets_not_found,
    a_seat_without_the_right_gets_no_details,
    a_device_no_sdk_would_send_is_refused,
);

/// The next `details` message whose network is `network`.
async fn details_with_network(socket: &mut Socket, network: &str) -> Value {
    let message = next_where(socket, |m| m["type"] == "details" && m["details"]["network"] == network).await;
    assert_eq!(message["type"], "details", "the connection closed before {network} arrived");
    message["details"].clone()
}

async fn the_device_the_sdk_sent_shows_live_and_over_http(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (phone, mut technician, id, _) = session_with_phone(&app, Lens::default()).await;
    let live = details_with_network(&mut technician, "wifi").await;
    let device = &live["device"];
    assert_eq!(device["model"], "Sightline virtual phone");
    assert_eq!(device["os"], "Linux");
    assert_eq!(device["app_name"], "sightline-virtual-phone");
    assert_eq!(device["app_version"], env!("CARGO_PKG_VERSION"), "the phone and the server share the workspace version");
    assert_eq!(device["sdk_version"], SDK_VERSION);
    let roles: Vec<&str> = live["people"].as_array().expect("people").iter().map(|p| p["role"].as_str().expect("role")).collect();
    assert_eq!(roles, ["primary", "customer"]);
    assert!(live["started_at"].as_i64().expect("start") <= live["people"][1]["joined_at"].as_i64().expect("joined"));

    phone.session.set_network(NetworkType::Cellular);
    let changed = details_with_network(&mut technician, "cellular").await;
    assert_eq!(changed["device"], *device, "the device stays as the SDK described it");
    assert!(changed["network_reported_at"].as_i64() >= live["network_reported_at"].as_i64());

    let admin = app.admin().await;
    let http = app.get(&admin, &format!("/api/sessions/{id}")).await;
    assert_eq!(http.status, StatusCode::OK);
    assert_eq!(http.body["details"], changed, "HTTP serves what the live message said");
    let audit = app.get(&admin, &format!("/api/sessions/{id}/audit")).await;
    let networks: Vec<&Value> = audit.body.as_array().expect("trail").iter().filter(|e| e["kind"] == "network_changed").map(|e| &e["detail"]["network"]).collect();
    assert_eq!(networks, [&json!("wifi"), &json!("cellular")]);
    let listed = app.get(&admin, "/api/sessions").await;
    assert!(listed.body[0].get("details").is_none(), "lists carry no details");
}

async fn a_guest_sees_the_details_and_another_org_gets_not_found(backend: Backend) {
    let app = TestApp::new(backend).await;
    let GuestScene { cast, guest, mut phone, mut guest_socket, .. } = session_with_guest(&app).await;
    send(&mut phone, json!({"type": "network", "network": "ethernet"})).await;
    let live = details_with_network(&mut guest_socket, "ethernet").await;
    assert_eq!(live["device"], Value::Null, "this phone's SDK described no device");
    let guest_row = live["people"].as_array().expect("people").iter().find(|p| p["role"] == "guest").cloned().expect("the guest is listed");
    assert_eq!((&guest_row["display_name"], &guest_row["left_at"]), (&json!("Gus"), &Value::Null));

    let path = format!("/api/sessions/{}", cast.session);
    let seen = app.get(&guest, &path).await;
    assert_eq!(seen.status, StatusCode::OK, "{:?}", seen.body);
    assert_eq!(seen.body["details"], live);
    let outsider = app.other_org_admin().await;
    let refused = app.get(&outsider, &path).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::NOT_FOUND, "not_found"));
    assert!(!String::from_utf8_lossy(&refused.bytes).contains("ethernet"));
}

async fn a_seat_without_the_right_gets_no_details(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let cast = common::collaboration::monitored_session(&app).await;
    let (mut phone, _) = common::live::joined(addr, &cast.code).await;
    let link = invite_guest(&app, &cast.olga, &cast.session, "quiet@example.org", &["session_details"]).await;
    let guest = join_as_guest(&app, &link.token, "Quentin").await;
    let mut guest_socket = technician_socket(addr, &guest, &cast.session).await;
    let mut olga = technician_socket(addr, &cast.olga, &cast.session).await;
    send(&mut phone, json!({"type": "network", "network": "cellular"})).await;
    details_with_network(&mut olga, "cellular").await;

    send(&mut guest_socket, json!({"type": "ping"})).await;
    let first = next_where(&mut guest_socket, |m| m["type"] == "details" || m["type"] == "pong").await;
    assert_eq!(first["type"], "pong", "a seat without Session details got {first}");
    let refused = app.get(&guest, &format!("/api/sessions/{}", cast.session)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
}

async fn a_device_no_sdk_would_send_is_refused(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let session = app.post(&admin, "/api/sessions", json!({})).await.body;
    let mut socket = common::live::customer_socket(addr).await;
    let device = json!({"model": "x\u{7}", "os": "Android", "os_version": "15", "app_name": "A", "app_version": "1", "sdk_version": "1"});
    send(&mut socket, json!({"type": "join", "code": session["join"]["code"], "display_name": null, "protocol": 1, "device": device})).await;
    let refused = common::live::next(&mut socket).await;
    assert_eq!((&refused["type"], &refused["code"]), (&json!("error"), &json!("invalid_input")), "{refused}");
    let still = app.get(&admin, &format!("/api/sessions/{}", session["id"].as_str().expect("id"))).await;
    assert_eq!(still.body["status"], "waiting", "the code was not used up");
}
