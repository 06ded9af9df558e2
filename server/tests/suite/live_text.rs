//! Live text end to end: a technician's `read_text` command makes the real SDK core and
//! the virtual phone upload a full-resolution still, the server reads its printed text and
//! sends the lines to the technician who asked (in a drawn region only that region's
//! lines); on a frozen picture the frozen still is read without the phone. A guest reads
//! text but never gets a picture; a withdrawn right (a collaborator's, a guest's) or a bad
//! region is refused with a typed code over HTTP and the live connection, storing nothing.
//! Every reading of the printed scene reaches 95 % character accuracy.

use crate::common;

use axum::http::{Method, StatusCode};
use common::collaboration::monitored_session;
use common::guests::{invite_guest, join_as_guest, session_with_guest, GuestScene};
use common::uploads::{plain_jpeg, upload};
use common::live::{joined, next_of, next_where, send, technician_socket, Socket};
use common::phone::session_with_phone;
use common::{Backend, TestApp};
use serde_json::{json, Value};
use sightline_virtual_phone::camera::Lens;

on_both_databases!(
    the_live_picture_is_read_from_the_real_phone_whole_and_in_a_region,
    a_frozen_still_is_read_without_asking_the_phone,
    a_guest_reads_text_but_gets_no_picture,
    withdrawn_rights_and_bad_regions_are_refused_storing_nothing,
);

/// The serial number the virtual phone prints in its scene (`SceneContent::default()`,
/// set in DejaVu Sans), and the part of it a search finds the line by.
const SERIAL_LINE: &str = "SERIAL NO 4711-AB";
const SERIAL: &str = "4711";
/// The least character accuracy (1 - normalised edit distance) a reading must reach.
const ACCURACY: f64 = 0.95;

/// Sends a `read_text` command (over the live connection) and returns the `live_text` answer for it.
async fn read_text(socket: &mut Socket, region: Option<Value>) -> Value {
    let command = match region {
        Some(region) => json!({"action": "read_text", "region": region}),
        None => json!({"action": "read_text"}),
    };
    send(socket, json!({"type": "command", "command": command})).await;
    let id = next_of(socket, "command_sent").await["id"].clone();
    next_where(socket, |m| m["type"] == "live_text" && m["id"] == id).await
}

fn lines_of(answer: &Value) -> Vec<Value> {
    assert_eq!(answer["result"]["status"], "read", "{answer}");
    answer["result"]["lines"].as_array().expect("lines").clone()
}

/// The line that carries the serial number, read with at least [`ACCURACY`].
fn serial_line(lines: &[Value]) -> Value {
    let found = lines.iter().find(|line| line["text"].as_str().is_some_and(|text| text.contains(SERIAL))).cloned();
    let line = found.unwrap_or_else(|| panic!("no line with {SERIAL}: {lines:?}"));
    let text = line["text"].as_str().expect("text").trim();
    let accuracy = strsim::normalized_levenshtein(text, SERIAL_LINE);
    assert!(accuracy >= ACCURACY, "read {text:?} for {SERIAL_LINE:?}: accuracy {accuracy:.3}");
    line
}

/// Every printed line of the scene, in order, read with at least [`ACCURACY`] over all
/// their characters.
fn reads_the_whole_scene(lines: &[Value]) {
    let read: Vec<&str> = lines.iter().filter_map(|line| line["text"].as_str()).map(str::trim).collect();
    let printed = ["SIGHTLINE VIRTUAL PHONE", SERIAL_LINE].join("\n");
    let accuracy = strsim::normalized_levenshtein(&read.join("\n"), &printed);
    assert!(accuracy >= ACCURACY, "read {read:?}: accuracy {accuracy:.3}");
}

async fn stored_kinds(app: &TestApp, session: &str) -> Vec<String> {
    sqlx::query_as::<_, (String,)>("SELECT kind FROM captures WHERE session_id = $1 ORDER BY taken_at")
        .bind(session)
        .fetch_all(&app.db.pool)
        .await
        .expect("captures")
        .into_iter()
        .map(|(kind,)| kind)
        .collect()
}

