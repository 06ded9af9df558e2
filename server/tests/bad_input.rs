//! Bad input gets its documented error, never a panic or a 500, and changes nothing.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{Backend, TestApp};
use serde_json::json;

on_both_databases!(bad_bodies_get_typed_errors_and_change_nothing, unknown_ids_and_routes_are_not_found);

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
