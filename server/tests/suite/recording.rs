//! Recording end to end: the primary records the real SDK's virtual phone (VP8 or H.264
//! video and its microphone's tone) over HTTP or its live connection; the stored file is
//! WebM (VP8) or MP4 (H.264, its index in front) that ffprobe reads with the video's and
//! Opus streams, frames in both and the duration the recording ran; a recording across
//! the phone's reconnect is one file that covers both parts; every participant (the
//! phone's app too) hears that a recording runs; only the primary lists, downloads or
//! controls recordings (a secondary and a guest get 403).

use crate::common;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::capture::Capture;
use common::collaboration::bring_in;
use common::guests::{invite_guest, join_as_guest};
use common::live::{next_where, send, Socket};
use common::phone::{session_with_media, PhoneMedia, Quiet};
use common::{eventually, Backend, Client, TestApp};
use parking_lot::Mutex;
use serde_json::{json, Value};
use sightline_sdk_core::media::VideoCodec;
use sightline_sdk_core::session::{ConnectionEvent, SessionListener, SessionState};
use sightline_virtual_phone::tone::ToneArgs;

on_both_databases!(
    a_recording_of_a_vp8_phone_is_webm_with_vp8_and_opus_for_as_long_as_it_ran,
    a_recording_of_an_h264_phone_is_mp4_with_h264_and_opus_for_as_long_as_it_ran,
    a_recording_of_a_vp8_phone_across_its_reconnect_is_one_file_covering_both_parts,
    a_recording_of_an_h264_phone_across_its_reconnect_is_one_file_covering_both_parts,
    only_the_primary_records_lists_or_downloads,
);

/// What a phone sending `codec` is recorded as.
struct Format {
    codec: VideoCodec,
    /// The recording's `format`, the download's content type and its file's extension.
    word: &'static str,
    content_type: &'static str,
    extension: &'static str,
    /// What ffprobe names the container (one of its names) and the video's codec.
    container: &'static str,
    video: &'static str,
}

const VP8: Format = Format { codec: VideoCodec::Vp8, word: "vp8+opus", content_type: "video/webm", extension: "webm", container: "webm", video: "vp8" };
const H264: Format = Format { codec: VideoCodec::H264, word: "h264+opus", content_type: "video/mp4", extension: "mp4", container: "mp4", video: "h264" };

/// What the phone's app heard: its states and whether it is being recorded.
#[derive(Default)]
struct App {
    states: Mutex<Vec<SessionState>>,
    recording: Mutex<Vec<bool>>,
}

impl SessionListener for App {
    fn on_state_changed(&self, state: SessionState) {
        self.states.lock().push(state);
    }

    fn on_connection_event(&self, event: ConnectionEvent) {
        if let ConnectionEvent::RecordingChanged { recording } = event {
            self.recording.lock().push(recording);
        }
    }
}

fn tone() -> Option<ToneArgs> {
    Some(ToneArgs { tone_hz: 440.0, tone_amplitude: 0.3, listen_hz: 660.0, echo_ms: 0 })
}

/// Waits for `socket` to hear that the session is (`on`) or is not being recorded.
async fn recording_is(socket: &mut Socket, on: bool) {
    next_where(socket, |m| m["type"] == "recording" && m["on"] == on).await;
}

/// What ffprobe reads in a file: its streams (codec and frames read) and duration.
struct Probe {
    streams: Vec<(String, String, u64)>,
    duration: f64,
    format: String,
}

