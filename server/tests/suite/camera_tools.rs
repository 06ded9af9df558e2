//! Torch and zoom end to end with the real SDK core and the virtual phone: the
//! technicians see the phone's real camera (what it has, how it is set), commands are
//! acknowledged with the state the camera reached or a clear reason, and the state
//! survives a phone network change and reaches technicians who connect later. The
//! phone's camera reports are checked: impossible ones are refused and nothing is stored.

use crate::common;

use common::live::{joined, next_of, next_where, send, technician_socket, Socket};
use common::phone::session_with_phone;
use common::{Backend, TestApp};
use serde_json::{json, Value};
use sightline_virtual_phone::camera::Lens;

on_both_databases!(
    torch_and_zoom_follow_the_real_camera_across_a_network_change,
    a_phone_without_torch_or_zoom_refuses_with_clear_reasons,
    impossible_camera_reports_are_refused_and_nothing_is_stored,
);

/// The next camera state the technician receives.
async fn camera_state(socket: &mut Socket) -> Value {
    next_of(socket, "camera_state").await["camera"].clone()
}

/// Sends a command and returns its outcome.
async fn command(socket: &mut Socket, command: Value) -> Value {
    send(socket, json!({"type": "command", "command": command})).await;
    let sent = next_of(socket, "command_sent").await;
    next_where(socket, |m| m["type"] == "command_done" && m["id"] == sent["id"]).await["outcome"].clone()
}

async fn torch_and_zoom_follow_the_real_camera_across_a_network_change(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (phone, mut technician, id, addr) = session_with_phone(&app, Lens::default()).await;
    assert_eq!(camera_state(&mut technician).await, json!({"torch": {"available": true, "on": false}, "zoom": {"min": 1.0, "max": 8.0, "ratio": 1.0}}));

    let torch = command(&mut technician, json!({"action": "torch", "on": true})).await;
    assert_eq!(torch, json!({"status": "done", "camera": {"torch": {"available": true, "on": true}}}));
    assert!(phone.camera.torch(), "the phone's torch is on");
    let zoom = command(&mut technician, json!({"action": "zoom", "ratio": 3.0})).await;
    assert_eq!(zoom, json!({"status": "done", "camera": {"zoom": {"min": 1.0, "max": 8.0, "ratio": 3.0}}}));
    assert_eq!(phone.camera.zoom(), 3.0);
    let beyond = command(&mut technician, json!({"action": "zoom", "ratio": 12.0})).await;
    assert_eq!(beyond, json!({"status": "failed", "reason": "zoom 12× is beyond this camera's 1–8×"}));
    assert_eq!(phone.camera.zoom(), 3.0, "a refused zoom changes nothing");

    // The phone's network changes: it reports its camera again, as the technicians left it.
    phone.session.network_changed();
    let set = json!({"torch": {"available": true, "on": true}, "zoom": {"min": 1.0, "max": 8.0, "ratio": 3.0}});
    let reported = next_where(&mut technician, |m| m["type"] == "camera_state" && m["camera"] == set).await;
    assert!(!reported.is_null(), "the technician hears the phone's camera after the network change");
    assert!(phone.camera.torch() && phone.camera.zoom() == 3.0);

    // A technician who connects now sees the same.
    let admin = app.admin().await;
    let mut later = technician_socket(addr, &admin, &id).await;
    assert_eq!(camera_state(&mut later).await, set);
    // Every command and its outcome is in the audit trail.
    let audit = app.get(&admin, &format!("/api/sessions/{id}/audit")).await.body;
    let kinds = |kind: &str| audit.as_array().expect("events").iter().filter(|e| e["kind"] == kind).count();
    assert_eq!((kinds("command"), kinds("command_done")), (3, 3));
}

async fn a_phone_without_torch_or_zoom_refuses_with_clear_reasons(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (phone, mut technician, _, _) = session_with_phone(&app, Lens { torch: false, max_zoom: 1.0 }).await;
    assert_eq!(camera_state(&mut technician).await, json!({"torch": {"available": false, "on": false}, "zoom": {"min": 1.0, "max": 1.0, "ratio": 1.0}}));
    let torch = command(&mut technician, json!({"action": "torch", "on": true})).await;
    assert_eq!(torch, json!({"status": "failed", "reason": "this device has no torch"}));
    let zoom = command(&mut technician, json!({"action": "zoom", "ratio": 2.0})).await;
    assert_eq!(zoom, json!({"status": "failed", "reason": "zoom 2× is beyond this camera's 1–1×"}));
    assert!(!phone.camera.torch());
}

async fn impossible_camera_reports_are_refused_and_nothing_is_stored(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let session = app.post(&admin, "/api/sessions", json!({})).await.body;
    let (mut phone, _) = joined(addr, session["join"]["code"].as_str().expect("code")).await;
    let torch = json!({"available": true, "on": false});
    let zoom = json!({"min": 1.0, "max": 8.0, "ratio": 1.0});
    let bad = [
        (json!({"torch": torch}), "invalid_input"),
        (json!({"zoom": zoom}), "invalid_input"),
        (json!({"torch": {"available": false, "on": true}, "zoom": zoom}), "invalid_input"),
        (json!({"torch": torch, "zoom": {"min": 0.0, "max": 8.0, "ratio": 1.0}}), "invalid_input"),
        (json!({"torch": torch, "zoom": {"min": 4.0, "max": 2.0, "ratio": 3.0}}), "invalid_input"),
        (json!({"torch": torch, "zoom": {"min": 1.0, "max": 8.0, "ratio": 9.0}}), "invalid_input"),
        (json!({"torch": torch, "zoom": {"min": 1.0, "max": 1000.0, "ratio": 1.0}}), "invalid_input"),
        (json!({"torch": torch, "zoom": {"min": 1.0, "max": 8.0, "ratio": "2"}}), "malformed_message"),
        (json!({"torch": torch, "zoom": zoom, "exposure": 3}), "malformed_message"),
    ];
    for (camera, code) in bad {
        send(&mut phone, json!({"type": "camera_state", "camera": camera})).await;
        let error = next_of(&mut phone, "error").await;
        assert_eq!(error["code"], code, "{camera}");
    }
    let stored = app.table_counts().await.into_iter().find(|(table, _)| table == "camera_states");
    assert_eq!(stored, Some(("camera_states".to_owned(), 0)));
    // The connection is unharmed: a sound report is taken.
    send(&mut phone, json!({"type": "camera_state", "camera": {"torch": torch, "zoom": zoom}})).await;
    send(&mut phone, json!({"type": "ping"})).await;
    next_of(&mut phone, "pong").await;
    let stored = app.table_counts().await.into_iter().find(|(table, _)| table == "camera_states");
    assert_eq!(stored, Some(("camera_states".to_owned(), 1)));
}
