//! Annotations: drawn over the live connection and over HTTP, they reach the phone and
//! every technician who may annotate, stay with the session for those who come later,
//! are removed only by their author and cleared only by the owner, go into the audit
//! trail, and bad ones are refused with typed codes, nothing stored.

use crate::common;

use axum::http::{Method, StatusCode};
use common::collaboration::{monitored_session, Cast};
use common::live::{joined, next_of, next_where, send, technician_socket, Socket};
use common::{Backend, TestApp};
use serde_json::{json, Value};

on_both_databases!(
    annotations_reach_everyone_who_may_see_them_and_stay_with_the_session,
    only_the_author_removes_and_only_the_owner_clears,
    bad_annotations_are_refused_with_typed_codes_and_nothing_stored,
    a_session_holds_a_bounded_number_of_annotations_and_points,
);

fn arrow(colour: &str) -> Value {
    json!({"colour": colour, "width": 0.01, "shape": {"kind": "arrow", "from": [0.1, 0.2], "to": [0.6, 0.7]}})
}

/// The next annotation message of `kind` on `socket`.
async fn next_annotation(socket: &mut Socket, kind: &str) -> Value {
    let message = next_where(socket, |m| m["type"] == kind).await;
    assert!(!message.is_null(), "no {kind} arrived");
    message
}

async fn annotations_reach_everyone_who_may_see_them_and_stay_with_the_session(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let Cast { admin, olga, sam, session, code, .. } = monitored_session(&app).await;
    let (mut phone, token) = joined(addr, &code).await;
    assert_eq!(next_of(&mut phone, "annotations").await["annotations"], json!([]), "the phone starts with the (empty) list");
    let mut owner = technician_socket(addr, &olga, &session).await;
    let mut secondary = technician_socket(addr, &sam, &session).await;

    // Drawn over the live connection: the other technician and the phone get it with its author.
    send(&mut owner, json!({"type": "annotate", "annotation": arrow("red")})).await;
    let seen = next_annotation(&mut secondary, "annotation_added").await["annotation"].clone();
    assert_eq!((seen["author_name"].as_str(), seen["colour"].as_str(), seen["shape"]["kind"].as_str()), (Some("Olga"), Some("red"), Some("arrow")));
    assert_eq!(seen["shape"]["to"], json!([0.6, 0.7]));
    assert_eq!(next_annotation(&mut phone, "annotation_added").await["annotation"], seen);
    assert_eq!(next_annotation(&mut owner, "annotation_added").await["annotation"], seen, "the author sees its own");

    // Drawn over HTTP: the same path.
    let text = json!({"colour": "blue", "width": 0.005, "shape": {"kind": "text", "at": [0.5, 0.5], "text": "this cable"}});
    let posted = app.post(&sam, &format!("/api/sessions/{session}/annotations"), text).await;
    assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.body);
    assert_eq!(posted.body["author_name"], "Sam");
    assert_eq!(next_annotation(&mut owner, "annotation_added").await["annotation"], posted.body);
    assert_eq!(next_annotation(&mut phone, "annotation_added").await["annotation"], posted.body);

    // Those who come later get the current list: a technician connecting, the phone reconnecting.
    let mut late = technician_socket(addr, &admin, &session).await;
    let list = next_of(&mut late, "annotations").await["annotations"].clone();
    assert_eq!(list, json!([seen, posted.body]));
    drop(phone);
    let mut phone = common::live::customer_socket(addr).await;
    send(&mut phone, json!({"type": "hello", "token": token, "protocol": 1})).await;
    assert_eq!(next_of(&mut phone, "annotations").await["annotations"], list);
    assert_eq!(app.get(&admin, &format!("/api/sessions/{session}/annotations")).await.body, list);

    // The author removes its own; the owner clears the rest. Everyone hears of it.
    let removed = app.call(Some(&sam), Method::DELETE, &format!("/api/sessions/{session}/annotations/{}", posted.body["id"].as_str().expect("id")), None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{:?}", removed.body);
    assert_eq!(next_annotation(&mut owner, "annotation_removed").await["id"], posted.body["id"]);
    assert_eq!(next_annotation(&mut phone, "annotation_removed").await["id"], posted.body["id"]);
    send(&mut owner, json!({"type": "clear_annotations"})).await;
    next_annotation(&mut secondary, "annotations_cleared").await;
    next_annotation(&mut phone, "annotations_cleared").await;
    next_annotation(&mut late, "annotations_cleared").await;
    assert_eq!(app.get(&olga, &format!("/api/sessions/{session}/annotations")).await.body, json!([]));

    let audit = app.get(&olga, &format!("/api/sessions/{session}/audit")).await.body;
    let kinds: Vec<&str> = audit.as_array().expect("trail").iter().filter_map(|e| e["kind"].as_str()).filter(|k| k.starts_with("annotation")).collect();
    assert_eq!(kinds, ["annotation_added", "annotation_added", "annotation_removed", "annotations_cleared"]);
}

