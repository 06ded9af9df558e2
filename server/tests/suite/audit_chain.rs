//! The tamper-evident audit trail: every entry sealed to the one before it with a key kept
//! outside the database, exported by the session's primary and the admins, and checked by
//! `sightline audit verify` (the real binary), on an export or on the database.

use crate::common;

use std::process::Command;

use axum::http::{header, Method, StatusCode};
use common::collaboration::{monitored_session, Cast};
use common::guests::{invite_guest, join_as_guest};
use common::{Backend, TestApp};
use serde_json::{json, Value};

/// What `sightline audit verify ARGS` printed, and whether it exited with success.
fn verify(app: &TestApp, key_file: &std::path::Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sightline"))
        .args(["audit", "verify"])
        .args(args)
        .arg("--audit-key-file")
        .arg(key_file)
        .arg("--database-url")
        .arg(&app.database_url)
        .env_remove("SIGHTLINE_DATA_DIR")
        .output()
        .expect("the sightline binary runs");
    let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), printed)
}

/// Verifies the session's trail in the database with the app's own key.
fn verify_session(app: &TestApp, session: &str) -> (bool, String) {
    verify(app, &app.audit_key_file, &["--session", session])
}

/// A session with a few entries more than its start: notes typed by the primary.
async fn session_with_trail(app: &TestApp) -> Cast {
    let cast = monitored_session(app).await;
    for text in ["Router blinks red", "Router blinks red twice", "Reset done"] {
        let saved = app.call(Some(&cast.olga), Method::PUT, &format!("/api/sessions/{}/notes", cast.session), Some(json!({ "text": text }))).await;
        assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    }
    cast
}

/// How many entries the session's trail has.
async fn entry_count(app: &TestApp, session: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE session_id = $1").bind(session).fetch_one(&app.db.pool).await.expect("count")
}

async fn tamper(app: &TestApp, statement: &str, session: &str) {
    sqlx::query(statement).bind(session).execute(&app.db.pool).await.expect("tampering statement");
}

