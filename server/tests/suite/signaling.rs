//! The live connections over a real socket: bad, out-of-order and hostile signaling
//! gets typed errors and leaves the session unharmed.

use crate::common;

use axum::http::StatusCode;
use common::live::{console_socket, customer_socket, joined, next, next_of, send, CONSOLE_ORIGIN};
use common::{Backend, Client, TestApp};
use futures_util::SinkExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

on_both_databases!(
    a_customer_must_join_or_hello_first,
    bad_messages_get_typed_errors_and_the_session_goes_on,
    a_second_phone_cannot_take_the_session,
    technicians_connect_only_to_their_sessions_from_the_console,
    the_customer_can_end_the_session,
);

async fn started(app: &TestApp, technician: &Client) -> (String, String) {
    let session = app.post(technician, "/api/sessions", json!({})).await.body;
    (session["id"].as_str().expect("id").to_owned(), session["join"]["code"].as_str().expect("code").to_owned())
}


async fn a_customer_must_join_or_hello_first(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    for (first, code) in [
        (json!({"type": "offer", "sdp": "v=0"}), "join_required"),
        (json!({"type": "hello", "token": "forged", "protocol": 1}), "invalid_token"),
        (json!("garbage"), "malformed_message"),
    ] {
        let mut socket = customer_socket(addr).await;
        send(&mut socket, first.clone()).await;
        let answer = next(&mut socket).await;
        assert_eq!(answer["type"], "error", "{first}");
        assert_eq!(answer["code"], code, "{first}");
        assert!(next(&mut socket).await.is_null(), "the connection closes after a refused first message");
    }
    let mut socket = customer_socket(addr).await;
    send(&mut socket, json!({"type": "join", "code": "000000000", "protocol": 1})).await;
    assert_eq!(next(&mut socket).await, json!({"type": "ended", "reason": "invalid_code"}));
    let mut socket = customer_socket(addr).await;
    send(&mut socket, json!({"type": "join", "code": "000000000", "protocol": 0})).await;
    assert_eq!(next(&mut socket).await, json!({"type": "ended", "reason": "sdk_too_old"}));
}

