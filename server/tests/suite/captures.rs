//! Snapshots end to end: the real SDK core and the virtual phone upload the camera's
//! full-resolution still for a technician's command; it reaches the gallery of the seats
//! that may use snapshots and downloads as a safe JPEG. The upload itself is refused with
//! a typed code for every bad body, token or command, storing nothing (no row, no blob)
//! and leaving the session working.

use crate::common;

use axum::http::{header, Method, StatusCode};
use common::guests::{session_with_guest, GuestScene};
use common::uploads::{plain_jpeg, upload};
use common::live::{joined, next_of, next_where, send, technician_socket, Socket};
use common::{Backend, TestApp};
use image::codecs::png::PngEncoder;
use image::ImageEncoder;
use serde_json::{json, Value};
use common::phone::session_with_phone;
use sightline_sdk_core::camera::Camera;
use sightline_virtual_phone::camera::{Lens, STILL_RESOLUTION};

on_both_databases!(
    a_snapshot_from_the_real_phone_lands_in_the_gallery_at_full_resolution,
    bad_uploads_are_refused_with_typed_codes_and_store_nothing,
    guests_and_withdrawn_seats_never_see_a_snapshot,
);

/// Sends a snapshot command; returns its id (from `command_sent`).
async fn snapshot(socket: &mut Socket) -> String {
    send(socket, json!({"type": "command", "command": {"action": "snapshot"}})).await;
    next_of(socket, "command_sent").await["id"].as_str().expect("id").to_owned()
}

fn blob_files(app: &TestApp) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir).map(|entries| entries.flatten().map(|e| if e.path().is_dir() { count(&e.path()) } else { 1 }).sum()).unwrap_or(0)
    }
    count(&app.blob_dir)
}

