//! Bad input gets its documented error, never a panic or a 500, and changes nothing.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::collaboration::{bring_in, id_of, invite, make_reachable, start_session, technician_id};
use common::guests::{invite_guest, DESKTOP};
use common::live::{next, send, technician_socket, Socket};
use futures_util::SinkExt;
use common::{Backend, Client, TestApp};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

on_both_databases!(
    bad_bodies_get_typed_errors_and_change_nothing,
    every_body_refuses_malformed_oversize_wrong_typed_and_unknown_input,
    the_live_connection_answers_bad_input_with_typed_errors,
    unknown_ids_and_routes_are_not_found,
);

async fn bad_bodies_get_typed_errors_and_change_nothing(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let before = app.table_counts().await;
    let raw = |path: &str, content_type: &str, body: Vec<u8>| {
        Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::COOKIE, &admin.cookie)
            .header("x-csrf-token", &admin.csrf)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .expect("request")
    };
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (raw("/api/teams", "application/json", b"{\"name\": ".to_vec()), StatusCode::BAD_REQUEST, "malformed_json"),
        (raw("/api/teams", "application/json", b"\xff\xfe".to_vec()), StatusCode::BAD_REQUEST, "malformed_json"),
        (raw("/api/teams", "application/json", b"{\"name\": 42}".to_vec()), StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
        (raw("/api/teams", "application/json", b"{\"name\": \"x\", \"admin\": true}".to_vec()), StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
        (raw("/api/teams", "application/json", b"{\"name\": \"   \"}".to_vec()), StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
        (raw("/api/teams", "text/plain", b"{\"name\": \"x\"}".to_vec()), StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        (
            raw("/api/teams", "application/json", format!("{{\"name\": \"{}\"}}", "x".repeat(300_000)).into_bytes()),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            raw("/api/technicians", "application/json", json!({"email": "not-an-email", "display_name": "X", "password": "long enough pw"}).to_string().into_bytes()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        ),
        (
            raw("/api/technicians", "application/json", json!({"email": "x@acme.example", "display_name": "X", "password": "short"}).to_string().into_bytes()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        ),
        (raw("/api/join", "application/json", b"[]".to_vec()), StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
        (raw("/api/join", "application/json", json!({"code": "abc"}).to_string().into_bytes()), StatusCode::NOT_FOUND, "invalid_join_code"),
        (raw("/api/auth/login", "application/json", json!({"email": 1}).to_string().into_bytes()), StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
        (raw("/api/sessions", "application/json", json!({"issue_category_id": "nope"}).to_string().into_bytes()), StatusCode::NOT_FOUND, "not_found"),
    ];
    for (request, status, code) in cases {
        let what = format!("{} {}", request.method(), request.uri());
        let answer = app.send(request).await;
        assert_eq!(answer.status, status, "{what}: {:?}", answer.body);
        assert_eq!(answer.code(), code, "{what}");
        assert!(answer.body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(app.table_counts().await, before, "refused requests changed the database");
}

async fn unknown_ids_and_routes_are_not_found(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    for path in [
        "/api/sessions/00000000-0000-0000-0000-000000000000",
        "/api/sessions/%27%3B%20DROP%20TABLE%20sessions%3B--",
        "/api/teams/unknown",
        "/api/technicians/unknown",
        "/api/no-such-endpoint",
    ] {
        let answer = app.get(&admin, path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(answer.code(), "not_found", "{path}");
    }
    let wrong_method = app.call(Some(&admin), Method::DELETE, "/api/sessions", None).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    let anonymous = app.call(None, Method::GET, "/api/sessions", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.code(), "unauthenticated");
    let bad_cookie = app
        .send(Request::builder().uri("/api/me").header(header::COOKIE, "sightline_session=forged").body(Body::empty()).expect("request"))
        .await;
    assert_eq!(bad_cookie.code(), "unauthenticated");
}

/// An endpoint that takes a body: who calls it, and a body it accepts.
struct Endpoint {
    method: Method,
    path: String,
    caller: Option<Client>,
    valid: Value,
}

/// The variants of `valid` that must each be refused: (what, body bytes, status, code).
fn bad_variants(valid: &Value) -> Vec<(String, Vec<u8>, StatusCode, &'static str)> {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let mut cases = vec![
        ("cut short".to_owned(), b"{".to_vec(), StatusCode::BAD_REQUEST, "malformed_json"),
        ("not JSON".to_owned(), b"{,}".to_vec(), StatusCode::BAD_REQUEST, "malformed_json"),
        ("not UTF-8".to_owned(), b"\xff\xfe".to_vec(), StatusCode::BAD_REQUEST, "malformed_json"),
        ("an array".to_owned(), b"[]".to_vec(), unprocessable, "invalid_input"),
        ("a string".to_owned(), b"\"hello\"".to_vec(), unprocessable, "invalid_input"),
        ("oversize".to_owned(), json!({"pad": "x".repeat(300_000)}).to_string().into_bytes(), StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
    ];
    let fields = valid.as_object().expect("an object body");
    let mut unknown = fields.clone();
    unknown.insert("unexpected_field".into(), json!(true));
    cases.push(("an unknown field".into(), Value::Object(unknown).to_string().into_bytes(), unprocessable, "invalid_input"));
    for (name, value) in fields {
        let wrong = match value {
            Value::String(_) => json!(42),
            Value::Bool(_) | Value::Number(_) => json!("not this type"),
            _ => json!(7),
        };
        let mut body = fields.clone();
        body.insert(name.clone(), wrong.clone());
        cases.push((format!("{name} as {wrong}"), Value::Object(body).to_string().into_bytes(), unprocessable, "invalid_input"));
    }
    cases
}

/// What the refused requests must leave as it was: every table's rows, and the settings a PATCH could change.
async fn state_of(app: &TestApp, admin: &Client) -> (Vec<(String, i64)>, Vec<Value>) {
    let mut reads = Vec::new();
    for path in ["/api/org", "/api/technicians", "/api/teams", "/api/categories"] {
        reads.push(app.get(admin, path).await.body);
    }
    (app.table_counts().await, reads)
}

async fn every_body_refuses_malformed_oversize_wrong_typed_and_unknown_input(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let (session, code) = start_session(&app, &olga).await;
    make_reachable(&app, &admin, &sam).await;
    let invitation = id_of(&invite(&app, &olga, &session, &sam, "please help").await);
    let link = invite_guest(&app, &olga, &session, "gus@partner.example", &[]).await;
    let team = id_of(&app.post(&admin, "/api/teams", json!({"name": "Field"})).await.body);
    let category = id_of(&app.post(&admin, "/api/categories", json!({"name": "Routers"})).await.body);
    let tina = app.technician(&admin, "tina@acme.example", "Tina").await;
    let tina_participant = bring_in(&app, &admin, &olga, &session, &tina).await;
    let endpoint = |method: Method, path: String, caller: Option<&Client>, valid: Value| Endpoint { method, path, caller: caller.cloned(), valid };
    let s = &session;
    let endpoints = [
        endpoint(Method::POST, "/api/auth/login".into(), None, json!({"email": "olga@acme.example", "password": common::ADMIN_PASSWORD})),
        endpoint(Method::POST, "/api/join".into(), None, json!({"code": code, "display_name": "Carla"})),
        endpoint(Method::POST, "/api/sessions".into(), Some(&olga), json!({"issue_category_id": category})),
        endpoint(Method::POST, format!("/api/sessions/{s}/chat"), Some(&olga), json!({"client_id": "c-1", "text": "hello"})),
        endpoint(Method::PUT, format!("/api/sessions/{s}/notes"), Some(&olga), json!({"text": "router reset"})),
        endpoint(Method::POST, format!("/api/sessions/{s}/transfer"), Some(&olga), json!({"participant_id": tina_participant})),
        endpoint(Method::PUT, format!("/api/sessions/{s}/participants/{tina_participant}/rights/flash"), Some(&olga), json!({"allowed": false})),
        endpoint(Method::POST, format!("/api/invitations/{invitation}/accept"), Some(&sam), json!({"display_name": "Sam"})),
        endpoint(Method::POST, format!("/api/sessions/{s}/invitations"), Some(&olga), json!({"target": "team", "id": team, "comment": "hi"})),
        endpoint(Method::POST, format!("/api/sessions/{s}/guest-invitations"), Some(&olga), json!({"email": "g@partner.example", "name": "G", "comment": "hi", "withhold": ["zoom"]})),
        endpoint(Method::POST, "/api/technicians".into(), Some(&admin), json!({"email": "t@acme.example", "display_name": "T", "password": common::ADMIN_PASSWORD})),
        endpoint(Method::PATCH, format!("/api/technicians/{}", technician_id(&sam)), Some(&admin), json!({"display_name": "Samuel", "extended_availability": false, "is_admin": true, "disabled": true})),
        endpoint(Method::POST, "/api/teams".into(), Some(&admin), json!({"name": "Other"})),
        endpoint(Method::PATCH, format!("/api/teams/{team}"), Some(&admin), json!({"name": "Renamed"})),
        endpoint(Method::POST, "/api/categories".into(), Some(&admin), json!({"name": "Modems", "team_id": team, "request_help": true})),
        endpoint(Method::PATCH, format!("/api/categories/{category}"), Some(&admin), json!({"name": "Renamed", "request_help": true})),
        endpoint(Method::PATCH, "/api/org".into(), Some(&admin), json!({"name": "Renamed", "chat_history_minutes": 5})),
        endpoint(Method::POST, format!("/api/guest/invitations/{}/join", link.token), None, json!({"display_name": "Gus", "device": {"mobile": false, "reason": "desktop"}})),
    ];
    let before = state_of(&app, &admin).await;
    for endpoint in &endpoints {
        for (what, body, status, code) in bad_variants(&endpoint.valid) {
            let mut request = Request::builder()
                .method(endpoint.method.clone())
                .uri(&endpoint.path)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::USER_AGENT, DESKTOP);
            if let Some(caller) = &endpoint.caller {
                request = request.header(header::COOKIE, &caller.cookie).header("x-csrf-token", &caller.csrf);
            }
            let answer = app.send(request.body(Body::from(body)).expect("request")).await;
            let name = format!("{} {} with {what}", endpoint.method, endpoint.path);
            assert_eq!((answer.status, answer.code()), (status, code), "{name}: {:?}", answer.body);
            assert!(answer.body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{name} says why");
        }
    }
    assert_eq!(state_of(&app, &admin).await, before, "refused bodies changed the database");
}

/// Sends one frame and returns every answer up to the pong that follows it.
async fn answers_to(socket: &mut Socket, frame: Message) -> Vec<Value> {
    socket.send(frame).await.expect("send");
    send(socket, json!({"type": "ping"})).await;
    let mut answers = Vec::new();
    loop {
        let answer = next(socket).await;
        assert!(!answer.is_null(), "the connection stays open after bad input");
        if answer["type"] == "pong" {
            return answers;
        }
        answers.push(answer);
    }
}

async fn the_live_connection_answers_bad_input_with_typed_errors(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let (session, _) = start_session(&app, &olga).await;
    let mut socket = technician_socket(addr, &olga, &session).await;
    let before = app.table_counts().await;
    let text = |t: String| Message::text(t);
    let cases = [
        ("cut short", text("{\"type\": ".into()), "malformed_message"),
        ("not an object", text("[1, 2]".into()), "malformed_message"),
        ("unknown type", text(json!({"type": "teleport"}).to_string()), "malformed_message"),
        ("wrong-typed field", text(json!({"type": "chat", "client_id": 7, "text": "x"}).to_string()), "malformed_message"),
        ("unknown field", text(json!({"type": "chat", "client_id": "c", "text": "x", "extra": 1}).to_string()), "malformed_message"),
        ("unknown command field", text(json!({"type": "command", "command": {"action": "torch", "on": true, "extra": 1}}).to_string()), "malformed_message"),
        ("oversize", text(json!({"type": "chat", "client_id": "c", "text": "x".repeat(70_000)}).to_string()), "message_too_large"),
        ("binary", Message::binary(vec![0u8, 1, 2]), "malformed_message"),
        ("a zoom out of range", text(json!({"type": "command", "command": {"action": "zoom", "ratio": 1e9}}).to_string()), "invalid_input"),
    ];
    for (what, frame, code) in cases {
        let answers = answers_to(&mut socket, frame).await;
        let errors: Vec<&Value> = answers.iter().filter(|a| a["type"] == "error").collect();
        assert_eq!(errors.len(), 1, "{what}: one typed error: {answers:?}");
        assert_eq!(errors[0]["code"], code, "{what}");
    }
    assert_eq!(app.table_counts().await, before, "bad live input changed the database");
}
