//! The customer's say over the picture, end to end through the real SDK core and the server:
//! a phone that joins waiting for consent sends no picture, and the technicians see why; a
//! technician who would take a picture is refused; consent lets the video through; a pause
//! keeps it back again (frames the app pushes are dropped without an error) until resumed.
//! Every technician who may see the video hears each change, one who connects later sees
//! the state stored, the phone reports it again after a reconnect, and the trail records
//! each change; a seat without the Video right hears none of it.

use crate::common;

use std::sync::Arc;

use common::collaboration::monitored_session;
use common::live::{next_where, send, technician_socket, Socket};
use common::phone::{small_phone, Quiet};
use common::{eventually, Backend, TestApp};
use serde_json::{json, Value};
use sightline_sdk_core::session::VideoState;
use sightline_virtual_phone::phone::{PhoneOptions, VirtualPhone};

on_both_databases!(consent_pause_and_resume_reach_every_technician_and_the_trail, a_seat_without_video_hears_nothing_of_it);

/// Waits for a `video` message saying `state` (a fresh view of the session repeats the last one).
async fn video(socket: &mut Socket, state: &str) {
    let message = next_where(socket, |m| m["type"] == "video" && m["state"] == state).await;
    assert_eq!(message, json!({"type": "video", "state": state}), "the connection closed before {state}");
}

fn frames_sent(phone: &VirtualPhone) -> u64 {
    phone.session.stats().map_or(0, |stats| stats.frames_sent)
}

/// Sends a snapshot command and returns the phone's answer to it.
async fn snapshot(socket: &mut Socket) -> Value {
    send(socket, json!({"type": "command", "command": {"action": "snapshot"}})).await;
    let sent = next_where(socket, |m| m["type"] == "command_sent").await;
    next_where(socket, |m| m["type"] == "command_done" && m["id"] == sent["id"]).await["outcome"].clone()
}

async fn consent_pause_and_resume_reach_every_technician_and_the_trail(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let cast = monitored_session(&app).await;
    let options = PhoneOptions { consent_required: true, ..small_phone(addr, &cast.code) };
    let phone = VirtualPhone::join(options, Arc::new(Quiet)).await.expect("joins");
    assert_eq!(phone.session.video_state(), VideoState::AwaitingConsent);
    let mut olga = technician_socket(addr, &cast.olga, &cast.session).await;
    video(&mut olga, "awaiting_consent").await;
    assert_eq!(
        snapshot(&mut olga).await,
        json!({"status": "failed", "reason": "the customer has not agreed to show the video yet"})
    );
    let pushed = phone.frames_pushed();
    eventually("the app pushed frames while waiting", || async { phone.frames_pushed() > pushed + 3 }).await;
    assert_eq!(frames_sent(&phone), 0, "nothing goes out before the customer agrees");

    phone.session.consent().expect("consents");
    video(&mut olga, "sending").await;
    next_where(&mut olga, |m| m == &json!({"type": "phone_state", "state": "live"})).await;

    phone.session.pause_video().expect("pauses");
    // Not even the frames already waiting for the encoder go out once the pause returns.
    let held = frames_sent(&phone);
    video(&mut olga, "paused").await;
    assert_eq!(snapshot(&mut olga).await, json!({"status": "failed", "reason": "the customer paused the video"}));
    let pushed = phone.frames_pushed();
    eventually("the app pushed more frames while paused", || async { phone.frames_pushed() > pushed + 3 }).await;
    assert_eq!(frames_sent(&phone), held, "a paused video sends nothing");

    // Sam connects later and sees the stored pause; the phone reports it again after a
    // reconnect, which changes nothing the technicians see.
    let mut sam = technician_socket(addr, &cast.sam, &cast.session).await;
    video(&mut sam, "paused").await;
    phone.session.network_changed();
    next_where(&mut sam, |m| m == &json!({"type": "phone_state", "state": "reconnecting"})).await;
    assert_eq!(phone.session.video_state(), VideoState::Paused);

    phone.session.resume_video().expect("resumes");
    video(&mut olga, "sending").await;
    video(&mut sam, "sending").await;
    eventually("frames go out again", || async { phone.session.stats().is_some_and(|stats| stats.frames_sent > 0) }).await;

    let trail = app.get(&cast.admin, &format!("/api/sessions/{}/audit", cast.session)).await;
    let changes: Vec<&Value> = trail.body.as_array().expect("trail").iter().filter(|e| e["kind"] == "video_changed").map(|e| &e["detail"]["state"]).collect();
    assert_eq!(changes, [&json!("awaiting_consent"), &json!("sending"), &json!("paused"), &json!("sending")]);
    phone.session.end();
}

async fn a_seat_without_video_hears_nothing_of_it(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let cast = monitored_session(&app).await;
    let path = format!("/api/sessions/{}/participants/{}/rights/video", cast.session, cast.sam_participant);
    let withdrawn = app.call(Some(&cast.olga), axum::http::Method::PUT, &path, Some(json!({"allowed": false}))).await;
    assert!(withdrawn.status.is_success(), "{:?}", withdrawn.body);
    let mut sam = technician_socket(addr, &cast.sam, &cast.session).await;
    let mut olga = technician_socket(addr, &cast.olga, &cast.session).await;
    let (mut phone, _) = common::live::joined(addr, &cast.code).await;
    send(&mut phone, json!({"type": "video", "state": "paused"})).await;
    video(&mut olga, "paused").await;
    send(&mut sam, json!({"type": "ping"})).await;
    let first = next_where(&mut sam, |m| m["type"] == "video" || m["type"] == "pong").await;
    assert_eq!(first["type"], "pong", "a seat without Video got {first}");
}
