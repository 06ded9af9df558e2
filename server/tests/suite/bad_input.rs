//! Bad input gets its documented error, never a panic or a 500, and changes nothing.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::collaboration::{bring_in, id_of, invite, make_reachable, start_session, technician_id};
use common::guests::{invite_guest, DESKTOP};
use common::live::{console_socket, next, next_of, send, technician_socket, Socket, CONSOLE_ORIGIN};
use common::{Backend, Client, TestApp};
use futures_util::SinkExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

on_both_databases!(
    bad_bodies_get_typed_errors_and_change_nothing,
    every_body_refuses_malformed_oversize_wrong_typed_and_unknown_input,
    the_live_connection_answers_bad_input_with_typed_errors,
    the_console_feed_answers_bad_input_with_typed_errors,
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

/// How to reach one operation that takes a body: the concrete path, who calls it, and a body it accepts.
struct Example {
    path: String,
    caller: Option<Client>,
    valid: Value,
}

/// A schema with its `$ref` followed into the document's components.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => resolve(doc, &doc["components"]["schemas"][name]),
        None => schema,
    }
}

/// Every operation of the OpenAPI document that takes a body, as `METHOD /path/{param}`, with its JSON request schema.
fn body_operations(doc: &Value) -> BTreeMap<String, &Value> {
    let mut operations = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("the document lists paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            if let Some(body) = operation.get("requestBody") {
                let name = format!("{} {path}", method.to_uppercase());
                let schema = body["content"].get("application/json").unwrap_or_else(|| panic!("{name} takes JSON: {body}"));
                operations.insert(name, resolve(doc, &schema["schema"]));
            }
        }
    }
    operations
}

/// The JSON types a schema admits (`string`, `integer`, `null`, ...), through references and alternatives.
fn types_of(doc: &Value, schema: &Value) -> BTreeSet<String> {
    let schema = resolve(doc, schema);
    let mut types: BTreeSet<String> = match &schema["type"] {
        Value::String(t) => [t.clone()].into(),
        Value::Array(ts) => ts.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect(),
        _ => BTreeSet::new(),
    };
    for alternatives in ["oneOf", "anyOf", "allOf"] {
        for branch in schema[alternatives].as_array().into_iter().flatten() {
            types.extend(types_of(doc, branch));
        }
    }
    if types.is_empty() && schema["enum"].as_array().is_some_and(|words| words.iter().all(Value::is_string)) {
        types.insert("string".into());
    }
    if types.contains("number") {
        types.insert("integer".into());
    }
    types
}

/// A value of a JSON type the schema does not admit.
fn wrong_value(types: &BTreeSet<String>) -> Value {
    let candidates = [("string", json!("not this type")), ("integer", json!(42)), ("boolean", json!(true)), ("object", json!({"x": 1})), ("array", json!([1]))];
    candidates.into_iter().find(|(t, _)| !types.contains(*t)).map(|(_, v)| v).expect("some type is not admitted")
}

