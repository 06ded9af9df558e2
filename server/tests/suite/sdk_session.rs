//! The SDK core's session through its public API against the real server: typed
//! states, end reasons and reconnection, the annotation overlay, the chat, with the
//! virtual phone's camera.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use common::{eventually, Backend, Client, TestApp};
use futures_util::StreamExt;
use parking_lot::Mutex;
use serde_json::json;
use sightline_sdk_core::session::{ChatListener, ChatMessage,
    Colour, ConnectionEvent, EndReason, OverlayAnnotation, OverlayListener, OverlayShape, SessionListener, SessionState,
};
use sightline_sdk_core::Error as SdkError;
use sightline_virtual_phone::phone::{PhoneOptions, VirtualPhone};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

on_both_databases!(
    the_sdk_follows_a_session_from_join_to_end,
    refused_joins_end_with_typed_reasons,
    the_customer_hears_when_no_technician_is_left,
    the_overlay_model_follows_the_technicians_annotations,
    the_customer_chats_with_the_technicians_both_ways,
);

#[derive(Default)]
struct Recorder {
    states: Mutex<Vec<SessionState>>,
    events: Mutex<Vec<ConnectionEvent>>,
}

impl SessionListener for Recorder {
    fn on_state_changed(&self, state: SessionState) {
        self.states.lock().push(state);
    }

    fn on_connection_event(&self, event: ConnectionEvent) {
        self.events.lock().push(event);
    }
}

impl Recorder {
    /// Waits until `wanted` is among the states recorded from position `since` on (a state
    /// passed through quickly counts too); returns the position after it, for the next wait.
    async fn wait_for(&self, wanted: &SessionState, since: usize) -> usize {
        let seen = || self.states.lock().iter().skip(since).position(|s| s == wanted).map(|at| since + at + 1);
        eventually(&format!("{wanted:?} after state {since}"), || async { seen().is_some() }).await;
        seen().expect("seen")
    }
}

/// What the app's overlay listener heard, in order.
#[derive(Default)]
struct OverlayRecorder {
    heard: Mutex<Vec<String>>,
}

impl OverlayListener for OverlayRecorder {
    fn on_annotation_added(&self, annotation: OverlayAnnotation) {
        self.heard.lock().push(format!("added {}", annotation.id));
    }

    fn on_annotation_removed(&self, id: String) {
        self.heard.lock().push(format!("removed {id}"));
    }

    fn on_annotations_cleared(&self) {
        self.heard.lock().push("cleared".into());
    }
}

async fn the_overlay_model_follows_the_technicians_annotations(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let (session_id, code) = start(&app, &admin).await;
    let path = format!("/api/sessions/{session_id}/annotations");
    let box_ = json!({"colour": "green", "width": 0.01, "shape": {"kind": "rectangle", "from": [0.25, 0.2], "to": [0.75, 0.8]}});
    let early = app.post(&admin, &path, box_).await.body["id"].as_str().expect("id").to_owned();

    // A phone joining late gets the current list.
    let recorder = Arc::new(Recorder::default());
    let phone = VirtualPhone::join(options(addr, &code), recorder.clone()).await.expect("joins");
    let overlay = phone.session.overlay();
    let heard = Arc::new(OverlayRecorder::default());
    overlay.set_listener(heard.clone());
    eventually("the late list arrives", || async { overlay.annotations().len() == 1 }).await;
    // The list may have come before the listener was set or after (then heard as added): from here on all is heard.
    heard.heard.lock().retain(|h| *h != format!("added {early}"));
    let first = &overlay.annotations()[0];
    assert_eq!((first.id.as_str(), first.author_name.as_str(), first.colour), (early.as_str(), "Ada Admin", Colour::Green), "{first:?}");
    assert!(matches!(&first.shape, OverlayShape::Rectangle { from, to } if (from.x, from.y, to.x, to.y) == (0.25, 0.2, 0.75, 0.8)), "{first:?}");

    // Added, removed and cleared live, through the listener.
    let text = json!({"colour": "red", "width": 0.01, "shape": {"kind": "text", "at": [0.1, 0.1], "text": "here"}});
    let later = app.post(&admin, &path, text).await.body["id"].as_str().expect("id").to_owned();
    eventually("the added annotation is heard", || async { heard.heard.lock().len() == 1 }).await;
    assert_eq!(overlay.annotations().iter().map(|a| a.id.clone()).collect::<Vec<_>>(), [early.clone(), later.clone()]);
    let removed = app.call(Some(&admin), axum::http::Method::DELETE, &format!("{path}/{early}"), None).await;
    assert_eq!(removed.status, axum::http::StatusCode::NO_CONTENT);
    eventually("the removal is heard", || async { heard.heard.lock().len() == 2 }).await;
    assert_eq!(overlay.annotations().iter().map(|a| a.id.clone()).collect::<Vec<_>>(), [later.clone()], "{:?}", heard.heard.lock());
    // A reconnection brings the same list again: nothing changed, nothing is reported.
    phone.session.network_changed();
    let connections = || recorder.events.lock().iter().filter(|e| **e == ConnectionEvent::SignalingConnected).count();
    eventually("the phone reconnects", || async { connections() == 2 }).await;
    let again = app.post(&admin, &path, json!({"colour": "blue", "width": 0.01, "shape": {"kind": "circle", "from": [0.1, 0.1], "to": [0.3, 0.3]}})).await;
    let again = again.body["id"].as_str().expect("id").to_owned();
    eventually("the third annotation arrives", || async { overlay.annotations().len() == 2 }).await;
    assert_eq!(app.call(Some(&admin), axum::http::Method::DELETE, &path, None).await.status, axum::http::StatusCode::NO_CONTENT);
    eventually("the clearing is heard", || async { heard.heard.lock().last().is_some_and(|h| h == "cleared") }).await;
    assert_eq!(*heard.heard.lock(), [format!("added {later}"), format!("removed {early}"), format!("added {again}"), "cleared".to_owned()]);
    assert!(overlay.annotations().is_empty());
}

