//! Security properties found by probing the running server: rate limits under
//! concurrency, limits that never lock the real user out, what a leaver sees,
//! sign-ins whose end ends their live connections, password changes, guest links,
//! bounds and headers, on both databases.

use crate::common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use common::collaboration::{bring_in, start_session, technician_id};
use common::guests::{invite_guest, open_link, try_join};
use common::live::{console_socket, next, next_of, send, technician_socket, CONSOLE_ORIGIN};
use common::{Answer, Backend, TestApp, ADMIN_PASSWORD};
use futures_util::future::join_all;
use serde_json::{json, Value};
use sightline_server::rate_limit::Limit;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_databases!(
    a_burst_of_wrong_passwords_checks_no_more_than_the_limits,
    a_burst_of_join_code_and_guest_link_guesses_checks_no_more_than_the_limit,
    the_owner_signs_in_from_another_address_after_an_attackers_failures,
    a_browser_that_signed_in_before_is_not_delayed_by_its_addresss_failures,
    delays_grow_after_the_free_attempts_and_a_quiet_address_starts_over,
    a_participant_who_left_sees_no_more_of_the_audit_trail,
    signing_out_and_disabling_end_live_connections,
    changing_a_password_needs_the_current_one_and_ends_other_sign_ins,
    guest_links_follow_their_inviter_and_stay_secret,
    the_personal_socket_and_chat_are_bounded,
    headers_protect_tokens_and_expired_codes,
    an_early_answer_keeps_the_connection_usable,
);

/// A JSON POST from `client_ip` (as a router without connection info would not know it).
fn from_address(path: &str, client_ip: [u8; 4], body: &Value) -> Request<Body> {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    request.extensions_mut().insert(ConnectInfo(SocketAddr::from((client_ip, 40000))));
    request
}

async fn sign_in_from(app: &TestApp, client_ip: [u8; 4], email: &str, password: &str) -> Answer {
    app.send(from_address("/api/auth/login", client_ip, &json!({"email": email, "password": password}))).await
}

/// A sign-in from a browser holding the device cookie `device` (a `name=value` pair).
async fn sign_in_with_device(app: &TestApp, client_ip: [u8; 4], device: &str, email: &str, password: &str) -> Answer {
    let mut request = from_address("/api/auth/login", client_ip, &json!({"email": email, "password": password}));
    request.headers_mut().insert(header::COOKIE, device.parse().expect("cookie header"));
    app.send(request).await
}

/// The device cookie (`name=value`) a successful sign-in handed out.
fn device_cookie(answer: &Answer) -> String {
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let cookie = answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("sightline_device="))
        .expect("a device cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/api/auth/login"), "{cookie}");
    cookie.split(';').next().expect("name=value").to_owned()
}

/// How many of `answers` were checked (answered other than 429).
fn checked(answers: &[Answer]) -> usize {
    answers.iter().filter(|a| a.status != StatusCode::TOO_MANY_REQUESTS).count()
}

fn retry_after(answer: &Answer) -> u64 {
    answer.headers[header::RETRY_AFTER].to_str().expect("ascii").parse().expect("seconds")
}