/// The variants of `valid` that must each be refused, from the operation's request schema: (what, body bytes, status, code).
fn bad_variants(doc: &Value, schema: &Value, valid: &Value) -> Vec<(String, Vec<u8>, StatusCode, &'static str)> {
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
    // A tagged enum (a command) is one object schema per variant: the example's variant is checked.
    let schema = match schema["oneOf"].as_array() {
        Some(variants) => variants
            .iter()
            .map(|variant| resolve(doc, variant))
            .find(|variant| fields.keys().all(|name| variant["properties"].get(name).is_some()))
            .unwrap_or_else(|| panic!("a variant of {schema} fits the example {valid}")),
        None => schema,
    };
    let properties = schema["properties"].as_object().expect("an object schema with properties");
    for name in fields.keys() {
        assert!(properties.contains_key(name), "the example's {name} is not in the schema {schema}");
    }
    let with = |name: &str, value: Option<Value>| {
        let mut body = fields.clone();
        match value {
            Some(value) => body.insert(name.to_owned(), value),
            None => body.remove(name),
        };
        Value::Object(body).to_string().into_bytes()
    };
    cases.push(("an unknown field".into(), with("unexpected_field", Some(json!(true))), unprocessable, "invalid_input"));
    for (name, property) in properties {
        let types = types_of(doc, property);
        assert!(!types.is_empty(), "the schema names the type of {name}: {property}");
        let wrong = wrong_value(&types);
        cases.push((format!("{name} as {wrong}"), with(name, Some(wrong.clone())), unprocessable, "invalid_input"));
    }
    for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        cases.push((format!("no {name}"), with(name, None), unprocessable, "invalid_input"));
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
    let s = &session;
    let example = |operation: &str, path: String, caller: Option<&Client>, valid: Value| (operation.to_owned(), Example { path, caller: caller.cloned(), valid });
    // A body each operation accepts, so that each bad variant differs from an accepted body in one way only.
    let examples: BTreeMap<String, Example> = [
        example("POST /api/auth/login", "/api/auth/login".into(), None, json!({"email": "olga@acme.example", "password": common::ADMIN_PASSWORD})),
        example("POST /api/join", "/api/join".into(), None, json!({"code": code, "display_name": "Carla"})),
        example("POST /api/sessions", "/api/sessions".into(), Some(&olga), json!({"issue_category_id": category})),
        example("POST /api/sessions/{id}/commands", format!("/api/sessions/{s}/commands"), Some(&olga), json!({"action": "torch", "on": true})),
        example("POST /api/sessions/{id}/chat", format!("/api/sessions/{s}/chat"), Some(&olga), json!({"client_id": "c-1", "text": "hello"})),
        example(
            "POST /api/sessions/{id}/annotations",
            format!("/api/sessions/{s}/annotations"),
            Some(&olga),
            json!({"colour": "red", "width": 0.01, "shape": {"kind": "arrow", "from": [0.1, 0.1], "to": [0.5, 0.5]}}),
        ),
        example("PUT /api/sessions/{id}/notes", format!("/api/sessions/{s}/notes"), Some(&olga), json!({"text": "router reset"})),
        example("POST /api/sessions/{id}/transfer", format!("/api/sessions/{s}/transfer"), Some(&olga), json!({"participant_id": tina_participant})),
        example(
            "PUT /api/sessions/{id}/participants/{participant_id}/rights/{feature}",
            format!("/api/sessions/{s}/participants/{tina_participant}/rights/flash"),
            Some(&olga),
            json!({"allowed": false}),
        ),
        example("POST /api/invitations/{id}/accept", format!("/api/invitations/{invitation}/accept"), Some(&sam), json!({"display_name": "Sam"})),
        example("POST /api/sessions/{id}/invitations", format!("/api/sessions/{s}/invitations"), Some(&olga), json!({"target": "team", "id": team, "comment": "hi"})),
        example(
            "POST /api/sessions/{id}/guest-invitations",
            format!("/api/sessions/{s}/guest-invitations"),
            Some(&olga),
            json!({"email": "g@partner.example", "name": "G", "comment": "hi", "withhold": ["zoom"]}),
        ),
        example("POST /api/technicians", "/api/technicians".into(), Some(&admin), json!({"email": "t@acme.example", "display_name": "T", "password": common::ADMIN_PASSWORD})),
        example(
            "PATCH /api/technicians/{id}",
            format!("/api/technicians/{}", technician_id(&sam)),
            Some(&admin),
            json!({"display_name": "Samuel", "extended_availability": false, "is_admin": true, "disabled": true}),
        ),
        example("POST /api/teams", "/api/teams".into(), Some(&admin), json!({"name": "Other"})),
        example("PATCH /api/teams/{id}", format!("/api/teams/{team}"), Some(&admin), json!({"name": "Renamed"})),
        example("POST /api/categories", "/api/categories".into(), Some(&admin), json!({"name": "Modems", "team_id": team, "request_help": true})),
        example("PATCH /api/categories/{id}", format!("/api/categories/{category}"), Some(&admin), json!({"name": "Renamed", "request_help": true})),
        example("PATCH /api/org", "/api/org".into(), Some(&admin), json!({"name": "Renamed", "chat_history_minutes": 5})),
        example(
            "POST /api/guest/invitations/{token}/join",
            format!("/api/guest/invitations/{}/join", link.token),
            None,
            json!({"display_name": "Gus", "device": {"mobile": false, "reason": "desktop"}}),
        ),
    ]
    .into_iter()
    .collect();

    // Which operations take a body comes from the served OpenAPI document, not from this list.
    let doc = app.call(None, Method::GET, "/api/openapi.json", None).await.body;
    let operations = body_operations(&doc);
    let without: Vec<&String> = operations.keys().filter(|o| !examples.contains_key(*o)).collect();
    let stale: Vec<&String> = examples.keys().filter(|o| !operations.contains_key(*o)).collect();
    assert!(
        without.is_empty() && stale.is_empty(),
        "operations of the OpenAPI document without an example body here: {without:?}; examples for operations it does not list: {stale:?}"
    );

    let before = state_of(&app, &admin).await;
    for (operation, schema) in &operations {
        let example = &examples[operation];
        let method = Method::from_bytes(operation.split(' ').next().expect("a method").as_bytes()).expect("an HTTP method");
        for (what, body, status, code) in bad_variants(&doc, schema, &example.valid) {
            let mut request = Request::builder()
                .method(method.clone())
                .uri(&example.path)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::USER_AGENT, DESKTOP);
            if let Some(caller) = &example.caller {
                request = request.header(header::COOKIE, &caller.cookie).header("x-csrf-token", &caller.csrf);
            }
            let answer = app.send(request.body(Body::from(body)).expect("request")).await;
            let name = format!("{operation} ({}) with {what}", example.path);
            assert_ne!(answer.status, StatusCode::INTERNAL_SERVER_ERROR, "{name}");
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
        (
            "an annotation outside the picture",
            text(json!({"type": "annotate", "annotation": {"colour": "red", "width": 0.01, "shape": {"kind": "text", "at": [2.0, 0.1], "text": "x"}}}).to_string()),
            "invalid_input",
        ),
        ("an unknown annotation colour", text(json!({"type": "annotate", "annotation": {"colour": "pink", "width": 0.01, "shape": {"kind": "text", "at": [0.1, 0.1], "text": "x"}}}).to_string()), "malformed_message"),
    ];
    for (what, frame, code) in cases {
        let answers = answers_to(&mut socket, frame).await;
        let errors: Vec<&Value> = answers.iter().filter(|a| a["type"] == "error").collect();
        assert_eq!(errors.len(), 1, "{what}: one typed error: {answers:?}");
        assert_eq!(errors[0]["code"], code, "{what}");
    }
    assert_eq!(app.table_counts().await, before, "bad live input changed the database");
}