async fn bad_messages_get_typed_errors_and_the_session_goes_on(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let (session_id, code) = started(&app, &admin).await;
    let (mut phone, _) = joined(addr, &code).await;
    assert_eq!(next_of(&mut phone, "viewers").await["count"], 0);

    let cases: Vec<(Message, &str)> = vec![
        (Message::text("{not json"), "malformed_message"),
        (Message::text(json!({"type": "teleport"}).to_string()), "malformed_message"),
        (Message::text(format!("{{\"type\":\"offer\",\"sdp\":\"{}\"}}", "v".repeat(70_000))), "message_too_large"),
        (Message::binary(vec![0u8, 1, 2]), "malformed_message"),
        (Message::text(json!({"type": "candidate", "candidate": {"candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host"}}).to_string()), "invalid_input"),
        (Message::text(json!({"type": "offer", "sdp": "this is not SDP"}).to_string()), "invalid_input"),
        (Message::text(json!({"type": "offer", "sdp": "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"}).to_string()), "invalid_input"),
        (Message::text(json!({"type": "answer", "sdp": "v=0"}).to_string()), "invalid_input"),
        (Message::text(json!({"type": "resubscribe"}).to_string()), "invalid_input"),
        (Message::text(json!({"type": "command", "command": {"action": "torch", "on": true}}).to_string()), "invalid_input"),
        (Message::text(json!({"type": "join", "code": code, "protocol": 1}).to_string()), "invalid_input"),
    ];
    for (message, code) in cases {
        let shown = format!("{message:?}").chars().take(80).collect::<String>();
        phone.send(message).await.expect("send");
        let answer = next_of(&mut phone, "error").await;
        assert_eq!(answer["code"], code, "{shown}: {answer}");
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // Still connected and served.
    send(&mut phone, json!({"type": "ping"})).await;
    assert_eq!(next_of(&mut phone, "pong").await["type"], "pong");
    let session = app.get(&admin, &format!("/api/sessions/{session_id}")).await.body;
    assert_eq!(session["status"], "connected");
}

async fn a_second_phone_cannot_take_the_session(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let (session_id, code) = started(&app, &admin).await;
    let (mut first, token) = joined(addr, &code).await;

    let mut second = customer_socket(addr).await;
    send(&mut second, json!({"type": "join", "code": code, "protocol": 1})).await;
    assert_eq!(next(&mut second).await, json!({"type": "ended", "reason": "invalid_code"}));

    // The same customer connecting elsewhere (its token) takes over; the first is told why.
    let mut elsewhere = customer_socket(addr).await;
    send(&mut elsewhere, json!({"type": "hello", "token": token, "protocol": 1})).await;
    assert_eq!(next(&mut elsewhere).await["type"], "welcome");
    assert_eq!(next_of(&mut first, "ended").await, json!({"type": "ended", "reason": "connected_elsewhere"}));
    let session = app.get(&admin, &format!("/api/sessions/{session_id}")).await.body;
    assert_eq!(session["participants"].as_array().map(|p| p.iter().filter(|p| p["role"] == "customer").count()), Some(1));
}

async fn technicians_connect_only_to_their_sessions_from_the_console(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let tom = app.technician(&admin, "tom@acme.example", "Tom").await;
    let sue = app.technician(&admin, "sue@acme.example", "Sue").await;
    let (session_id, _) = started(&app, &tom).await;
    let origin = CONSOLE_ORIGIN;
    let refused = |result: Result<_, tokio_tungstenite::tungstenite::Error>| match result {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => response.status(),
        other => panic!("expected an HTTP refusal, got {:?}", other.map(|_| ())),
    };
    assert_eq!(refused(console_socket(addr, &sue, &format!("/api/sessions/{session_id}/live"), origin).await), StatusCode::NOT_FOUND);
    assert_eq!(refused(console_socket(addr, &tom, "/api/sessions/unknown/live", origin).await), StatusCode::NOT_FOUND);
    assert_eq!(refused(console_socket(addr, &tom, &format!("/api/sessions/{session_id}/live"), "https://evil.example").await), StatusCode::FORBIDDEN);

    let mut socket = console_socket(addr, &tom, &format!("/api/sessions/{session_id}/live"), origin).await.expect("tom connects");
    let welcome = next(&mut socket).await;
    assert_eq!((welcome["type"].as_str(), welcome["role"].as_str()), (Some("welcome"), Some("primary")));
    assert_eq!(next(&mut socket).await, json!({"type": "phone_state", "state": "absent"}));
    send(&mut socket, json!({"type": "offer", "sdp": "v=0"})).await;
    assert_eq!(next_of(&mut socket, "error").await["code"], "invalid_input");
    send(&mut socket, json!({"type": "answer", "sdp": "v=0"})).await;
    assert_eq!(next_of(&mut socket, "error").await["code"], "invalid_input", "no offer waits for an answer");
}

async fn the_customer_can_end_the_session(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let (session_id, code) = started(&app, &admin).await;
    let (mut phone, token) = joined(addr, &code).await;
    send(&mut phone, json!({"type": "end_session"})).await;
    assert_eq!(next_of(&mut phone, "ended").await, json!({"type": "ended", "reason": "customer_ended"}));
    let session = app.get(&admin, &format!("/api/sessions/{session_id}")).await.body;
    assert_eq!((session["status"].as_str(), session["end_reason"].as_str()), (Some("ended"), Some("customer_ended")));
    let mut again = customer_socket(addr).await;
    send(&mut again, json!({"type": "hello", "token": token, "protocol": 1})).await;
    assert_eq!(next(&mut again).await, json!({"type": "ended", "reason": "customer_ended"}));
}