/// What the app's chat listener heard: (author's name, text, sent by the phone).
#[derive(Default)]
struct ChatRecorder {
    heard: Mutex<Vec<(String, String, bool)>>,
}

impl ChatListener for ChatRecorder {
    fn on_chat_message(&self, message: ChatMessage) {
        self.heard.lock().push((message.author_name, message.text, message.from_customer));
    }
}

async fn the_customer_chats_with_the_technicians_both_ways(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let (session_id, code) = start(&app, &admin).await;
    let path = format!("/api/sessions/{session_id}/chat");
    assert_eq!(app.post(&admin, &path, json!({"client_id": "t-1", "text": "hello, can you see the label?"})).await.status, axum::http::StatusCode::CREATED);

    let recorder = Arc::new(Recorder::default());
    let mut phone = VirtualPhone::join(options(addr, &code), recorder.clone()).await.expect("joins");
    let chat = phone.session.chat();
    let heard = Arc::new(ChatRecorder::default());
    chat.set_listener(heard.clone());
    // The history sent on connecting holds the technician's earlier message.
    eventually("the history arrives", || async { chat.messages().len() == 1 }).await;
    assert_eq!(chat.messages()[0].text, "hello, can you see the label?");
    assert!(!chat.messages()[0].from_customer);
    heard.heard.lock().clear();

    let sent = phone.session.send_chat("  yes: it says 42-B ").expect("sent");
    eventually("the phone's message comes back stored", || async { chat.messages().len() == 2 }).await;
    let mine = &chat.messages()[1];
    assert_eq!((mine.text.as_str(), mine.client_id.as_str(), mine.from_customer), ("yes: it says 42-B", sent.as_str(), true));
    app.post(&admin, &path, json!({"client_id": "t-2", "text": "thanks"})).await;
    eventually("the technician's reply is heard", || async { heard.heard.lock().len() == 2 }).await;
    assert_eq!(
        *heard.heard.lock(),
        [("Virtual phone".to_owned(), "yes: it says 42-B".to_owned(), true), ("Ada Admin".to_owned(), "thanks".to_owned(), false)]
    );
    let stored = app.get(&admin, &path).await.body;
    let texts: Vec<&str> = stored.as_array().expect("list").iter().filter_map(|m| m["text"].as_str()).collect();
    assert_eq!(texts, ["hello, can you see the label?", "yes: it says 42-B", "thanks"], "the server stored the phone's message once");

    // A reconnection brings the history again: nothing is heard twice, nothing is sent twice.
    phone.session.network_changed();
    let connections = || recorder.events.lock().iter().filter(|e| **e == ConnectionEvent::SignalingConnected).count();
    eventually("the phone reconnects", || async { connections() == 2 }).await;
    app.post(&admin, &path, json!({"client_id": "t-3", "text": "bye"})).await;
    eventually("the last message is heard", || async { heard.heard.lock().len() == 3 }).await;
    assert_eq!(app.get(&admin, &path).await.body.as_array().expect("list").len(), 4);

    assert!(matches!(phone.session.send_chat(" "), Err(SdkError::InvalidChatMessage(_))));
    phone.session.end();
    assert_eq!(tokio::time::timeout(Duration::from_secs(10), phone.ended()).await.expect("ends"), EndReason::CustomerEnded);
    assert!(matches!(phone.session.send_chat("still there?"), Err(SdkError::SessionEnded)), "the ended session refuses chat");
}

