//! Starting sessions, the customer's join by code, expiry, ending and the audit trail.

use crate::common;

use std::time::Duration;

use axum::http::{header, Method, StatusCode};
use common::{Backend, TestApp};
use serde_json::{json, Value};

on_both_databases!(
    a_started_session_offers_code_link_and_qr,
    the_customer_joins_once_with_the_code_or_the_link,
    expired_codes_are_refused,
    guessing_codes_is_rate_limited,
    only_the_primary_or_an_admin_ends_a_session,
    technicians_see_only_their_sessions_and_admins_all,
);

fn id(value: &Value) -> String {
    value["id"].as_str().expect("id").to_owned()
}

async fn join(app: &TestApp, code: &str) -> common::Answer {
    app.call(None, Method::POST, "/api/join", Some(json!({"code": code}))).await
}

async fn a_started_session_offers_code_link_and_qr(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let started = app.post(&admin, "/api/sessions", json!({})).await;
    assert_eq!(started.status, StatusCode::CREATED);
    let session = started.body;
    assert_eq!(session["status"], "waiting");
    let code = session["join"]["code"].as_str().expect("code");
    assert_eq!(code.len(), 9);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(session["join"]["link"], format!("http://127.0.0.1:8080/join/{code}"));
    assert_eq!(session["participants"][0]["role"], "primary");

    let qr = app.get(&admin, session["join"]["qr_url"].as_str().expect("qr url")).await;
    assert_eq!(qr.status, StatusCode::OK);
    assert_eq!(qr.headers[header::CONTENT_TYPE], "image/png");
    let picture = image::load_from_memory(&qr.bytes).expect("a PNG");
    assert!(picture.width() >= 300 && picture.width() == picture.height());

    let other = app.post(&admin, "/api/sessions", json!({})).await;
    assert_ne!(other.body["join"]["code"], session["join"]["code"]);
    let audit = app.get(&admin, &format!("/api/sessions/{}/audit", id(&session))).await;
    assert_eq!(audit.body[0]["kind"], "session_started");
}

async fn the_customer_joins_once_with_the_code_or_the_link(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    for use_link in [false, true] {
        let session = app.post(&admin, "/api/sessions", json!({})).await.body;
        let typed = if use_link {
            session["join"]["link"].as_str().expect("link").to_owned()
        } else {
            let code = session["join"]["code"].as_str().expect("code");
            format!("{}-{} {}", &code[..3], &code[3..6], &code[6..])
        };
        let joined = join(&app, &typed).await;
        assert_eq!(joined.status, StatusCode::CREATED, "{:?}", joined.body);
        assert_eq!(joined.body["session_id"], session["id"]);
        assert_eq!(joined.body["token"].as_str().map(str::len), Some(43));

        let now = app.get(&admin, &format!("/api/sessions/{}", id(&session))).await.body;
        assert_eq!(now["status"], "connected");
        assert_eq!(now["join"], Value::Null, "the code is gone once used");
        assert!(now["participants"].as_array().expect("list").iter().any(|p| p["role"] == "customer"));

        let before = app.table_counts().await;
        let second = join(&app, session["join"]["code"].as_str().expect("code")).await;
        assert_eq!(second.status, StatusCode::NOT_FOUND);
        assert_eq!(second.code(), "invalid_join_code");
        assert_eq!(app.table_counts().await, before);
        let qr = app.get(&admin, session["join"]["qr_url"].as_str().expect("qr")).await;
        assert_eq!(qr.status, StatusCode::CONFLICT);
    }
}

async fn expired_codes_are_refused(backend: Backend) {
    let app = TestApp::with_settings(backend, |s| s.join_code_ttl = Duration::ZERO).await;
    let admin = app.admin().await;
    let session = app.post(&admin, "/api/sessions", json!({})).await.body;
    assert_eq!(session["join"]["expired"], true);
    let before = app.table_counts().await;
    let joined = join(&app, session["join"]["code"].as_str().expect("code")).await;
    assert_eq!(joined.status, StatusCode::GONE);
    assert_eq!(joined.code(), "join_code_expired");
    assert_eq!(app.table_counts().await, before);
}

