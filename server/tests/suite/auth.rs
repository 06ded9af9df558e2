//! Sign-in, sign-out, cookies, CSRF and sign-in rate limits, on both databases.

use crate::common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{Backend, TestApp, ADMIN_PASSWORD};
use serde_json::json;

on_both_databases!(
    sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_it,
    state_changes_need_the_csrf_token,
    sign_in_from_another_site_is_refused,
    repeated_failed_sign_ins_are_rate_limited,
    technicians_change_themselves_but_only_admins_change_others,
);

async fn sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_it(backend: Backend) {
    let app = TestApp::new(backend).await;
    let answer = app
        .call(None, Method::POST, "/api/auth/login", Some(json!({"email": "ADMIN@acme.example", "password": ADMIN_PASSWORD})))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let cookies: Vec<&str> = answer.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(cookies.iter().any(|cookie| cookie.starts_with("sightline_session=")), "{cookies:?}");
    for cookie in &cookies {
        for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
            assert!(cookie.contains(attribute), "cookie {cookie} lacks {attribute}");
        }
    }
    let admin = app.admin().await;
    let me = app.get(&admin, "/api/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["technician"]["email"], "admin@acme.example");
    assert_eq!(me.body["technician"]["is_admin"], true);
    assert!(me.body["technician"].get("password_hash").is_none());

    let out = app.post(&admin, "/api/auth/logout", json!({})).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let after = app.get(&admin, "/api/me").await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.code(), "unauthenticated");
}

async fn state_changes_need_the_csrf_token(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let before = app.table_counts().await;
    for csrf in ["", "forged-token"] {
        let mut forged = admin.clone();
        forged.csrf = csrf.to_owned();
        let answer = app.post(&forged, "/api/sessions", json!({})).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
        assert_eq!(answer.code(), "csrf_failed");
    }
    assert_eq!(app.table_counts().await, before);
    assert_eq!(app.post(&admin, "/api/sessions", json!({})).await.status, StatusCode::CREATED);
}

async fn sign_in_from_another_site_is_refused(backend: Backend) {
    let app = TestApp::new(backend).await;
    let body = json!({"email": app.admin_email, "password": ADMIN_PASSWORD}).to_string();
    let request = |origin: &str| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/auth/login")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ORIGIN, origin)
            .body(Body::from(body.clone()))
            .expect("request")
    };
    let foreign = app.send(request("https://evil.example")).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert_eq!(foreign.code(), "csrf_failed");
    assert!(foreign.headers.get(header::SET_COOKIE).is_none());
    let own = app.send(request("http://127.0.0.1:8080")).await;
    assert_eq!(own.status, StatusCode::OK);
}

async fn repeated_failed_sign_ins_are_rate_limited(backend: Backend) {
    let app = TestApp::new(backend).await;
    let attempt = |password: &'static str| {
        app.call(None, Method::POST, "/api/auth/login", Some(json!({"email": "admin@acme.example", "password": password})))
    };
    for _ in 0..5 {
        let answer = attempt("wrong password!").await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(answer.code(), "bad_credentials");
    }
    let before = app.table_counts().await;
    let limited = attempt(ADMIN_PASSWORD).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.code(), "rate_limited");
    let retry_after: u64 = limited.headers[header::RETRY_AFTER].to_str().expect("ascii").parse().expect("seconds");
    assert!(retry_after >= 1);
    assert!(limited.headers.get(header::SET_COOKIE).is_none());
    assert_eq!(app.table_counts().await, before, "a rate-limited sign-in must not create a session");
    // Unknown accounts answer exactly like wrong passwords.
    let unknown = app
        .call(None, Method::POST, "/api/auth/login", Some(json!({"email": "nobody@acme.example", "password": "whatever123"})))
        .await;
    assert_eq!(unknown.code(), "bad_credentials");
}

async fn technicians_change_themselves_but_only_admins_change_others(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let tech = app.technician(&admin, "tom@acme.example", "Tom Tech").await;
    let tom_id = tech.me["technician"]["id"].as_str().expect("id").to_owned();
    let admin_id = admin.me["technician"]["id"].as_str().expect("id").to_owned();

    let mine = app
        .call(Some(&tech), Method::PATCH, &format!("/api/technicians/{tom_id}"), Some(json!({"display_name": "Tommy", "extended_availability": true})))
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    assert_eq!(mine.body["display_name"], "Tommy");
    assert_eq!(mine.body["extended_availability"], true);

    let promote = app.call(Some(&tech), Method::PATCH, &format!("/api/technicians/{tom_id}"), Some(json!({"is_admin": true}))).await;
    assert_eq!(promote.status, StatusCode::FORBIDDEN);
    let other = app.call(Some(&tech), Method::PATCH, &format!("/api/technicians/{admin_id}"), Some(json!({"display_name": "x"}))).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let create = app.post(&tech, "/api/technicians", json!({"email": "x@acme.example", "display_name": "X", "password": ADMIN_PASSWORD})).await;
    assert_eq!(create.status, StatusCode::FORBIDDEN);

    let disable = app.call(Some(&admin), Method::PATCH, &format!("/api/technicians/{tom_id}"), Some(json!({"disabled": true}))).await;
    assert_eq!(disable.status, StatusCode::OK);
    assert_eq!(app.get(&tech, "/api/me").await.status, StatusCode::UNAUTHORIZED, "a disabled technician is signed out");
    let again = app
        .call(None, Method::POST, "/api/auth/login", Some(json!({"email": "tom@acme.example", "password": ADMIN_PASSWORD})))
        .await;
    assert_eq!(again.code(), "bad_credentials");
    let self_demote = app.call(Some(&admin), Method::PATCH, &format!("/api/technicians/{admin_id}"), Some(json!({"is_admin": false}))).await;
    assert_eq!(self_demote.status, StatusCode::UNPROCESSABLE_ENTITY);
}