fn options(addr: std::net::SocketAddr, code: &str) -> PhoneOptions {
    common::phone::small_phone(addr, code)
}

async fn start(app: &TestApp, admin: &Client) -> (String, String) {
    let session = app.post(admin, "/api/sessions", json!({})).await.body;
    (session["id"].as_str().expect("id").to_owned(), session["join"]["code"].as_str().expect("code").to_owned())
}

async fn the_sdk_follows_a_session_from_join_to_end(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let (session_id, code) = start(&app, &admin).await;
    let recorder = Arc::new(Recorder::default());
    let mut phone = VirtualPhone::join(options(addr, &code), recorder.clone()).await.expect("joins");
    assert_eq!(phone.session.session_id(), session_id);
    let seen = recorder.wait_for(&SessionState::WaitingForTechnician, 0).await;

    // A technician connects: the phone goes live once its media reaches the relay.
    let mut request = format!("ws://{addr}/api/sessions/{session_id}/live").into_client_request().expect("request");
    request.headers_mut().insert("cookie", admin.cookie.parse().expect("header"));
    let (technician, _) = tokio_tungstenite::connect_async(request).await.expect("technician connects");
    let seen = recorder.wait_for(&SessionState::Live, seen).await;
    eventually("the phone sends video while live", || async { phone.session.stats().is_some_and(|s| s.frames_sent > 0) }).await;

    // A network change: reconnecting, then live again in the same session.
    phone.session.network_changed();
    let seen = recorder.wait_for(&SessionState::Reconnecting, seen).await;
    recorder.wait_for(&SessionState::Live, seen).await;
    assert!(recorder.events.lock().contains(&ConnectionEvent::IceReconnected));

    // The technician ends the session: the phone hears why.
    let ended = app.post(&admin, &format!("/api/sessions/{session_id}/end"), json!({})).await;
    assert_eq!(ended.status, axum::http::StatusCode::OK);
    assert_eq!(tokio::time::timeout(Duration::from_secs(10), phone.ended()).await.expect("ends"), EndReason::TechnicianEnded);
    drop(technician.split());

    // The customer ends another session from the app.
    let (other_id, other_code) = start(&app, &admin).await;
    let mut second = VirtualPhone::join(options(addr, &other_code), Arc::new(Recorder::default())).await.expect("joins");
    second.session.end();
    assert_eq!(tokio::time::timeout(Duration::from_secs(10), second.ended()).await.expect("ends"), EndReason::CustomerEnded);
    let other = app.get(&admin, &format!("/api/sessions/{other_id}")).await.body;
    assert_eq!(other["end_reason"], "customer_ended");
}

async fn the_customer_hears_when_no_technician_is_left(backend: Backend) {
    let app = TestApp::with_settings(backend, |s| s.reconnect_grace = Duration::from_millis(300)).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let (session_id, code) = start(&app, &admin).await;
    let recorder = Arc::new(Recorder::default());
    let mut phone = VirtualPhone::join(options(addr, &code), recorder.clone()).await.expect("joins");
    let mut request = format!("ws://{addr}/api/sessions/{session_id}/live").into_client_request().expect("request");
    request.headers_mut().insert("cookie", admin.cookie.parse().expect("header"));
    let (technician, _) = tokio_tungstenite::connect_async(request).await.expect("technician connects");
    let seen = recorder.wait_for(&SessionState::Live, 0).await;

    // The only technician's console goes away for good: past the grace the session ends.
    drop(technician);
    let reason = tokio::time::timeout(Duration::from_secs(20), phone.ended()).await.expect("ends");
    assert_eq!(reason, EndReason::NoTechnician);
    recorder.wait_for(&SessionState::Ended { reason: EndReason::NoTechnician }, seen).await;
}

async fn refused_joins_end_with_typed_reasons(backend: Backend) {
    let app = TestApp::with_settings(backend, |s| s.join_code_ttl = Duration::ZERO).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let (_, expired) = start(&app, &admin).await;
    for (code, reason) in [(expired.as_str(), EndReason::SessionExpired), ("000000000", EndReason::InvalidCode)] {
        match VirtualPhone::join(options(addr, code), Arc::new(Recorder::default())).await {
            Err(sightline_virtual_phone::Error::Core(SdkError::JoinRefused(got))) => assert_eq!(got, reason, "{code}"),
            Err(other) => panic!("{code}: unexpected error {other}"),
            Ok(_) => panic!("{code}: joined"),
        }
    }
    let unreachable = PhoneOptions { server_url: "http://127.0.0.1:9".into(), ..options(addr, "123456789") };
    assert!(matches!(
        VirtualPhone::join(unreachable, Arc::new(Recorder::default())).await,
        Err(sightline_virtual_phone::Error::Core(SdkError::Signaling(_)))
    ));
}
