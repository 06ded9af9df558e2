//! Several technicians in one session: leaving, ownership passing on, the reconnect
//! grace, and the chat's history, order and idempotence.

use crate::common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::collaboration::{bring_in, start_session};
use common::live::{joined, next_of, next_where, send, technician_socket, Socket};
use common::{eventually, Backend, Client, TestApp};
use serde_json::{json, Value};

on_both_databases!(
    a_collaborator_leaving_never_ends_the_session,
    the_owner_leaving_passes_ownership_to_a_secondary_still_there,
    the_last_internal_technician_leaving_ends_the_session,
    a_technician_away_past_the_grace_has_left,
    chat_is_ordered_kept_and_never_duplicated,
);

async fn session_of(app: &TestApp, client: &Client, session: &str) -> Value {
    let answer = app.get(client, &format!("/api/sessions/{session}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body
}

/// The role of the named participant still in the session, if any.
fn role_of(session: &Value, name: &str) -> Option<String> {
    session["participants"]
        .as_array()
        .expect("participants")
        .iter()
        .find(|p| p["display_name"] == name && p["left_at"].is_null())
        .map(|p| p["role"].as_str().expect("role").to_owned())
}

async fn a_collaborator_leaving_never_ends_the_session(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let (session, _) = start_session(&app, &olga).await;
    bring_in(&app, &admin, &olga, &session, &sam).await;
    let mut sam_live = technician_socket(addr, &sam, &session).await;
    assert_eq!(app.post(&sam, &format!("/api/sessions/{session}/leave"), json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(next_of(&mut sam_live, "ended").await["reason"], "left");
    let now = session_of(&app, &olga, &session).await;
    assert_eq!(now["status"], "waiting");
    assert_eq!((role_of(&now, "Olga"), role_of(&now, "Sam")), (Some("primary".into()), None));
    let again = app.post(&sam, &format!("/api/sessions/{session}/leave"), json!({})).await;
    assert_eq!((again.status, again.code()), (StatusCode::FORBIDDEN, "not_in_session"));
    let audit = app.get(&olga, &format!("/api/sessions/{session}/audit")).await.body;
    assert!(audit.as_array().expect("audit").iter().any(|e| e["kind"] == "participant_left"));
}

async fn the_owner_leaving_passes_ownership_to_a_secondary_still_there(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let tina = app.technician(&admin, "tina@acme.example", "Tina").await;
    let (session, _) = start_session(&app, &olga).await;
    bring_in(&app, &admin, &olga, &session, &sam).await;
    bring_in(&app, &admin, &olga, &session, &tina).await;
    // Tina joined later but is the one with the console open: she takes over.
    let mut tina_live = technician_socket(addr, &tina, &session).await;
    assert_eq!(app.post(&olga, &format!("/api/sessions/{session}/leave"), json!({})).await.status, StatusCode::NO_CONTENT);
    let seat = next_where(&mut tina_live, |m| m["type"] == "seat" && m["seat"]["role"] == "primary").await;
    assert!(seat["seat"]["rights"].as_array().expect("rights").contains(&json!("invite_technician")));
    let now = session_of(&app, &tina, &session).await;
    assert_ne!(now["status"], "ended");
    assert_eq!((role_of(&now, "Tina"), role_of(&now, "Sam")), (Some("primary".into()), Some("secondary".into())));
    // The new owner has the owner's powers; the former one is gone.
    assert_eq!(app.get(&tina, &format!("/api/sessions/{session}/notes")).await.status, StatusCode::OK);
    assert_eq!(app.get(&olga, &format!("/api/sessions/{session}/notes")).await.code(), "not_in_session");
}

async fn the_last_internal_technician_leaving_ends_the_session(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let (session, code) = start_session(&app, &olga).await;
    let (mut phone, _) = joined(addr, &code).await;
    assert_eq!(app.post(&olga, &format!("/api/sessions/{session}/leave"), json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(next_of(&mut phone, "ended").await["reason"], "no_technician");
    let (status, reason): (String, Option<String>) = sqlx::query_as("SELECT status, end_reason FROM sessions WHERE id = $1")
        .bind(&session)
        .fetch_one(&app.db.pool)
        .await
        .expect("session");
    assert_eq!((status.as_str(), reason.as_deref()), ("ended", Some("no_technician")));
}

async fn a_technician_away_past_the_grace_has_left(backend: Backend) {
    // The grace only has to outlast a reconnection over loopback; nothing waits for it to pass on a clock.
    let app = TestApp::with_settings(backend, |s| s.reconnect_grace = Duration::from_secs(3)).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let tina = app.technician(&admin, "tina@acme.example", "Tina").await;
    let (session, code) = start_session(&app, &olga).await;
    bring_in(&app, &admin, &olga, &session, &sam).await;
    bring_in(&app, &admin, &olga, &session, &tina).await;
    let (mut phone, _) = joined(addr, &code).await;
    let mut olga_live = technician_socket(addr, &olga, &session).await;
    let mut sam_live = technician_socket(addr, &sam, &session).await;
    let tina_live = technician_socket(addr, &tina, &session).await;

    // A blip: Sam's connection drops and comes back within the grace. Then Tina goes away
    // for good: once she has left, Sam's grace (which began earlier) has passed too. Still in.
    sam_live.close(None).await.expect("close");
    let mut sam_live = technician_socket(addr, &sam, &session).await;
    drop(tina_live);
    eventually("Tina, away past the grace, has left", || async { role_of(&session_of(&app, &olga, &session).await, "Tina").is_none() }).await;
    assert_eq!(role_of(&session_of(&app, &olga, &session).await, "Sam").as_deref(), Some("secondary"));

    // The owner's console goes away for good: ownership passes to Sam.
    olga_live.close(None).await.expect("close");
    let seat = next_where(&mut sam_live, |m| m["type"] == "seat" && m["seat"]["role"] == "primary").await;
    assert!(!seat.is_null(), "Sam became the owner");
    assert_eq!(role_of(&session_of(&app, &sam, &session).await, "Olga"), None);

    // The last technician goes away: the session ends, and the phone hears so.
    sam_live.close(None).await.expect("close");
    assert_eq!(next_of(&mut phone, "ended").await["reason"], "no_technician");
}

/// Sends a chat message on a live connection and waits for it to come back stored.
async fn chat(socket: &mut Socket, client_id: &str, text: &str) -> Value {
    send(socket, json!({"type": "chat", "client_id": client_id, "text": text})).await;
    next_where(socket, |m| m["type"] == "chat" && m["message"]["client_id"] == client_id).await["message"].clone()
}

async fn chat_is_ordered_kept_and_never_duplicated(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let tina = app.technician(&admin, "tina@acme.example", "Tina").await;
    let (session, code) = start_session(&app, &olga).await;
    let (mut phone, _) = joined(addr, &code).await;
    let mut olga_live = technician_socket(addr, &olga, &session).await;

    let first = chat(&mut olga_live, "m-1", "Hello, can you point the camera at the router?").await;
    let second = chat(&mut olga_live, "m-2", "Thanks").await;
    assert!(second["seq"].as_i64() > first["seq"].as_i64());
    assert_eq!((first["role"].as_str(), first["display_name"].as_str()), (Some("primary"), Some("Olga")));
    // The customer reads along live.
    assert_eq!(next_of(&mut phone, "chat").await["message"]["text"], first["text"]);

    // A resend after a reconnect (same client id, over the socket or HTTP) is not a new message.
    let mut olga_live = technician_socket(addr, &olga, &session).await;
    let history = next_of(&mut olga_live, "chat_history").await["messages"].clone();
    assert_eq!(history, json!([first, second]));
    assert_eq!(chat(&mut olga_live, "m-2", "Thanks").await, second);
    let resent = app.post(&olga, &format!("/api/sessions/{session}/chat"), json!({"client_id": "m-1", "text": "Hello"})).await;
    assert_eq!((resent.status, resent.body.clone()), (StatusCode::OK, first.clone()));
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM chat_messages").fetch_one(&app.db.pool).await.expect("count");
    assert_eq!(stored, 2);

    // A technician who joins sees the whole history by default.
    bring_in(&app, &admin, &olga, &session, &sam).await;
    let mut sam_live = technician_socket(addr, &sam, &session).await;
    assert_eq!(next_of(&mut sam_live, "chat_history").await["messages"], json!([first, second]));
    assert_eq!(app.get(&sam, &format!("/api/sessions/{session}/chat")).await.body, json!([first, second]));

    // With the org's setting, only the last N minutes before joining.
    sqlx::query("UPDATE chat_messages SET sent_at = sent_at - 7200000 WHERE client_id = 'm-1'")
        .execute(&app.db.pool)
        .await
        .expect("age the first message");
    let set = app.call(Some(&admin), Method::PATCH, "/api/org", Some(json!({"chat_history_minutes": 30}))).await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    bring_in(&app, &admin, &olga, &session, &tina).await;
    let tina_history = app.get(&tina, &format!("/api/sessions/{session}/chat")).await.body;
    let texts: Vec<&str> = tina_history.as_array().expect("history").iter().filter_map(|m| m["text"].as_str()).collect();
    assert_eq!(texts, ["Thanks"]);

    // Bad messages are refused with typed errors and store nothing.
    for (body, why) in [
        (json!({"client_id": "m-3", "text": "   "}), "empty"),
        (json!({"client_id": "", "text": "hi"}), "no client id"),
        (json!({"client_id": "m-4", "text": "x".repeat(4001)}), "too long"),
        (json!({"client_id": "m-5", "text": "bell\u{7}"}), "control character"),
    ] {
        let answer = app.post(&olga, &format!("/api/sessions/{session}/chat"), body).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"), "{why}");
    }
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM chat_messages").fetch_one(&app.db.pool).await.expect("count");
    assert_eq!(stored, 2);
}