async fn the_console_feed_answers_bad_input_with_typed_errors(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let mut feed = console_socket(addr, &admin, "/api/me/live", CONSOLE_ORIGIN).await.expect("console feed");
    assert_eq!(next_of(&mut feed, "invitations").await["type"], "invitations");
    let before = app.table_counts().await;
    let text = |t: String| Message::text(t);
    let cases = [
        ("cut short", text("{\"type\": ".into())),
        ("not an object", text("[1, 2]".into())),
        ("not tagged", text(json!({"kind": "ping"}).to_string())),
        ("unknown type", text(json!({"type": "accept", "id": "x"}).to_string())),
        ("wrong-typed type", text(json!({"type": 7}).to_string())),
        ("unknown field", text(json!({"type": "ping", "extra": 1}).to_string())),
        ("binary", Message::binary(vec![0u8, 1, 2])),
    ];
    for (what, frame) in cases {
        let answers = answers_to(&mut feed, frame).await;
        assert_eq!(answers.len(), 1, "{what}: one answer before the pong: {answers:?}");
        assert_eq!((answers[0]["type"].as_str(), answers[0]["code"].as_str()), (Some("error"), Some("malformed_message")), "{what}");
        assert!(answers[0]["message"].as_str().is_some_and(|m| !m.is_empty()), "{what} says why");
    }
    assert_eq!(answers_to(&mut feed, text(json!({"type": "ping"}).to_string())).await, Vec::<Value>::new(), "a ping is answered by its pong alone");
    assert_eq!(next(&mut feed).await["type"], "pong", "the second ping's pong");
    assert_eq!(app.table_counts().await, before, "bad feed input changed the database");

    // A frame beyond the feed's small limit closes it, as the session sockets close on theirs.
    feed.send(text(json!({"type": "ping", "pad": "x".repeat(8 * 1024)}).to_string())).await.expect("send");
    assert!(next(&mut feed).await.is_null(), "an oversize frame closes the feed");
}