async fn guessing_codes_is_rate_limited(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let session = app.post(&admin, "/api/sessions", json!({})).await.body;
    let real = session["join"]["code"].as_str().expect("code").to_owned();
    let mut guesses = 0;
    for n in 0u32.. {
        let guess = format!("{:09}", (n * 7919) % 1_000_000_000);
        if guess == real {
            continue;
        }
        let answer = join(&app, &guess).await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(answer.code(), "rate_limited");
            break;
        }
        assert_eq!(answer.code(), "invalid_join_code");
        guesses += 1;
        assert!(guesses <= 20, "guessing was never limited");
    }
    assert_eq!(guesses, 20);
    // Even the right code is refused from this client until the window passes.
    assert_eq!(join(&app, &real).await.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.get(&admin, &format!("/api/sessions/{}", id(&session))).await.body["status"], "waiting");
}

async fn only_the_primary_or_an_admin_ends_a_session(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let tom = app.technician(&admin, "tom@acme.example", "Tom").await;
    let sue = app.technician(&admin, "sue@acme.example", "Sue").await;
    let session = app.post(&tom, "/api/sessions", json!({})).await.body;
    let path = format!("/api/sessions/{}/end", id(&session));

    let outsider = app.post(&sue, &path, json!({})).await;
    assert_eq!(outsider.status, StatusCode::NOT_FOUND, "a technician outside the session does not see it");
    let ended = app.post(&tom, &path, json!({})).await;
    assert_eq!(ended.status, StatusCode::OK);
    assert_eq!(ended.body["status"], "ended");
    assert_eq!(ended.body["end_reason"], "technician_ended");
    assert!(ended.body["participants"].as_array().expect("list").iter().all(|p| p["left_at"].is_i64()));
    let again = app.post(&tom, &path, json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "session_ended");

    let second = app.post(&tom, "/api/sessions", json!({})).await.body;
    let by_admin = app.post(&admin, &format!("/api/sessions/{}/end", id(&second)), json!({})).await;
    assert_eq!(by_admin.status, StatusCode::OK);
    let kinds: Vec<Value> = app.get(&admin, &format!("/api/sessions/{}/audit", id(&second))).await.body.as_array().expect("list").iter().map(|e| e["kind"].clone()).collect();
    assert_eq!(kinds, vec![json!("session_started"), json!("session_ended")]);
}

async fn technicians_see_only_their_sessions_and_admins_all(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let tom = app.technician(&admin, "tom@acme.example", "Tom").await;
    let sue = app.technician(&admin, "sue@acme.example", "Sue").await;
    let toms = app.post(&tom, "/api/sessions", json!({})).await.body;
    let sues = app.post(&sue, "/api/sessions", json!({})).await.body;
    let listed: Vec<String> = app.get(&tom, "/api/sessions").await.body.as_array().expect("list").iter().map(id).collect();
    assert_eq!(listed, vec![id(&toms)]);
    assert_eq!(app.get(&tom, &format!("/api/sessions/{}", id(&sues))).await.status, StatusCode::NOT_FOUND);
    let all: Vec<String> = app.get(&admin, "/api/sessions").await.body.as_array().expect("list").iter().map(id).collect();
    assert_eq!(all.len(), 2);
    app.post(&tom, &format!("/api/sessions/{}/end", id(&toms)), json!({})).await;
    assert_eq!(app.get(&tom, "/api/sessions").await.body, json!([]));
    assert_eq!(app.get(&tom, "/api/sessions?state=all").await.body.as_array().map(Vec::len), Some(1));
    assert_eq!(app.get(&tom, "/api/sessions?state=bogus").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}