async fn the_live_picture_is_read_from_the_real_phone_whole_and_in_a_region(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (_phone, mut technician, id, _) = session_with_phone(&app, Lens::default()).await;
    next_of(&mut technician, "camera_state").await;

    let whole = read_text(&mut technician, None).await;
    assert_eq!(whole["region"], Value::Null);
    let lines = lines_of(&whole);
    reads_the_whole_scene(&lines);
    let second = serial_line(&lines);
    for line in &lines {
        for side in ["left", "top", "width", "height"] {
            assert!((0.0..=1.0).contains(&line[side].as_f64().expect("box")), "{line}");
        }
    }
    assert_eq!(stored_kinds(&app, &id).await, ["text"], "the still is stored as a live text still");
    let admin = app.admin().await;
    assert_eq!(app.get(&admin, &format!("/api/sessions/{id}/snapshots")).await.body, json!([]), "a live text still is no snapshot");

    // A region drawn around the serial number's line reads only that line.
    let (left, top, width, height) = (second["left"].as_f64().expect("left"), second["top"].as_f64().expect("top"), second["width"].as_f64().expect("width"), second["height"].as_f64().expect("height"));
    let (left, top) = ((left - 0.01).max(0.0), (top - height / 3.0).max(0.0));
    let region = json!({"left": left, "top": top, "width": (width + 0.06).min(1.0 - left), "height": height * 1.6});
    let inside = read_text(&mut technician, Some(region.clone())).await;
    for side in ["left", "top", "width", "height"] {
        let (echoed, drawn) = (inside["region"][side].as_f64().expect("echoed"), region[side].as_f64().expect("drawn"));
        assert!((echoed - drawn).abs() < 1e-6, "{side}: {echoed} for {drawn}");
    }
    let inside = lines_of(&inside);
    assert_eq!(inside.len(), 1, "{inside:?}");
    serial_line(&inside);

    let audit = app.get(&admin, &format!("/api/sessions/{id}/audit")).await.body;
    let reads: Vec<&Value> = audit.as_array().expect("trail").iter().filter(|event| event["kind"] == "live_text_read").collect();
    assert_eq!(reads.iter().map(|event| event["detail"]["lines"].clone()).collect::<Vec<_>>(), [json!(lines.len()), json!(1)]);
    assert!(!audit.to_string().contains("4711"), "the trail holds the text read: {audit}");
}

async fn a_frozen_still_is_read_without_asking_the_phone(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (_phone, mut technician, id, _) = session_with_phone(&app, Lens::default()).await;
    next_of(&mut technician, "camera_state").await;
    send(&mut technician, json!({"type": "command", "command": {"action": "freeze"}})).await;
    next_where(&mut technician, |m| m["type"] == "freeze" && !m["still"].is_null()).await;

    let answer = read_text(&mut technician, None).await;
    reads_the_whole_scene(&lines_of(&answer));
    serial_line(&lines_of(&answer));
    assert_eq!(stored_kinds(&app, &id).await, ["still"], "the phone took no still for it");
    let admin = app.admin().await;
    let audit = app.get(&admin, &format!("/api/sessions/{id}/audit")).await.body;
    let done = audit.as_array().expect("trail").iter().find(|event| event["kind"] == "command_done" && event["detail"]["id"] == answer["id"]).cloned().expect("done recorded");
    assert_eq!(done["actor"], Value::Null, "the server answered it, not the phone: {done}");
}