async fn only_the_author_removes_and_only_the_owner_clears(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let Cast { olga, sam, session, .. } = monitored_session(&app).await;
    let mut secondary = technician_socket(addr, &sam, &session).await;
    let posted = app.post(&olga, &format!("/api/sessions/{session}/annotations"), arrow("green")).await;
    assert_eq!(posted.status, StatusCode::CREATED);
    let id = posted.body["id"].as_str().expect("id").to_owned();
    next_annotation(&mut secondary, "annotation_added").await;
    let before = app.table_counts().await;

    let one = format!("/api/sessions/{session}/annotations/{id}");
    let all = format!("/api/sessions/{session}/annotations");
    let answer = app.call(Some(&sam), Method::DELETE, &one, None).await;
    assert_eq!((answer.status, answer.code()), (StatusCode::FORBIDDEN, "not_author"));
    let answer = app.call(Some(&sam), Method::DELETE, &all, None).await;
    assert_eq!((answer.status, answer.code()), (StatusCode::FORBIDDEN, "not_owner"));
    send(&mut secondary, json!({"type": "remove_annotation", "id": id})).await;
    assert_eq!(next_of(&mut secondary, "error").await["code"], "not_author");
    send(&mut secondary, json!({"type": "clear_annotations"})).await;
    assert_eq!(next_of(&mut secondary, "error").await["code"], "not_owner");
    let answer = app.call(Some(&olga), Method::DELETE, &format!("{all}/no-such-annotation"), None).await;
    assert_eq!((answer.status, answer.code()), (StatusCode::NOT_FOUND, "not_found"));
    assert_eq!(app.table_counts().await, before, "refused removals changed the database");
    assert_eq!(app.get(&olga, &all).await.body.as_array().map(Vec::len), Some(1));
}