async fn an_intact_trail_and_its_export_verify(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cast = session_with_trail(&app).await;
    let count = entry_count(&app, &cast.session).await;
    assert!(count >= 6, "start, invitation, acceptance, monitoring and three notes edits: {count}");

    let (ok, printed) = verify_session(&app, &cast.session);
    assert!(ok, "{printed}");
    assert!(printed.contains(&format!("OK: {count} entries verified")), "{printed}");

    let export = app.get(&cast.olga, &format!("/api/sessions/{}/audit/export?format=json", cast.session)).await;
    assert_eq!(export.status, StatusCode::OK, "{:?}", export.body);
    let disposition = export.headers.get(header::CONTENT_DISPOSITION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(disposition.starts_with("attachment;") && disposition.contains(".json"), "{disposition}");
    assert_eq!(export.body["session_id"], cast.session.as_str());
    let entries = export.body["entries"].as_array().expect("entries");
    assert_eq!(entries.len() as i64, count);
    assert_eq!(entries[0]["kind"], "session_started");
    assert!(entries.iter().enumerate().all(|(i, e)| e["seq"] == json!(i + 1) && e["seal"].as_str().is_some_and(|s| s.len() == 64)), "{entries:?}");

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("trail.json");
    std::fs::write(&file, &export.bytes).expect("export written");
    let (ok, printed) = verify(&app, &app.audit_key_file, &[file.to_str().expect("path")]);
    assert!(ok, "{printed}");
    assert!(printed.contains(&format!("OK: {count} entries verified")), "{printed}");

    // The same export with two entries swapped in the file, and with one edited.
    let mut swapped = export.body.clone();
    swapped["entries"].as_array_mut().expect("entries").swap(2, 4);
    std::fs::write(&file, swapped.to_string()).expect("written");
    let (ok, printed) = verify(&app, &app.audit_key_file, &[file.to_str().expect("path")]);
    assert!(!ok && printed.contains("entry 5: out of order"), "{printed}");
    let mut edited = export.body.clone();
    edited["entries"][1]["actor"] = json!("someone-else");
    std::fs::write(&file, edited.to_string()).expect("written");
    let (ok, printed) = verify(&app, &app.audit_key_file, &[file.to_str().expect("path")]);
    assert!(!ok && printed.contains("entry 2: edited"), "{printed}");

    let csv = app.get(&cast.admin, &format!("/api/sessions/{}/audit/export?format=csv", cast.session)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/csv")));
    let text = String::from_utf8(csv.bytes).expect("UTF-8");
    assert!(text.starts_with("session_id,seq,at,actor,kind,detail,seal\n"), "{text}");
    assert_eq!(text.lines().count() as i64, count + 1, "{text}");
}

async fn an_edited_entry_is_named(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cast = session_with_trail(&app).await;
    tamper(&app, "UPDATE audit_events SET detail = '{\"chars\":1}' WHERE session_id = $1 AND seq = 5", &cast.session).await;
    let (ok, printed) = verify_session(&app, &cast.session);
    assert!(!ok, "{printed}");
    assert!(printed.contains("FAILED: entry 5: edited"), "{printed}");
}

async fn a_deleted_entry_is_named(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cast = session_with_trail(&app).await;
    tamper(&app, "DELETE FROM audit_events WHERE session_id = $1 AND seq = 3", &cast.session).await;
    let (ok, printed) = verify_session(&app, &cast.session);
    assert!(!ok && printed.contains("FAILED: entry 3: missing"), "{printed}");
}

async fn deleting_the_last_entries_is_detected(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cast = session_with_trail(&app).await;
    let count = entry_count(&app, &cast.session).await;
    tamper(&app, &format!("DELETE FROM audit_events WHERE session_id = $1 AND seq >= {}", count - 1), &cast.session).await;
    let (ok, printed) = verify_session(&app, &cast.session);
    assert!(!ok, "{printed}");
    assert!(printed.contains(&format!("FAILED: entry {}: missing: the trail ends before it, its head is at entry {count}", count - 1)), "{printed}");
}

async fn swapped_entries_are_named(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cast = session_with_trail(&app).await;
    for statement in [
        "UPDATE audit_events SET seq = -2 WHERE session_id = $1 AND seq = 2",
        "UPDATE audit_events SET seq = 2 WHERE session_id = $1 AND seq = 5",
        "UPDATE audit_events SET seq = 5 WHERE session_id = $1 AND seq = -2",
    ] {
        tamper(&app, statement, &cast.session).await;
    }
    let (ok, printed) = verify_session(&app, &cast.session);
    assert!(!ok, "{printed}");
    assert!(printed.contains("FAILED: entry 2: out of order (swapped or moved): it was sealed as entry 5"), "{printed}");

    // Two neighbours swapped in another session.
    let (other, _) = common::collaboration::start_session(&app, &cast.olga).await;
    for text in ["one", "two", "three"] {
        let saved = app.call(Some(&cast.olga), Method::PUT, &format!("/api/sessions/{other}/notes"), Some(json!({ "text": text }))).await;
        assert_eq!(saved.status, StatusCode::OK);
    }
    for statement in [
        "UPDATE audit_events SET seq = -2 WHERE session_id = $1 AND seq = 2",
        "UPDATE audit_events SET seq = 2 WHERE session_id = $1 AND seq = 3",
        "UPDATE audit_events SET seq = 3 WHERE session_id = $1 AND seq = -2",
    ] {
        tamper(&app, statement, &other).await;
    }
    let (ok, printed) = verify_session(&app, &other);
    assert!(!ok && printed.contains("FAILED: entry 2: out of order (swapped or moved): it was sealed as entry 3"), "{printed}");
}

async fn another_key_is_detected(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cast = session_with_trail(&app).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let other_key = dir.path().join("other.key");
    std::fs::write(&other_key, [7u8; 32]).expect("key written");
    let (ok, printed) = verify(&app, &other_key, &["--session", &cast.session]);
    assert!(!ok && printed.contains("FAILED: entry 1: wrong key"), "{printed}");

    let (ok, printed) = verify(&app, &dir.path().join("absent.key"), &["--session", &cast.session]);
    assert!(!ok && printed.contains("audit key"), "verifying never makes a key: {printed}");
    let (ok, printed) = verify_session(&app, "no-such-session");
    assert!(!ok && printed.contains("session not found"), "{printed}");
}

async fn concurrent_appends_keep_one_chain(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cast = monitored_session(&app).await;
    let before = entry_count(&app, &cast.session).await;
    let path = format!("/api/sessions/{}/notes", cast.session);
    let saves = (0..12).map(|i| app.call(Some(&cast.olga), Method::PUT, &path, Some(json!({ "text": format!("note {i}") }))));
    for saved in futures_util::future::join_all(saves).await {
        assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    }
    assert_eq!(entry_count(&app, &cast.session).await, before + 12);
    let (ok, printed) = verify_session(&app, &cast.session);
    assert!(ok, "{printed}");
}

async fn only_the_primary_and_admins_export(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cast = session_with_trail(&app).await;
    let link = invite_guest(&app, &cast.olga, &cast.session, "guest@example.org", &[]).await;
    let guest = join_as_guest(&app, &link.token, "Gus").await;
    let other_org = app.other_org_admin().await;
    for path in [format!("/api/sessions/{}/audit/export", cast.session), format!("/api/sessions/{}/report", cast.session)] {
        assert_eq!(app.get(&cast.olga, &path).await.status, StatusCode::OK, "{path}");
        assert_eq!(app.get(&cast.admin, &path).await.status, StatusCode::OK, "{path}");
        let secondary = app.get(&cast.sam, &path).await;
        assert_eq!(secondary.status, StatusCode::FORBIDDEN, "{path}: {:?}", secondary.body);
        let guest_answer = app.get(&guest, &path).await;
        assert_eq!(guest_answer.status, StatusCode::FORBIDDEN, "{path}: {:?}", guest_answer.body);
        let elsewhere = app.get(&other_org, &path).await;
        assert_eq!(elsewhere.status, StatusCode::NOT_FOUND, "{path}: {:?}", elsewhere.body);
        assert!(elsewhere.body.get("entries").is_none() && elsewhere.body.get("trail").is_none());
    }
}

async fn the_report_sums_the_session_up(backend: Backend) {
    let app = TestApp::new(backend).await;
    let cast = session_with_trail(&app).await;
    let report = app.get(&cast.olga, &format!("/api/sessions/{}/report", cast.session)).await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    let body: &Value = &report.body;
    let people: Vec<(&str, &str)> =
        body["people"].as_array().expect("people").iter().map(|p| (p["display_name"].as_str().unwrap_or(""), p["role"].as_str().unwrap_or(""))).collect();
    assert!(people.contains(&("Olga", "primary")) && people.contains(&("Sam", "secondary")), "{people:?}");
    assert_eq!(body["notes"], "Reset done");
    assert_eq!(body["verification"]["verified"], true, "{:?}", body["verification"]);
    assert_eq!(body["verification"]["sealed"], json!(entry_count(&app, &cast.session).await));

    tamper(&app, "UPDATE audit_events SET at = at + 1 WHERE session_id = $1 AND seq = 4", &cast.session).await;
    let report = app.get(&cast.admin, &format!("/api/sessions/{}/report", cast.session)).await;
    assert_eq!(report.body["verification"]["verified"], false);
    assert_eq!(report.body["verification"]["mismatch_seq"], 4);
}

on_both_databases!(
    an_intact_trail_and_its_export_verify,
    an_edited_entry_is_named,
    a_deleted_entry_is_named,
    deleting_the_last_entries_is_detected,
    swapped_entries_are_named,
    another_key_is_detected,
    concurrent_appends_keep_one_chain,
    only_the_primary_and_admins_export,
    the_report_sums_the_session_up,
);

/// Starts `sightline serve` on `data_dir` until it is ready, then stops it.
fn serve_once(data_dir: &std::path::Path) {
    use std::io::BufRead;
    let mut server = Command::new(env!("CARGO_BIN_EXE_sightline"))
        .args(["serve", "--listen", "127.0.0.1:0", "--rtc-loopback-only", "--data-dir"])
        .arg(data_dir)
        .env_remove("SIGHTLINE_AUDIT_KEY_FILE")
        .env_remove("SIGHTLINE_DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the sightline binary starts");
    let stdout = server.stdout.take().expect("stdout");
    let ready = std::io::BufReader::new(stdout).lines().map_while(Result::ok).any(|line| line.contains("\"event\":\"ready\""));
    server.kill().expect("stopped");
    server.wait().expect("exited");
    assert!(ready, "the server announced readiness");
}

#[test]
fn the_server_makes_its_key_once_for_its_owner_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    serve_once(dir.path());
    let key_file = dir.path().join("audit.key");
    let key = std::fs::read(&key_file).expect("the first start made the key");
    assert_eq!(key.len(), 32);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
    serve_once(dir.path());
    assert_eq!(std::fs::read(&key_file).expect("still there"), key, "a later start keeps the key");
}