async fn a_burst_of_wrong_passwords_checks_no_more_than_the_limits(backend: Backend) {
    let app = TestApp::new(backend).await;
    let attacker = [10, 0, 0, 1];
    // One account: 5 attempts per (account, address), the correct password among the last.
    let mut burst: Vec<_> = (0..59).map(|_| sign_in_from(&app, attacker, &app.admin_email, "wrong password!")).collect();
    burst.push(sign_in_from(&app, attacker, &app.admin_email, ADMIN_PASSWORD));
    let answers = join_all(burst).await;
    assert_eq!(checked(&answers), 5, "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
    // Many accounts from one address: 20 attempts for the address.
    let emails: Vec<String> = (0..60).map(|i| format!("nobody{i}@acme.example")).collect();
    let burst: Vec<_> = emails.iter().map(|email| sign_in_from(&app, [10, 0, 0, 2], email, "wrong password!")).collect();
    let answers = join_all(burst).await;
    assert_eq!(checked(&answers), 20);
    assert!(answers.iter().all(|a| matches!(a.code(), "bad_credentials" | "rate_limited")));
}

async fn a_burst_of_join_code_and_guest_link_guesses_checks_no_more_than_the_limit(backend: Backend) {
    let app = TestApp::new(backend).await;
    let guesses: Vec<_> = (0..60)
        .map(|i| app.send(from_address("/api/join", [10, 0, 1, 1], &json!({"code": format!("{:09}", 100_000_000 + i)}))))
        .collect();
    let answers = join_all(guesses).await;
    assert_eq!(checked(&answers), 20);
    let guesses: Vec<_> = (0..60)
        .map(|i| {
            let mut request = Request::builder()
                .uri(format!("/api/guest/invitations/guessed-token-{i}"))
                .header(header::USER_AGENT, common::guests::DESKTOP)
                .body(Body::empty())
                .expect("request");
            request.extensions_mut().insert(ConnectInfo(SocketAddr::from(([10, 0, 1, 2], 40000))));
            app.send(request)
        })
        .collect();
    let answers = join_all(guesses).await;
    assert_eq!(checked(&answers), 20);
}

async fn the_owner_signs_in_from_another_address_after_an_attackers_failures(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    app.technician(&admin, "tom@acme.example", "Tom Tech").await;
    let office = [192, 0, 2, 10];
    for _ in 0..5 {
        assert_eq!(sign_in_from(&app, office, &app.admin_email, "wrong password!").await.code(), "bad_credentials");
    }
    assert_eq!(sign_in_from(&app, office, &app.admin_email, ADMIN_PASSWORD).await.code(), "rate_limited");
    // The owner elsewhere, and a colleague behind the same address, are not locked out.
    assert_eq!(sign_in_from(&app, [198, 51, 100, 7], &app.admin_email, ADMIN_PASSWORD).await.status, StatusCode::OK);
    assert_eq!(sign_in_from(&app, office, "tom@acme.example", ADMIN_PASSWORD).await.status, StatusCode::OK);
}

async fn a_browser_that_signed_in_before_is_not_delayed_by_its_addresss_failures(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    app.technician(&admin, "tom@acme.example", "Tom Tech").await;
    let office = [192, 0, 2, 20];
    let owners_browser = device_cookie(&sign_in_from(&app, office, &app.admin_email, ADMIN_PASSWORD).await);
    // Twenty failures from the office's one address, on accounts of all kinds.
    for i in 0..20 {
        let answer = sign_in_from(&app, office, &format!("typo{i}@acme.example"), "wrong password!").await;
        assert_eq!(answer.code(), "bad_credentials");
    }
    // A browser that never signed in waits, whichever account it tries ...
    assert_eq!(sign_in_from(&app, office, &app.admin_email, ADMIN_PASSWORD).await.code(), "rate_limited");
    // ... and a trusted browser helps only its own account.
    let as_tom = sign_in_with_device(&app, office, &owners_browser, "tom@acme.example", ADMIN_PASSWORD).await;
    assert_eq!(as_tom.code(), "rate_limited");
    // The owner's browser gets in at once, and its cookie is renewed (the old one is spent).
    let renewed = device_cookie(&sign_in_with_device(&app, office, &owners_browser, &app.admin_email, ADMIN_PASSWORD).await);
    assert_ne!(renewed, owners_browser);
    let replayed = sign_in_with_device(&app, office, &owners_browser, &app.admin_email, ADMIN_PASSWORD).await;
    assert_eq!(replayed.code(), "rate_limited");
    // A stolen device cookie is throttled on its own: 5 attempts, then delays.
    for _ in 0..5 {
        let answer = sign_in_with_device(&app, [203, 0, 113, 9], &renewed, &app.admin_email, "wrong password!").await;
        assert_eq!(answer.code(), "bad_credentials");
    }
    let answer = sign_in_with_device(&app, [203, 0, 113, 9], &renewed, &app.admin_email, ADMIN_PASSWORD).await;
    assert_eq!(answer.code(), "rate_limited");
}

/// Moves every stored attempt of the rate limits `ms` into the past.
async fn age_attempts(app: &TestApp, ms: i64) {
    sqlx::query("UPDATE rate_limits SET last_at = last_at - $1, next_at = next_at - $1")
        .bind(ms)
        .execute(&app.db.pool)
        .await
        .expect("age attempts");
}

async fn delays_grow_after_the_free_attempts_and_a_quiet_address_starts_over(backend: Backend) {
    let app = TestApp::new(backend).await;
    let attacker = [10, 0, 2, 1];
    let attempt = || sign_in_from(&app, attacker, &app.admin_email, "wrong password!");
    for _ in 0..5 {
        assert_eq!(attempt().await.code(), "bad_credentials");
    }
    let first = attempt().await;
    assert_eq!(first.code(), "rate_limited");
    assert!((59..=60).contains(&retry_after(&first)), "{}", retry_after(&first));
    // Once the first delay has passed, one more attempt is checked; the next delay is twice as long.
    age_attempts(&app, 60_000).await;
    assert_eq!(attempt().await.code(), "bad_credentials");
    let second = attempt().await;
    assert_eq!(second.code(), "rate_limited");
    assert!((119..=120).contains(&retry_after(&second)), "{}", retry_after(&second));
    // After a quiet quarter of an hour the address starts over, and the owner gets in.
    age_attempts(&app, 15 * 60_000).await;
    assert_eq!(sign_in_from(&app, attacker, &app.admin_email, ADMIN_PASSWORD).await.status, StatusCode::OK);
}

async fn a_participant_who_left_sees_no_more_of_the_audit_trail(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let (session, _) = start_session(&app, &olga).await;
    bring_in(&app, &admin, &olga, &session, &sam).await;
    invite_guest(&app, &olga, &session, "gus@partner.example", &[]).await;
    let path = format!("/api/sessions/{session}/audit");
    let kinds = |answer: &Answer| answer.body.as_array().expect("trail").iter().map(|e| e["kind"].as_str().unwrap_or("").to_owned()).collect::<Vec<_>>();
    let inside = app.get(&sam, &path).await;
    assert_eq!(inside.status, StatusCode::OK);
    assert!(!kinds(&inside).contains(&"guest_invited".to_owned()), "a secondary never sees invitations");
    assert_eq!(app.post(&sam, &format!("/api/sessions/{session}/leave"), json!({})).await.status, StatusCode::NO_CONTENT);
    let outside = app.get(&sam, &path).await;
    assert_eq!((outside.status, outside.code()), (StatusCode::FORBIDDEN, "not_in_session"));
    assert!(outside.bytes.windows(b"gus@partner".len()).all(|w| w != b"gus@partner"));
    // An org admin outside the session sees the whole trail.
    assert!(kinds(&app.get(&admin, &path).await).contains(&"guest_invited".to_owned()));
}

async fn signing_out_and_disabling_end_live_connections(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let (session, _) = start_session(&app, &olga).await;
    let mut live = technician_socket(addr, &olga, &session).await;
    let mut feed = console_socket(addr, &olga, "/api/me/live", CONSOLE_ORIGIN).await.expect("feed opens");
    assert_eq!(next(&mut feed).await["type"], "invitations");
    assert_eq!(app.post(&olga, "/api/auth/logout", json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(next_of(&mut live, "ended").await["reason"], "signed_out");
    assert!(next(&mut live).await.is_null(), "the session socket closes");
    assert_eq!(next(&mut feed).await, json!({"type": "ended", "reason": "signed_out"}));
    assert!(next(&mut feed).await.is_null(), "the console feed closes");

    let olga = app.login("olga@acme.example", ADMIN_PASSWORD).await;
    let mut live = technician_socket(addr, &olga, &session).await;
    let disable = app
        .call(Some(&admin), Method::PATCH, &format!("/api/technicians/{}", technician_id(&olga)), Some(json!({"disabled": true})))
        .await;
    assert_eq!(disable.status, StatusCode::OK);
    assert_eq!(next_of(&mut live, "ended").await["reason"], "account_disabled");
    assert!(next(&mut live).await.is_null());
}

async fn changing_a_password_needs_the_current_one_and_ends_other_sign_ins(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let tom = app.technician(&admin, "tom@acme.example", "Tom Tech").await;
    let tom_elsewhere = app.login("tom@acme.example", ADMIN_PASSWORD).await;
    let path = format!("/api/technicians/{}", technician_id(&tom));
    let change = |current: Option<&str>| {
        let mut body = json!({"password": "a brand new secret"});
        if let Some(current) = current {
            body["current_password"] = json!(current);
        }
        app.call(Some(&tom), Method::PATCH, &path, Some(body))
    };
    for current in [None, Some("not my password")] {
        let refused = change(current).await;
        assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "current_password_wrong"));
    }
    assert_eq!(app.get(&tom_elsewhere, "/api/me").await.status, StatusCode::OK, "a refused change ends nothing");
    assert_eq!(change(Some(ADMIN_PASSWORD)).await.status, StatusCode::OK);
    assert_eq!(app.get(&tom, "/api/me").await.status, StatusCode::OK, "the sign-in it was made from stays");
    assert_eq!(app.get(&tom_elsewhere, "/api/me").await.status, StatusCode::UNAUTHORIZED, "other sign-ins end");
    // An admin's reset needs no current password and ends every sign-in of the technician.
    let reset = app.call(Some(&admin), Method::PATCH, &path, Some(json!({"password": "reset by the admin"}))).await;
    assert_eq!(reset.status, StatusCode::OK);
    assert_eq!(app.get(&tom, "/api/me").await.status, StatusCode::UNAUTHORIZED);
    app.login("tom@acme.example", "reset by the admin").await;
}

async fn guest_links_follow_their_inviter_and_stay_secret(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let (session, _) = start_session(&app, &olga).await;
    let sam_seat = bring_in(&app, &admin, &olga, &session, &sam).await;
    let unused = invite_guest(&app, &olga, &session, "gus@partner.example", &[]).await;
    // A guest cannot take the name of a technician of the organisation.
    let posing = try_join(&app, &unused.token, "sam").await;
    assert_eq!((posing.status, posing.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"));
    let transfer = app.post(&olga, &format!("/api/sessions/{session}/transfer"), json!({"participant_id": sam_seat})).await;
    assert_eq!(transfer.status, StatusCode::NO_CONTENT);
    let opened = open_link(&app, &unused.token, None).await;
    assert_eq!((opened.status, opened.code()), (StatusCode::GONE, "guest_link_revoked"));

    // The outbox shows a link while it is the only way to the guest, not after the mail left.
    let outbox = || async { app.get(&admin, "/api/admin/outbox").await.body["mails"][0]["text_body"].as_str().expect("body").to_owned() };
    let fresh = invite_guest(&app, &sam, &session, "gia@partner.example", &[]).await;
    assert!(outbox().await.contains(&fresh.token));
    sqlx::query("UPDATE mail_outbox SET sent_at = 1").execute(&app.db.pool).await.expect("mark sent");
    let shown = outbox().await;
    assert!(!shown.contains(&fresh.token), "{shown}");
    assert!(shown.contains("/guest/(hidden)"), "{shown}");
}

async fn the_personal_socket_and_chat_are_bounded(backend: Backend) {
    // A first delay far longer than the test, so the flood's timing cannot matter.
    let app = TestApp::with_settings(backend, |settings| {
        let hour = std::time::Duration::from_secs(3600);
        settings.chat_limit = Limit { first_delay: hour, quiet: hour, ..settings.chat_limit };
    })
    .await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let mut feed = console_socket(addr, &admin, "/api/me/live", CONSOLE_ORIGIN).await.expect("feed opens");
    assert_eq!(next(&mut feed).await["type"], "invitations");
    send(&mut feed, json!({"type": "ping", "padding": "x".repeat(1024 * 1024)})).await;
    assert!(next(&mut feed).await.is_null(), "an oversized message closes the feed");

    let (session, _) = start_session(&app, &admin).await;
    let path = format!("/api/sessions/{session}/chat");
    let mut answers = Vec::new();
    for i in 0..60 {
        answers.push(app.post(&admin, &path, json!({"client_id": format!("m{i}"), "text": "flood ".repeat(600)})).await);
    }
    assert_eq!(answers.iter().filter(|a| a.status == StatusCode::CREATED).count(), 20);
    assert!(answers.iter().skip(20).all(|a| a.code() == "rate_limited"));
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM chat_messages").fetch_one(&app.db.pool).await.expect("count");
    assert_eq!(stored, 20);

    // Text limits count characters: 20,000 emoji are 20,000 characters of notes.
    let notes = app.call(Some(&admin), Method::PUT, &format!("/api/sessions/{session}/notes"), Some(json!({"text": "😀".repeat(20_000)}))).await;
    assert_eq!(notes.status, StatusCode::OK, "{:?}", notes.code());
}

async fn headers_protect_tokens_and_expired_codes(backend: Backend) {
    let app = TestApp::with_settings(backend, |settings| {
        settings.public_url = "https://help.acme.example".parse().expect("url");
        settings.metrics_token = Some("scrape-secret".into());
    })
    .await;
    let admin = app.admin().await;
    let me = app.get(&admin, "/api/me").await;
    assert_eq!(me.headers[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
    assert_eq!(me.headers[header::CACHE_CONTROL], "no-store");

    let (session, _) = start_session(&app, &admin).await;
    let qr = format!("/api/sessions/{session}/qr.png");
    assert_eq!(app.get(&admin, &qr).await.status, StatusCode::OK);
    sqlx::query("UPDATE sessions SET code_expires_at = 0").execute(&app.db.pool).await.expect("expire");
    let expired = app.get(&admin, &qr).await;
    assert_eq!((expired.status, expired.code()), (StatusCode::GONE, "join_code_expired"));

    assert_eq!(app.call_with(Method::GET, "/metrics", &[], None).await.status, StatusCode::UNAUTHORIZED);
    let wrong = app.call_with(Method::GET, "/metrics", &[("authorization", "Bearer guess")], None).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let scraped = app.call_with(Method::GET, "/metrics", &[("authorization", "Bearer scrape-secret")], None).await;
    assert_eq!(scraped.status, StatusCode::OK);
}

/// Writes one HTTP/1.1 request on `stream` and reads its answer; returns its head.
async fn exchange(stream: &mut tokio::net::TcpStream, request: &[u8]) -> String {
    stream.write_all(request).await.expect("the connection stays open for the next request");
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf)).await.expect("an answer in time");
        match read {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
        let text = String::from_utf8_lossy(&answer);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                .unwrap_or(0);
            if body.len() >= length {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&answer).into_owned();
    text.split_once("\r\n\r\n").map_or(text.clone(), |(head, _)| head.to_owned())
}

async fn an_early_answer_keeps_the_connection_usable(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let health = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    // Each is answered from its head alone (no sign-in, no such route): the body, far
    // larger than what hyper drains on its own yet within the limit, is read anyway and
    // the connection stays usable for the next request.
    let early = [("/api/teams", "HTTP/1.1 401 Unauthorized"), ("/api/no-such-endpoint", "HTTP/1.1 404 Not Found")];
    for ((path, status), padding) in early.into_iter().flat_map(|e| [(e, 60_000), (e, 200_000)]) {
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connects");
        let body = format!("{{\"name\":\"{}\"}}", "x".repeat(padding));
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        // The body follows its head in pieces, as from a client streaming it.
        stream.write_all(head.as_bytes()).await.expect("write head");
        let (last, pieces) = body.as_bytes().split_at(body.len() - 1);
        for piece in pieces.chunks(4096) {
            stream.write_all(piece).await.expect("write a piece of the body");
        }
        let answer = exchange(&mut stream, last).await;
        assert!(answer.starts_with(status), "{path} with {padding}: {answer}");
        assert_eq!(exchange(&mut stream, health.as_bytes()).await.lines().next(), Some("HTTP/1.1 200 OK"), "{path} with {padding}");
    }
}