async fn a_snapshot_from_the_real_phone_lands_in_the_gallery_at_full_resolution(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (phone, mut technician, id, _) = session_with_phone(&app, Lens::default()).await;
    let admin = app.admin().await;
    next_of(&mut technician, "camera_state").await;

    let command = snapshot(&mut technician).await;
    let captured = next_of(&mut technician, "captured").await["capture"].clone();
    assert_eq!((captured["width"].as_u64(), captured["height"].as_u64()), (Some(STILL_RESOLUTION.width.into()), Some(STILL_RESOLUTION.height.into())));
    assert_eq!((&captured["kind"], &captured["command_id"], &captured["taken_by_name"]), (&json!("snapshot"), &json!(command), &json!("Ada Admin")));
    let done = next_where(&mut technician, |m| m["type"] == "command_done" && m["id"] == command.as_str()).await;
    assert_eq!(done["outcome"], json!({"status": "done"}));

    let gallery = app.get(&admin, &format!("/api/sessions/{id}/snapshots")).await;
    assert_eq!(gallery.body, json!([captured]), "the gallery lists it as announced");
    let download = app.get(&admin, &format!("/api/sessions/{id}/captures/{}", captured["id"].as_str().expect("id"))).await;
    assert_eq!(download.status, StatusCode::OK);
    let header_of = |name: header::HeaderName| download.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(header_of(header::CONTENT_TYPE), "image/jpeg");
    assert!(header_of(header::CONTENT_DISPOSITION).starts_with("attachment; filename=\"snapshot-"), "{}", header_of(header::CONTENT_DISPOSITION));
    assert_eq!(header_of(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(header_of(header::CONTENT_SECURITY_POLICY), "default-src 'none'; sandbox");
    let picture = image::load_from_memory_with_format(&download.bytes, image::ImageFormat::Jpeg).expect("a valid JPEG");
    assert_eq!((picture.width(), picture.height()), (STILL_RESOLUTION.width, STILL_RESOLUTION.height));
    assert_eq!(download.bytes.len() as u64, captured["bytes"].as_u64().expect("bytes"));
    assert_eq!(blob_files(&app), 1);

    // A camera that fails answers the command with its reason; nothing is stored.
    phone.camera.stop().expect("stops");
    let command = snapshot(&mut technician).await;
    let done = next_where(&mut technician, |m| m["type"] == "command_done" && m["id"] == command.as_str()).await;
    assert_eq!(done["outcome"], json!({"status": "failed", "reason": "the camera is not started"}));
    assert_eq!(app.get(&admin, &format!("/api/sessions/{id}/snapshots")).await.body.as_array().map(Vec::len), Some(1));
    assert_eq!(blob_files(&app), 1);
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let pixels = image::RgbImage::from_pixel(width, height, image::Rgb([10, 20, 30]));
    PngEncoder::new(&mut out).write_image(&pixels, width, height, image::ExtendedColorType::Rgb8).expect("png");
    out
}

/// A JPEG whose frame header claims `side`×`side` pixels.
fn jpeg_claiming(side: u16) -> Vec<u8> {
    let mut bytes = plain_jpeg(16, 16);
    let sof = bytes.windows(2).position(|w| w == [0xFF, 0xC0]).expect("baseline frame header");
    bytes[sof + 5..sof + 7].copy_from_slice(&side.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&side.to_be_bytes());
    bytes
}

/// A PNG whose header claims `side`×`side` pixels, with a correct checksum.
fn png_claiming(side: u32) -> Vec<u8> {
    let mut bytes = png(16, 16);
    bytes[16..20].copy_from_slice(&side.to_be_bytes());
    bytes[20..24].copy_from_slice(&side.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// The command id the phone receives next.
async fn command_at_phone(phone: &mut Socket) -> String {
    next_of(phone, "command").await["id"].as_str().expect("id").to_owned()
}

async fn bad_uploads_are_refused_with_typed_codes_and_store_nothing(backend: Backend) {
    let app = TestApp::with_settings(backend, |settings| settings.max_upload_bytes = 64 * 1024).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let session = app.post(&admin, "/api/sessions", json!({})).await.body;
    let (id, code) = (session["id"].as_str().expect("id").to_owned(), session["join"]["code"].as_str().expect("code"));
    let (mut phone, token) = joined(addr, code).await;
    let mut technician = technician_socket(addr, &admin, &id).await;
    let pending = snapshot(&mut technician).await;
    assert_eq!(command_at_phone(&mut phone).await, pending);
    send(&mut technician, json!({"type": "command", "command": {"action": "torch", "on": true}})).await;
    let torch = command_at_phone(&mut phone).await;

    let mut polyglot_zip = plain_jpeg(32, 32);
    polyglot_zip.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x08\x00 a zip archive follows");
    let mut polyglot_html = plain_jpeg(32, 32);
    polyglot_html.extend_from_slice(b"<html><script>alert(1)</script></html>");
    let whole = plain_jpeg(32, 32);
    let mut oversized = plain_jpeg(32, 32);
    oversized.resize(65 * 1024, 0);
    let before = app.table_counts().await;
    let cases: Vec<(Option<&str>, &str, Vec<u8>, StatusCode, &str)> = vec![
        (Some(&token), &pending, oversized, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        (Some(&token), &pending, whole[..whole.len() / 2].to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "invalid_image"),
        (Some(&token), &pending, b"GIF89a not what we take".to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "invalid_image"),
        (Some(&token), &pending, b"plain text".to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "invalid_image"),
        (Some(&token), &pending, polyglot_zip, StatusCode::UNPROCESSABLE_ENTITY, "invalid_image"),
        (Some(&token), &pending, polyglot_html, StatusCode::UNPROCESSABLE_ENTITY, "invalid_image"),
        (Some(&token), &pending, jpeg_claiming(60000), StatusCode::UNPROCESSABLE_ENTITY, "image_too_large"),
        (Some(&token), &pending, png_claiming(60000), StatusCode::UNPROCESSABLE_ENTITY, "image_too_large"),
        (Some("not-the-token"), &pending, plain_jpeg(32, 32), StatusCode::UNAUTHORIZED, "unauthenticated"),
        (None, &pending, plain_jpeg(32, 32), StatusCode::UNAUTHORIZED, "unauthenticated"),
        (Some(&token), "no-such-command", plain_jpeg(32, 32), StatusCode::CONFLICT, "upload_not_expected"),
        (Some(&token), &torch, plain_jpeg(32, 32), StatusCode::CONFLICT, "upload_not_expected"),
    ];
    for (number, (token, command, body, status, code)) in cases.into_iter().enumerate() {
        let answer = upload(&app, token, command, body).await;
        assert_eq!((answer.status, answer.code()), (status, code), "case {number}: {:?}", answer.body);
    }
    assert_eq!(app.table_counts().await, before, "refused uploads stored rows");
    assert_eq!(blob_files(&app), 0, "refused uploads stored blobs");

    // The session is unharmed: the pending snapshot still takes its picture, once.
    let stored = upload(&app, Some(&token), &pending, png(40, 30)).await;
    assert_eq!(stored.status, StatusCode::CREATED, "{:?}", stored.body);
    assert_eq!((stored.body["width"].as_u64(), stored.body["height"].as_u64()), (Some(40), Some(30)));
    assert_eq!(next_of(&mut technician, "captured").await["capture"], stored.body);
    let again = upload(&app, Some(&token), &pending, plain_jpeg(32, 32)).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "upload_not_expected"));
    assert_eq!(blob_files(&app), 1);
    send(&mut phone, json!({"type": "command_done", "id": pending, "outcome": {"status": "done"}})).await;
    let done = next_where(&mut technician, |m| m["type"] == "command_done" && m["id"] == pending.as_str()).await;
    assert_eq!(done["outcome"], json!({"status": "done"}));
    // The stored picture is a fresh JPEG, whatever came in.
    let download = app.get(&admin, &format!("/api/sessions/{id}/captures/{}", stored.body["id"].as_str().expect("id"))).await;
    assert_eq!(image::guess_format(&download.bytes).ok(), Some(image::ImageFormat::Jpeg));
    // Over HTTP a snapshot takes the same path: announced, sent to the phone, its upload expected.
    let over_http = app.post(&admin, &format!("/api/sessions/{id}/commands"), json!({"action": "snapshot"})).await;
    assert_eq!(over_http.status, StatusCode::ACCEPTED, "{:?}", over_http.body);
    let sent = next_of(&mut technician, "command_sent").await;
    assert_eq!((&sent["id"], &sent["command"]), (&over_http.body["id"], &json!({"action": "snapshot"})));
    let http_command = command_at_phone(&mut phone).await;
    assert_eq!(json!(http_command), over_http.body["id"]);
    assert_eq!(upload(&app, Some(&token), &http_command, plain_jpeg(32, 32)).await.status, StatusCode::CREATED);
    // A snapshot answered done without its picture is refused.
    let unanswered = snapshot(&mut technician).await;
    assert_eq!(command_at_phone(&mut phone).await, unanswered);
    send(&mut phone, json!({"type": "command_done", "id": unanswered, "outcome": {"status": "done"}})).await;
    assert_eq!(next_of(&mut phone, "error").await["code"], "invalid_input");
}

async fn guests_and_withdrawn_seats_never_see_a_snapshot(backend: Backend) {
    let app = TestApp::new(backend).await;
    let GuestScene { cast, guest, mut phone, token, mut olga, mut guest_socket, .. } = session_with_guest(&app).await;
    next_of(&mut guest_socket, "welcome").await;

    let command = snapshot(&mut olga).await;
    assert_eq!(command_at_phone(&mut phone).await, command);
    let stored = upload(&app, Some(&token), &command, plain_jpeg(32, 24)).await;
    assert_eq!(stored.status, StatusCode::CREATED);
    let capture_id = stored.body["id"].as_str().expect("id").to_owned();
    next_of(&mut olga, "captured").await;

    let rights = format!("/api/sessions/{}/participants/{}/rights/snapshot", cast.session, cast.sam_participant);
    let sam_withdrawn = app.call(Some(&cast.olga), Method::PUT, &rights, Some(json!({"allowed": false}))).await;
    assert!(sam_withdrawn.status.is_success(), "{:?}", sam_withdrawn.body);
    for (who, client, code) in [("the guest", &guest, "role_not_permitted"), ("Sam", &cast.sam, "right_withdrawn")] {
        let before = app.table_counts().await;
        let command = app.post(client, &format!("/api/sessions/{}/commands", cast.session), json!({"action": "snapshot"})).await;
        assert_eq!((command.status, command.code()), (StatusCode::FORBIDDEN, code), "{who} sends a snapshot command over HTTP");
        assert_eq!(app.table_counts().await, before, "{who}'s refused command left a trace");
        for path in [format!("/api/sessions/{}/snapshots", cast.session), format!("/api/sessions/{}/captures/{capture_id}", cast.session), format!("/api/sessions/{}/captures/unknown", cast.session)] {
            let answer = app.get(client, &path).await;
            assert_eq!((answer.status, answer.code()), (StatusCode::FORBIDDEN, code), "{who} reads {path}");
        }
    }
    let audit = app.get(&guest, &format!("/api/sessions/{}/audit", cast.session)).await.body.to_string();
    assert!(!audit.contains(&capture_id) && !audit.contains(&command), "the guest's audit trail shows the snapshot: {audit}");
    send(&mut guest_socket, json!({"type": "ping"})).await;
    let seen: Value = next_where(&mut guest_socket, |m| m["type"] == "captured" || m["type"] == "pong").await;
    assert_ne!(seen["type"], "captured");
}