impl Probe {
    fn of(path: &Path) -> Probe {
        let out = Command::new("ffprobe")
            .args(["-v", "error", "-count_frames", "-show_entries", "stream=codec_type,codec_name,nb_read_frames:format=duration,format_name", "-of", "json"])
            .arg(path)
            .output()
            .expect("ffprobe runs (Debian package ffmpeg)");
        assert!(out.status.success(), "ffprobe refuses the file: {}", String::from_utf8_lossy(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).expect("ffprobe's JSON");
        let streams = json["streams"]
            .as_array()
            .expect("streams")
            .iter()
            .map(|s| {
                let frames = s["nb_read_frames"].as_str().and_then(|n| n.parse().ok()).unwrap_or(0);
                (s["codec_type"].as_str().unwrap_or("").to_owned(), s["codec_name"].as_str().unwrap_or("").to_owned(), frames)
            })
            .collect();
        let duration = json["format"]["duration"].as_str().and_then(|d| d.parse().ok()).expect("a duration");
        Probe { streams, duration, format: json["format"]["format_name"].as_str().unwrap_or("").to_owned() }
    }

    fn frames(&self, kind: &str, codec: &str) -> u64 {
        self.streams.iter().find(|(k, c, _)| k == kind && c == codec).map_or(0, |(_, _, n)| *n)
    }

    /// The times of the video's key frames, in seconds.
    fn key_frames(path: &Path) -> Vec<f64> {
        let out = Command::new("ffprobe")
            .args(["-v", "error", "-select_streams", "v", "-show_entries", "frame=pts_time,key_frame", "-of", "json"])
            .arg(path)
            .output()
            .expect("ffprobe runs");
        let json: Value = serde_json::from_slice(&out.stdout).expect("ffprobe's JSON");
        json["frames"]
            .as_array()
            .expect("frames")
            .iter()
            .filter(|f| f["key_frame"] == 1)
            .filter_map(|f| f["pts_time"].as_str().and_then(|t| t.parse().ok()))
            .collect()
    }
}

/// Downloads the recording `view` (in `format`) as `client` into a file of `dir`; checks
/// the headers, and that an MP4's index comes before its media (a player reading it as a
/// stream starts at once).
async fn download(app: &TestApp, client: &Client, session: &str, view: &Value, format: &Format, dir: &Path) -> std::path::PathBuf {
    let id = view["id"].as_str().expect("id");
    assert_eq!(view["format"], format.word);
    let answer = app.get(client, &format!("/api/sessions/{session}/recordings/{id}")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["content-type"], format.content_type);
    let disposition = answer.headers["content-disposition"].to_str().expect("ascii");
    assert!(disposition.starts_with("attachment; filename=\"recording-") && disposition.ends_with(&format!(".{}\"", format.extension)), "{disposition}");
    assert_eq!(answer.bytes.len() as u64, view["bytes"].as_u64().expect("bytes"));
    if format.container == "mp4" {
        let boxes = top_level_boxes(&answer.bytes);
        let at = |name: &str| boxes.iter().position(|b| b == name);
        assert!(at("ftyp") == Some(0) && at("moov").is_some() && at("moov") < at("mdat"), "{boxes:?}");
    }
    let path = dir.join(format!("{id}.{}", format.extension));
    std::fs::write(&path, &answer.bytes).expect("written");
    path
}

/// The types of an MP4 file's top-level boxes, in order.
fn top_level_boxes(file: &[u8]) -> Vec<String> {
    let mut boxes = Vec::new();
    let mut at = 0usize;
    while let Some(header) = file.get(at..at + 8) {
        let size = u32::from_be_bytes(header[..4].try_into().expect("4 bytes")) as u64;
        let size = match size {
            1 => file.get(at + 8..at + 16).map_or(0, |large| u64::from_be_bytes(large.try_into().expect("8 bytes"))),
            0 => (file.len() - at) as u64,
            size => size,
        };
        boxes.push(String::from_utf8_lossy(&header[4..8]).into_owned());
        if size < 8 {
            break;
        }
        at += size as usize;
    }
    boxes
}

/// Waits until the phone's video reaches the relay (the admin's socket hears it live).
async fn phone_live(technician: &mut Socket) {
    next_where(technician, |m| m["type"] == "phone_state" && m["state"] == "live").await;
}

async fn a_recording_of_a_vp8_phone_is_webm_with_vp8_and_opus_for_as_long_as_it_ran(backend: Backend) {
    recorded_for_as_long_as_it_ran(backend, &VP8).await;
}

async fn a_recording_of_an_h264_phone_is_mp4_with_h264_and_opus_for_as_long_as_it_ran(backend: Backend) {
    recorded_for_as_long_as_it_ran(backend, &H264).await;
}

async fn recorded_for_as_long_as_it_ran(backend: Backend, format: &Format) {
    let app = TestApp::new(backend).await;
    let told = Arc::new(App::default());
    let (_phone, mut technician, session, _) = session_with_media(&app, PhoneMedia { lens: Default::default(), codec: format.codec, tone: tone() }, told.clone()).await;
    let admin = app.admin().await;
    phone_live(&mut technician).await;

    let started = Instant::now();
    let answer = app.post(&admin, &format!("/api/sessions/{session}/recording/start"), json!({})).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{:?}", answer.body);
    recording_is(&mut technician, true).await;
    eventually("the phone's app is told it is recorded", || async { told.recording.lock().last() == Some(&true) }).await;
    let again = app.post(&admin, &format!("/api/sessions/{session}/recording/start"), json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "one recording at a time");

    tokio::time::sleep(Duration::from_secs(10)).await;
    // Stopped over the live connection this time; the list then holds it.
    send(&mut technician, json!({"type": "stop_recording"})).await;
    let ran = started.elapsed().as_secs_f64();
    recording_is(&mut technician, false).await;
    eventually("the phone's app is told the recording stopped", || async { told.recording.lock().last() == Some(&false) }).await;
    let listed = app.get(&admin, &format!("/api/sessions/{session}/recordings")).await;
    assert_eq!(listed.status, StatusCode::OK);
    let listed = listed.body.as_array().expect("list").clone();
    assert_eq!(listed.len(), 1, "{listed:?}");
    let view = &listed[0];
    assert_eq!(view["started_by_name"], "Ada Admin");
    // The primary's session report lists it too.
    let report = app.get(&admin, &format!("/api/sessions/{session}/report")).await;
    assert_eq!(report.body["recordings"], json!([view.clone()]), "{:?}", report.body);

    let dir = tempfile::tempdir().expect("dir");
    let file = download(&app, &admin, &session, view, format, dir.path()).await;
    let probe = Probe::of(&file);
    assert!(probe.format.split(',').any(|name| name == format.container), "{}", probe.format);
    assert!(probe.frames("video", format.video) > 0, "{:?}", probe.streams);
    assert!(probe.frames("audio", "opus") > 0, "{:?}", probe.streams);
    // Within 10 % of the time between asking to start and to stop.
    assert!((probe.duration - ran).abs() <= ran * 0.1, "recorded {} s of {ran} s", probe.duration);
    assert!(Probe::key_frames(&file).first().is_some_and(|t| *t < 0.1), "it starts on a key frame");

    let trail = app.get(&admin, &format!("/api/sessions/{session}/audit")).await.body;
    let kinds: Vec<&str> = trail.as_array().expect("trail").iter().filter_map(|e| e["kind"].as_str()).filter(|k| k.starts_with("recording_")).collect();
    assert_eq!(kinds, ["recording_started", "recording_stopped", "recording_stored"]);
}

async fn a_recording_of_a_vp8_phone_across_its_reconnect_is_one_file_covering_both_parts(backend: Backend) {
    recorded_across_a_reconnect(backend, &VP8).await;
}

async fn a_recording_of_an_h264_phone_across_its_reconnect_is_one_file_covering_both_parts(backend: Backend) {
    recorded_across_a_reconnect(backend, &H264).await;
}

async fn recorded_across_a_reconnect(backend: Backend, format: &Format) {
    let app = TestApp::new(backend).await;
    let told = Arc::new(App::default());
    let (phone, mut technician, session, _) = session_with_media(&app, PhoneMedia { lens: Default::default(), codec: format.codec, tone: tone() }, told.clone()).await;
    let admin = app.admin().await;
    phone_live(&mut technician).await;

    let started = Instant::now();
    send(&mut technician, json!({"type": "start_recording"})).await;
    recording_is(&mut technician, true).await;
    tokio::time::sleep(Duration::from_secs(3)).await;

    let away = started.elapsed().as_secs_f64();
    phone.session.network_changed();
    next_where(&mut technician, |m| m["type"] == "phone_state" && m["state"] == "reconnecting").await;
    phone_live(&mut technician).await;
    let back = started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(3)).await;

