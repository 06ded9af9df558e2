//! Two-way audio end to end: the SDK's audio path (the virtual phone pushes a 440 Hz tone
//! through `Session::push_audio`) through the relay's mix-minus to a technician, and a
//! technician's 660 Hz back to the phone's `AudioDevice::play`; muting, and a withdrawn
//! Mic right stop the technician at the relay while it keeps sending; the phone's
//! microphone status reaches the technician.

mod common;

use std::sync::Arc;

use common::collaboration::bring_in;
use common::phone::{small_phone, Quiet};
use common::live::technician_socket;
use common::voice::{last_readings, Talker};
use common::{eventually, Backend, TestApp};
use axum::http::Method;
use parking_lot::Mutex;
use serde_json::json;
use sightline_sdk_core::audio::{AudioRoute, AudioStatus, MicStatus};
use sightline_virtual_phone::camera::Lens;
use sightline_virtual_phone::phone::VirtualPhone;
use sightline_virtual_phone::tone::{ToneArgs, ToneReading};
use sightline_wire::signal::ClientMessage;

const PHONE_HZ: f32 = 440.0;
const TECHNICIAN_HZ: f32 = 660.0;
/// Quiet readings in a row that count as "no longer heard" (one could be a lost packet's gap).
const QUIET: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn voices_cross_the_relay_both_ways_and_stop_there_when_muted_or_the_mic_right_is_withdrawn() {
    let app = TestApp::new(Backend::Sqlite).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let session = app.post(&admin, "/api/sessions", json!({})).await.body;
    let (id, code) = (session["id"].as_str().expect("id").to_owned(), session["join"]["code"].as_str().expect("code").to_owned());
    let heard: Arc<Mutex<Vec<ToneReading>>> = Arc::default();
    let phone_heard = heard.clone();
    let tone = ToneArgs { tone_hz: PHONE_HZ, tone_amplitude: 0.3, listen_hz: TECHNICIAN_HZ };
    let phone = VirtualPhone::join_with_audio(small_phone(addr, code, Lens::default()), Arc::new(Quiet), tone, move |r| phone_heard.lock().push(r))
        .await
        .expect("joins");
    let phone_hears = |count| last_readings(&heard.lock(), count);

    let sam = app.technician(&admin, "sam@example.com", "Sam").await;
    let sam_id = bring_in(&app, &admin, &admin, &id, &sam).await;
    let talker = Talker::start(technician_socket(addr, &sam, &id).await, TECHNICIAN_HZ, PHONE_HZ);

    eventually("the technician hears the phone's tone", || async { talker.hears(1) == Some(true) }).await;
    eventually("the phone hears the technician's tone", || async { phone_hears(1) == Some(true) }).await;

    // The phone's microphone trouble reaches the technician.
    let busy = AudioStatus { mic: MicStatus::Busy, route: AudioRoute::Headset };
    phone.session.audio_status_changed(busy).expect("audio on");
    let told = || talker.messages.lock().iter().any(|m| m["type"] == "audio_status" && m["status"]["mic"] == "busy" && m["status"]["route"] == "headset");
    eventually("the technician hears the phone's microphone is busy", || async { told() }).await;

    // Muted at the relay, the technician's voice stops reaching the phone; unmuted, it comes back.
    talker.send(ClientMessage::Mute { muted: true });
    eventually("a muted technician is not heard", || async { phone_hears(QUIET) == Some(false) }).await;
    talker.send(ClientMessage::Mute { muted: false });
    eventually("an unmuted technician is heard again", || async { phone_hears(1) == Some(true) }).await;

    // The owner withdraws Sam's mic: the relay drops Sam's voice though Sam keeps sending.
    let mic = format!("/api/sessions/{id}/participants/{sam_id}/rights/mic");
    let withdrawn = app.call(Some(&admin), Method::PUT, &mic, Some(json!({"allowed": false}))).await;
    assert!(withdrawn.status.is_success(), "{:?}", withdrawn.body);
    eventually("a technician without the mic right is not heard", || async { phone_hears(QUIET) == Some(false) }).await;
    let restored = app.call(Some(&admin), Method::PUT, &mic, Some(json!({"allowed": true}))).await;
    assert!(restored.status.is_success(), "{:?}", restored.body);
    eventually("the restored right lets the technician be heard again", || async { phone_hears(1) == Some(true) }).await;
    drop(phone);
}