async fn a_guest_reads_text_but_gets_no_picture(backend: Backend) {
    let app = TestApp::new(backend).await;
    let GuestScene { cast, guest, mut phone, token, mut guest_socket, .. } = session_with_guest(&app).await;
    next_of(&mut guest_socket, "welcome").await;

    send(&mut guest_socket, json!({"type": "command", "command": {"action": "read_text"}})).await;
    let command = next_of(&mut phone, "command").await;
    assert_eq!(command["command"], json!({"action": "read_text"}));
    let id = command["id"].as_str().expect("id").to_owned();
    let stored = upload(&app, Some(&token), &id, plain_jpeg(320, 240)).await;
    assert_eq!(stored.status, StatusCode::CREATED, "{:?}", stored.body);
    send(&mut phone, json!({"type": "command_done", "id": id, "outcome": {"status": "done"}})).await;
    let answer = next_where(&mut guest_socket, |m| m["type"] == "live_text" || m["type"] == "captured").await;
    assert_eq!((&answer["id"], &answer["result"]), (&json!(id), &json!({"status": "read", "lines": []})), "no text found");

    let capture = stored.body["id"].as_str().expect("capture id");
    for client in [&guest, &cast.olga] {
        let download = app.get(client, &format!("/api/sessions/{}/captures/{capture}", cast.session)).await;
        assert_eq!((download.status, download.code()), (StatusCode::NOT_FOUND, "not_found"), "a live text still downloads");
    }
    send(&mut guest_socket, json!({"type": "ping"})).await;
    assert_eq!(next_where(&mut guest_socket, |m| m["type"] == "captured" || m["type"] == "pong").await["type"], "pong");
}

async fn withdrawn_rights_and_bad_regions_are_refused_storing_nothing(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let cast = monitored_session(&app).await;
    let (mut phone, _token) = joined(addr, &cast.code).await;
    let mut sam = technician_socket(addr, &cast.sam, &cast.session).await;
    next_of(&mut sam, "welcome").await;
    // A guest invited without Live text.
    let link = invite_guest(&app, &cast.olga, &cast.session, "guest@example.org", &["live_text"]).await;
    let guest = join_as_guest(&app, &link.token, "Gus").await;
    let mut guest_socket = technician_socket(addr, &guest, &cast.session).await;
    next_of(&mut guest_socket, "welcome").await;
    let rights = format!("/api/sessions/{}/participants/{}/rights/live_text", cast.session, cast.sam_participant);
    let withdrawn = app.call(Some(&cast.olga), Method::PUT, &rights, Some(json!({"allowed": false}))).await;
    assert!(withdrawn.status.is_success(), "{:?}", withdrawn.body);

    let commands = format!("/api/sessions/{}/commands", cast.session);
    let before = app.table_counts().await;
    let refused = app.post(&cast.sam, &commands, json!({"action": "read_text"})).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "right_withdrawn"));
    send(&mut sam, json!({"type": "command", "command": {"action": "read_text"}})).await;
    assert_eq!(next_where(&mut sam, |m| m["type"] == "error" || m["type"] == "command_sent").await["code"], "right_withdrawn");
    let refused = app.post(&guest, &commands, json!({"action": "read_text"})).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "right_withdrawn"), "{:?}", refused.body);
    send(&mut guest_socket, json!({"type": "command", "command": {"action": "read_text"}})).await;
    assert_eq!(next_where(&mut guest_socket, |m| m["type"] == "error" || m["type"] == "command_sent").await["code"], "right_withdrawn");

    for region in [
        json!({"left": 0.8, "top": 0.0, "width": 0.5, "height": 0.5}),
        json!({"left": -0.1, "top": 0.0, "width": 0.5, "height": 0.5}),
        json!({"left": 0.1, "top": 0.1, "width": 0.0, "height": 0.5}),
        json!({"left": 0.1, "top": 0.1, "width": 0.2}),
        json!({"left": 0.1, "top": 0.1, "width": 0.2, "height": 0.2, "depth": 1}),
    ] {
        let answer = app.post(&cast.olga, &commands, json!({"action": "read_text", "region": region})).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"), "{region}: {:?}", answer.body);
    }
    assert_eq!(app.table_counts().await, before, "a refused command left a trace");
    send(&mut phone, json!({"type": "ping"})).await;
    assert_eq!(next_where(&mut phone, |m| m["type"] == "command" || m["type"] == "pong").await["type"], "pong", "a refused command reached the phone");
}