    let stopped = app.post(&admin, &format!("/api/sessions/{session}/recording/stop"), json!({})).await;
    assert_eq!(stopped.status, StatusCode::OK, "{:?}", stopped.body);
    let ran = started.elapsed().as_secs_f64();
    let dir = tempfile::tempdir().expect("dir");
    let file = download(&app, &admin, &session, &stopped.body, format, dir.path()).await;
    let probe = Probe::of(&file);
    assert!(probe.frames("video", format.video) > 0 && probe.frames("audio", "opus") > 0, "{:?}", probe.streams);
    assert!((probe.duration - ran).abs() <= ran * 0.1, "recorded {} s of {ran} s", probe.duration);
    // Key frames before the phone went away and after it came back, in one file.
    let keys = Probe::key_frames(&file);
    assert!(keys.iter().any(|t| *t < away), "{keys:?} (away at {away})");
    assert!(keys.iter().any(|t| *t >= away && *t <= back + 1.0), "{keys:?} (away {away}, back {back})");
    assert!(told.states.lock().contains(&SessionState::Reconnecting));
}

async fn only_the_primary_records_lists_or_downloads(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (_phone, mut technician, session, addr) = session_with_media(&app, PhoneMedia { lens: Default::default(), codec: VideoCodec::Vp8, tone: None }, Arc::new(Quiet)).await;
    let admin = app.admin().await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    bring_in(&app, &admin, &admin, &session, &sam).await;
    let link = invite_guest(&app, &admin, &session, "gus@partner.example", &[]).await;
    let guest = join_as_guest(&app, &link.token, "Gus").await;
    let mut seen = [Capture::open(addr, &sam, &session).await, Capture::open(addr, &guest, &session).await];
    phone_live(&mut technician).await;

    let start = format!("/api/sessions/{session}/recording/start");
    let stop = format!("/api/sessions/{session}/recording/stop");
    let list = format!("/api/sessions/{session}/recordings");
    for client in [&sam, &guest] {
        let refused = app.post(client, &start, json!({})).await;
        assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "role_not_permitted"));
    }
    // Over the live connection too: refused with the same code, nothing starts.
    for capture in &mut seen {
        send(&mut capture.socket, json!({"type": "start_recording"})).await;
        let refused = capture.next_where(|m| m["type"] == "error").await;
        assert_eq!(refused["code"], "role_not_permitted", "{refused}");
    }
    assert_eq!(app.post(&admin, &start, json!({})).await.status, StatusCode::NO_CONTENT);
    // That the session is being recorded is public: every seat hears it.
    for capture in &mut seen {
        capture.next_where(|m| m["type"] == "recording" && m["on"] == true).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    for client in [&sam, &guest] {
        assert_eq!(app.post(client, &stop, json!({})).await.status, StatusCode::FORBIDDEN);
    }
    let stored = app.post(&admin, &stop, json!({})).await;
    assert_eq!(stored.status, StatusCode::OK, "{:?}", stored.body);
    let id = stored.body["id"].as_str().expect("id").to_owned();
    let download = format!("/api/sessions/{session}/recordings/{id}");
    assert_eq!(app.get(&admin, &download).await.status, StatusCode::OK);
    for capture in &mut seen {
        capture.next_where(|m| m["type"] == "recording" && m["on"] == false).await;
    }

    // The recording itself, its list and its trail entry stay with the primary.
    for (capture, client) in seen.iter_mut().zip([&sam, &guest]) {
        for path in [&list, &download] {
            assert_eq!(capture.read(&app, client, path).await, (StatusCode::FORBIDDEN, "role_not_permitted".to_owned()), "{path}");
        }
        capture.read(&app, client, &format!("/api/sessions/{session}/audit")).await;
        capture.drain().await;
        assert!(capture.holds("recording_started"), "the trail shows that a recording ran");
        assert!(!capture.holds(&id) && !capture.holds("recording_stored"), "a seat without Record learns of the recording: {}", capture.seen);
    }
    let trail = app.get(&admin, &format!("/api/sessions/{session}/audit")).await;
    assert!(String::from_utf8_lossy(&trail.bytes).contains(&id), "the primary's trail names it");
}