async fn bad_annotations_are_refused_with_typed_codes_and_nothing_stored(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let Cast { olga, session, .. } = monitored_session(&app).await;
    let mut owner = technician_socket(addr, &olga, &session).await;
    let with_shape = |shape: Value| json!({"colour": "red", "width": 0.01, "shape": shape});
    let stroke = |n: usize| with_shape(json!({"kind": "freehand", "points": vec![[0.5, 0.5]; n]}));
    // (what, body, the HTTP code, the live code)
    let cases = [
        ("a point outside the picture", with_shape(json!({"kind": "arrow", "from": [0.1, 0.2], "to": [1.5, 0.5]})), "invalid_input", "invalid_input"),
        ("a negative point", with_shape(json!({"kind": "rectangle", "from": [-0.1, 0.2], "to": [0.5, 0.5]})), "invalid_input", "invalid_input"),
        ("an infinite point", with_shape(json!({"kind": "circle", "from": [1e39, 0.2], "to": [0.5, 0.5]})), "invalid_input", "malformed_message"),
        ("a point of one coordinate", with_shape(json!({"kind": "circle", "from": [0.2], "to": [0.5, 0.5]})), "invalid_input", "malformed_message"),
        ("too wide a stroke", json!({"colour": "red", "width": 0.5, "shape": {"kind": "text", "at": [0.1, 0.1], "text": "x"}}), "invalid_input", "invalid_input"),
        ("no stroke width", json!({"colour": "red", "width": 0.0, "shape": {"kind": "text", "at": [0.1, 0.1], "text": "x"}}), "invalid_input", "invalid_input"),
        ("too long a text", with_shape(json!({"kind": "text", "at": [0.1, 0.1], "text": "x".repeat(201)})), "invalid_input", "invalid_input"),
        ("an empty text", with_shape(json!({"kind": "text", "at": [0.1, 0.1], "text": "  "})), "invalid_input", "invalid_input"),
        ("a text of two lines", with_shape(json!({"kind": "text", "at": [0.1, 0.1], "text": "a\nb"})), "invalid_input", "invalid_input"),
        ("a stroke of one point", stroke(1), "invalid_input", "invalid_input"),
        ("a stroke of too many points", stroke(2001), "invalid_input", "invalid_input"),
        ("an unknown shape", with_shape(json!({"kind": "star", "at": [0.1, 0.1]})), "invalid_input", "malformed_message"),
        ("an unknown colour", json!({"colour": "pink", "width": 0.01, "shape": {"kind": "text", "at": [0.1, 0.1], "text": "x"}}), "invalid_input", "malformed_message"),
    ];
    let before = app.table_counts().await;
    for (what, body, http_code, live_code) in cases {
        let answer = app.post(&olga, &format!("/api/sessions/{session}/annotations"), body.clone()).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::UNPROCESSABLE_ENTITY, http_code), "{what} over HTTP: {:?}", answer.body);
        send(&mut owner, json!({"type": "annotate", "annotation": body})).await;
        let error = next_of(&mut owner, "error").await;
        assert_eq!(error["code"], live_code, "{what} over the live connection: {error}");
    }
    assert_eq!(app.table_counts().await, before, "refused annotations changed the database");
    // The session is unharmed: a good one still goes through.
    send(&mut owner, json!({"type": "annotate", "annotation": stroke(2000)})).await;
    assert_eq!(next_of(&mut owner, "annotation_added").await["annotation"]["shape"]["points"].as_array().map(Vec::len), Some(2000));
}

async fn a_session_holds_a_bounded_number_of_annotations_and_points(backend: Backend) {
    let app = TestApp::new(backend).await;
    let Cast { olga, session, .. } = monitored_session(&app).await;
    let path = format!("/api/sessions/{session}/annotations");
    let stroke = json!({"colour": "red", "width": 0.01, "shape": {"kind": "freehand", "points": vec![[0.5, 0.5]; 2000]}});
    for _ in 0..10 {
        assert_eq!(app.post(&olga, &path, stroke.clone()).await.status, StatusCode::CREATED);
    }
    let before = app.table_counts().await;
    let over = app.post(&olga, &path, arrow("red")).await;
    assert_eq!((over.status, over.code()), (StatusCode::CONFLICT, "limit_reached"), "20000 points in all: {:?}", over.body);
    assert_eq!(app.table_counts().await, before);

    assert_eq!(app.call(Some(&olga), Method::DELETE, &path, None).await.status, StatusCode::NO_CONTENT);
    for _ in 0..200 {
        assert_eq!(app.post(&olga, &path, arrow("yellow")).await.status, StatusCode::CREATED);
    }
    let before = app.table_counts().await;
    let over = app.post(&olga, &path, arrow("red")).await;
    assert_eq!((over.status, over.code()), (StatusCode::CONFLICT, "limit_reached"), "200 annotations: {:?}", over.body);
    assert_eq!(app.table_counts().await, before);
}
