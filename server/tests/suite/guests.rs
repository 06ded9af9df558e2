//! Guest technicians: the primary invites by email with a single-use link; the guest
//! joins from a desktop browser, once; every other use of the link gets its clear
//! refusal and changes nothing; guests never own, invite or see what they may not.

use crate::common;

use axum::http::{Method, StatusCode};
use common::capture::Capture;
use common::collaboration::{bring_in, start_session};
use common::guests::{guest_call, invite_guest, join_as_guest, open_link, participant_of, shown_status, try_join, GuestLink, DESKTOP, PHONE};
use common::live::{joined, next_of, next_where, send, technician_socket, Socket, CONSOLE_ORIGIN};
use common::{Backend, Client, TestApp};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

on_both_databases!(
    a_guest_joins_once_and_the_owner_sees_each_step,
    every_misuse_of_a_link_gets_its_refusal_and_changes_nothing,
    phones_and_tablets_are_refused_at_every_step,
    only_the_primary_invites_guests_and_policies_narrow_their_rights,
    a_guest_never_owns_and_goes_with_the_last_technician,
    a_guest_receives_nothing_its_role_withholds,
    revoking_a_joined_guests_invitation_removes_the_guest,
    two_browsers_joining_with_one_link_at_once_let_in_one,
    guessing_links_is_rate_limited,
    a_guest_whose_browser_closes_is_out_after_the_grace,
);

async fn owner_and_session(app: &TestApp) -> (Client, Client, String, String) {
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let (session, code) = start_session(app, &olga).await;
    (admin, olga, session, code)
}

/// Every outgoing mail's recipient and body.
async fn outbox(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as("SELECT to_address, text_body FROM mail_outbox ORDER BY created_at").fetch_all(&app.db.pool).await.expect("outbox")
}

async fn a_guest_joins_once_and_the_owner_sees_each_step(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let (_, olga, session, _) = owner_and_session(&app).await;
    let link = invite_guest(&app, &olga, &session, "Gus@Partner.example", &[]).await;
    assert!(link.token.len() >= 22, "at least 128 bits in the token");
    assert_eq!(link.delivery, "local", "without SMTP the mail waits in the outbox");
    // Mailed with the link; stored only as a hash.
    let mails = outbox(&app).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "gus@partner.example");
    assert!(mails[0].1.contains(&format!("/guest/{}", link.token)), "{}", mails[0].1);
    let (stored,): (String,) = sqlx::query_as("SELECT token_hash FROM guest_invitations").fetch_one(&app.db.pool).await.expect("row");
    assert!(!stored.contains(&link.token));
    assert_eq!(shown_status(&app, &olga, &session, &link.id).await, "sent");

    let opened = open_link(&app, &link.token, None).await;
    assert_eq!(opened.status, StatusCode::OK, "{:?}", opened.body);
    assert_eq!((opened.body["inviter_name"].as_str(), opened.body["comment"].as_str()), (Some("Olga"), Some("the wiring, please")));
    assert!(opened.body["session_id"].is_null());
    assert_eq!(shown_status(&app, &olga, &session, &link.id).await, "opened");

    let guest = join_as_guest(&app, &link.token, "Gus (Partner Co)").await;
    assert_eq!(shown_status(&app, &olga, &session, &link.id).await, "joined");
    let mut socket = technician_socket(addr, &guest, &session).await;
    let welcome = next_of(&mut socket, "welcome").await;
    assert_eq!(welcome["role"], "guest");
    let seat = next_of(&mut socket, "seat").await;
    assert_eq!(seat["seat"]["role"], "guest");
    assert!(seat["seat"]["invitations"].is_null());
    let me = app.get(&guest, "/api/guest/me").await;
    assert_eq!((me.status, me.body["display_name"].as_str()), (StatusCode::OK, Some("Gus (Partner Co)")));

    // The same browser may come back (a reload after a blip); any other is refused.
    let back = open_link(&app, &link.token, Some(&guest.cookie)).await;
    assert_eq!(back.body["session_id"].as_str(), Some(session.as_str()), "{:?}", back.body);
    let elsewhere = open_link(&app, &link.token, None).await;
    assert_eq!((elsewhere.status, elsewhere.code()), (StatusCode::GONE, "guest_link_used"));
    assert_eq!(try_join(&app, &link.token, "Gus again").await.code(), "guest_link_used");

    // A network blip: the connection drops and comes back with the same cookie, to the same seat.
    socket.close(None).await.expect("close");
    let mut socket = technician_socket(addr, &guest, &session).await;
    assert_eq!(next_of(&mut socket, "welcome").await["participant_id"].as_str(), Some(participant_of(&guest).as_str()));
    assert_eq!(shown_status(&app, &olga, &session, &link.id).await, "joined");

    // The guest leaves: the link is used up, even for its own browser.
    assert_eq!(app.post(&guest, &format!("/api/sessions/{session}/leave"), json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(next_of(&mut socket, "ended").await["reason"], "left");
    assert_eq!(shown_status(&app, &olga, &session, &link.id).await, "used");
    let reused = open_link(&app, &link.token, Some(&guest.cookie)).await;
    assert_eq!((reused.status, reused.code()), (StatusCode::GONE, "guest_link_used"));
    assert!(reused.body["error"]["message"].as_str().expect("message").contains("ask the admin or the technician who invited you"));
    assert_eq!(app.get(&guest, "/api/guest/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(&guest, &format!("/api/sessions/{session}")).await.status, StatusCode::UNAUTHORIZED);
}

async fn every_misuse_of_a_link_gets_its_refusal_and_changes_nothing(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (_, olga, session, _) = owner_and_session(&app).await;
    let revoked = invite_guest(&app, &olga, &session, "rev@partner.example", &[]).await;
    assert_eq!(app.post(&olga, &format!("/api/guest-invitations/{}/revoke", revoked.id), json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(shown_status(&app, &olga, &session, &revoked.id).await, "revoked");
    let used = invite_guest(&app, &olga, &session, "used@partner.example", &[]).await;
    let guest = join_as_guest(&app, &used.token, "Used").await;
    assert_eq!(app.post(&guest, &format!("/api/sessions/{session}/leave"), json!({})).await.status, StatusCode::NO_CONTENT);
    let fresh = invite_guest(&app, &olga, &session, "fresh@partner.example", &[]).await;
    let mut tampered = fresh.token.clone();
    let last = if tampered.ends_with('A') { "B" } else { "A" };
    tampered.replace_range(tampered.len() - 1.., last);

    // A link of a session that has ended.
    let (_, other_session, _) = {
        let (s, c) = start_session(&app, &olga).await;
        ((), s, c)
    };
    let ended = invite_guest(&app, &olga, &other_session, "late@partner.example", &[]).await;
    assert_eq!(app.post(&olga, &format!("/api/sessions/{other_session}/end"), json!({})).await.status, StatusCode::OK);

    let before = app.table_counts().await;
    for (token, status, code) in [
        (revoked.token.as_str(), StatusCode::GONE, "guest_link_revoked"),
        (used.token.as_str(), StatusCode::GONE, "guest_link_used"),
        (tampered.as_str(), StatusCode::NOT_FOUND, "guest_link_invalid"),
        ("not-a-token", StatusCode::NOT_FOUND, "guest_link_invalid"),
        (ended.token.as_str(), StatusCode::CONFLICT, "session_ended"),
    ] {
        let opened = open_link(&app, token, None).await;
        assert_eq!((opened.status, opened.code()), (status, code), "opening {token:?}");
        let joined = try_join(&app, token, "Mallory").await;
        assert_eq!((joined.status, joined.code()), (status, code), "joining with {token:?}");
        assert!(joined.headers.get("set-cookie").is_none());
    }
    let answer = app.post(&olga, &format!("/api/guest-invitations/{}/revoke", used.id), json!({})).await;
    assert_eq!((answer.status, answer.code()), (StatusCode::GONE, "guest_link_used"), "a used link has nothing left to revoke");
    assert_eq!(app.table_counts().await, before);
    let statuses: Vec<(String,)> = sqlx::query_as("SELECT status FROM guest_invitations ORDER BY created_at").fetch_all(&app.db.pool).await.expect("rows");
    assert_eq!(statuses.into_iter().map(|s| s.0).collect::<Vec<_>>(), ["revoked", "joined", "sent", "sent"]);

    // Another organisation: its people can neither see nor revoke the invitation, nor
    // its guest reach into their sessions.
    let globex = app.other_org_admin().await;
    let answer = app.post(&globex, &format!("/api/guest-invitations/{}/revoke", fresh.id), json!({})).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let answer = app.post(&globex, &format!("/api/sessions/{session}/guest-invitations"), json!({"email": "x@y.example", "name": "X"})).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let (globex_session, _) = start_session(&app, &globex).await;
    let guest = join_as_guest(&app, &fresh.token, "Gus").await;
    for path in [format!("/api/sessions/{globex_session}"), format!("/api/sessions/{globex_session}/chat")] {
        assert_eq!(app.get(&guest, &path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let answer = app.post(&guest, &format!("/api/sessions/{globex_session}/chat"), json!({"client_id": "c1", "text": "hi"})).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    // A guest's changes need its CSRF token.
    let forged = Client { csrf: "forged".into(), ..guest.clone() };
    let answer = app.post(&forged, &format!("/api/sessions/{session}/chat"), json!({"client_id": "c2", "text": "hi"})).await;
    assert_eq!((answer.status, answer.code()), (StatusCode::FORBIDDEN, "csrf_failed"));
    // A browser signed in as a technician and holding a guest seat acts as the one whose token it sends.
    let both = format!("{}; {}", olga.cookie, guest.cookie);
    for (n, (csrf, sender)) in [(&guest.csrf, participant_of(&guest)), (&olga.csrf, String::new())].into_iter().enumerate() {
        let sent = app
            .call_with(Method::POST, &format!("/api/sessions/{session}/chat"), &[("cookie", &both), ("x-csrf-token", csrf)], Some(json!({"client_id": format!("both-{n}"), "text": "hi"})))
            .await;
        assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
        if !sender.is_empty() {
            assert_eq!(sent.body["from"].as_str(), Some(sender.as_str()));
        } else {
            assert_eq!(sent.body["role"], "primary");
        }
    }
    let forged = app.call_with(Method::POST, &format!("/api/sessions/{session}/chat"), &[("cookie", &both), ("x-csrf-token", "forged")], Some(json!({"client_id": "f", "text": "hi"}))).await;
    assert_eq!(forged.code(), "csrf_failed");
}

/// Opens a guest's live connection from a browser presenting `user_agent`.
async fn guest_socket_from(addr: std::net::SocketAddr, guest: &Client, session: &str, user_agent: &str) -> Result<Socket, String> {
    let mut request = format!("ws://{addr}/api/sessions/{session}/live").into_client_request().expect("request");
    request.headers_mut().insert("cookie", guest.cookie.parse().expect("header"));
    request.headers_mut().insert("origin", CONSOLE_ORIGIN.parse().expect("header"));
    request.headers_mut().insert("user-agent", user_agent.parse().expect("header"));
    tokio_tungstenite::connect_async(request).await.map(|(socket, _)| socket).map_err(|err| err.to_string())
}

async fn phones_and_tablets_are_refused_at_every_step(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let (_, olga, session, _) = owner_and_session(&app).await;
    let link = invite_guest(&app, &olga, &session, "gus@partner.example", &[]).await;
    let before = app.table_counts().await;
    let path = format!("/api/guest/invitations/{}", link.token);
    let opened = guest_call(&app, Method::GET, &path, PHONE, None, None).await;
    assert_eq!((opened.status, opened.code()), (StatusCode::FORBIDDEN, "mobile_device"));
    let body = json!({"display_name": "Gus", "device": {"mobile": false}});
    let joined = guest_call(&app, Method::POST, &format!("{path}/join"), PHONE, None, Some(body)).await;
    assert_eq!((joined.status, joined.code()), (StatusCode::FORBIDDEN, "mobile_device"));
    // A Chromium phone in desktop mode still says so in its client hints.
    let mut request = axum::http::Request::get(&path).header("user-agent", DESKTOP).header("sec-ch-ua-mobile", "?1");
    request = request.header("sec-ch-ua-platform", "\"Android\"");
    let hinted = app.send(request.body(axum::body::Body::empty()).expect("request")).await;
    assert_eq!(hinted.code(), "mobile_device");
    // An iPad in desktop mode looks like a Mac to the server; its page tells.
    let body = json!({"display_name": "Gus", "device": {"mobile": true, "reason": "a Mac with a touch screen (iPadOS desktop mode)"}});
    let ipad = guest_call(&app, Method::POST, &format!("{path}/join"), DESKTOP, None, Some(body)).await;
    assert_eq!((ipad.status, ipad.code()), (StatusCode::FORBIDDEN, "mobile_device"));
    assert_eq!(app.table_counts().await, before);
    assert_eq!(shown_status(&app, &olga, &session, &link.id).await, "sent");

    // Checked again when the live connection opens.
    let guest = join_as_guest(&app, &link.token, "Gus").await;
    let refused = guest_socket_from(addr, &guest, &session, PHONE).await;
    assert!(refused.as_ref().is_err_and(|e| e.contains("403")), "{:?}", refused.as_ref().err());
    assert!(guest_socket_from(addr, &guest, &session, DESKTOP).await.is_ok());

    // A session started from a phone cannot invite guests.
    let request = axum::http::Request::post("/api/sessions")
        .header("cookie", &olga.cookie)
        .header("x-csrf-token", &olga.csrf)
        .header("content-type", "application/json")
        .header("user-agent", PHONE)
        .body(axum::body::Body::from("{}"))
        .expect("request");
    let started = app.send(request).await;
    assert_eq!(started.status, StatusCode::CREATED);
    assert_eq!(started.body["started_from_mobile"], true);
    let mobile_session = started.body["id"].as_str().expect("id");
    let before = app.table_counts().await;
    let answer = app.post(&olga, &format!("/api/sessions/{mobile_session}/guest-invitations"), json!({"email": "g@p.example", "name": "G"})).await;
    assert_eq!((answer.status, answer.code()), (StatusCode::FORBIDDEN, "mobile_session"));
    assert_eq!(app.table_counts().await, before);
}

async fn only_the_primary_invites_guests_and_policies_narrow_their_rights(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (admin, olga, session, _) = owner_and_session(&app).await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    bring_in(&app, &admin, &olga, &session, &sam).await;
    let link = invite_guest(&app, &olga, &session, "gus@partner.example", &["flash", "zoom"]).await;
    assert_eq!(open_link(&app, &link.token, None).await.body["withheld"], json!(["flash", "zoom"]));
    let guest = join_as_guest(&app, &link.token, "Gus").await;
    let path = format!("/api/sessions/{session}/guest-invitations");
    let before = app.table_counts().await;
    for (who, client) in [("the secondary", &sam), ("the guest", &guest)] {
        let answer = app.post(client, &path, json!({"email": "x@partner.example", "name": "X"})).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::FORBIDDEN, "role_not_permitted"), "{who}");
        let answer = app.post(client, &format!("/api/guest-invitations/{}/revoke", link.id), json!({})).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{who}");
    }
    assert_eq!(app.table_counts().await, before);
    // Bad policies and addresses are refused with the reason.
    for body in [
        json!({"email": "x@partner.example", "name": "X", "withhold": ["notes"]}),
        json!({"email": "x@partner.example", "name": "X", "withhold": ["teleport"]}),
        json!({"email": "not an address", "name": "X"}),
        json!({"email": "x@partner.example", "name": " "}),
    ] {
        let answer = app.post(&olga, &path, body.clone()).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"), "{body}");
    }
    assert_eq!(app.table_counts().await, before);
    // The policy holds on the server, and the owner can still restore a right.
    let seats = app.get(&olga, &format!("/api/sessions/{session}")).await.body;
    let gus = seats["participants"].as_array().expect("participants").iter().find(|p| p["role"] == "guest").expect("guest")["id"].clone();
    assert_eq!(gus.as_str(), Some(participant_of(&guest).as_str()));
    let switched = app.call(Some(&olga), Method::PUT, &format!("/api/sessions/{session}/participants/{}/rights/zoom", participant_of(&guest)), Some(json!({"allowed": true}))).await;
    assert_eq!(switched.status, StatusCode::OK);
    assert_eq!(switched.body["withdrawn"], json!(["flash"]));
}

async fn a_guest_never_owns_and_goes_with_the_last_technician(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let (_, olga, session, code) = owner_and_session(&app).await;
    let (mut customer, _) = joined(addr, &code).await;
    let link = invite_guest(&app, &olga, &session, "gus@partner.example", &[]).await;
    let guest = join_as_guest(&app, &link.token, "Gus").await;
    let mut socket = technician_socket(addr, &guest, &session).await;
    let answer = app.post(&olga, &format!("/api/sessions/{session}/transfer"), json!({"participant_id": participant_of(&guest)})).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    let answer = app.post(&guest, &format!("/api/sessions/{session}/end"), json!({})).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    // The owner leaves with only the guest left: no internal technician, so the session ends for all.
    assert_eq!(app.post(&olga, &format!("/api/sessions/{session}/leave"), json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(next_of(&mut socket, "ended").await["reason"], "no_technician");
    assert_eq!(next_of(&mut customer, "ended").await["reason"], "no_technician");
    let (role,): (String,) = sqlx::query_as("SELECT role FROM participants WHERE id = $1").bind(participant_of(&guest)).fetch_one(&app.db.pool).await.expect("row");
    assert_eq!(role, "guest");
}

async fn a_guest_receives_nothing_its_role_withholds(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let (admin, olga, session, code) = owner_and_session(&app).await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let GuestLink { token, .. } = invite_guest(&app, &olga, &session, "gus@partner.example", &[]).await;
    let guest = join_as_guest(&app, &token, "Gus").await;
    let (_customer, _) = joined(addr, &code).await;
    let mut capture = Capture::open(addr, &guest, &session).await;
    let mut owner = technician_socket(addr, &olga, &session).await;
    capture.drain().await;

    // The primary uses every tool; each withheld one leaves a marker that must not reach the guest.
    let s = &session;
    let withheld: Vec<(&str, Method, String, Value)> = vec![
        ("notes", Method::PUT, format!("/api/sessions/{s}/notes"), json!({"text": "NOTES-MARKER router reset"})),
        ("invitations", Method::POST, format!("/api/sessions/{s}/guest-invitations"), json!({"email": "marker-guest@partner.example", "name": "GUEST-INVITE-MARKER", "comment": "GUEST-COMMENT-MARKER"})),
        ("invitations", Method::POST, format!("/api/sessions/{s}/invitations"), json!({"target": "technician", "id": sam.me["technician"]["id"], "comment": "INTERNAL-INVITE-MARKER"})),
    ];
    sqlx::query("UPDATE technicians SET extended_availability = 1 WHERE email = 'sam@acme.example'").execute(&app.db.pool).await.expect("reachable");
    for (what, method, path, body) in &withheld {
        let answer = app.call(Some(&olga), method.clone(), path, Some(body.clone())).await;
        assert!(answer.status.is_success(), "the primary's {what}: {:?}", answer.body);
    }
    let allowed: Vec<Value> = vec![
        json!({"type": "chat", "client_id": "owner-1", "text": "CHAT-MARKER"}),
        json!({"type": "command", "command": {"action": "torch", "on": true}}),
        json!({"type": "command", "command": {"action": "zoom", "ratio": 2.0}}),
        json!({"type": "command", "command": {"action": "scan", "kind": "qr"}}),
    ];
    for message in allowed {
        send(&mut owner, message).await;
    }
    next_where(&mut owner, |m| m["type"] == "chat").await;
    // Each command has gone out once the owner hears of it (the guest, allowed those tools, with it).
    for _ in 0..3 {
        assert!(!next_of(&mut owner, "command_sent").await.is_null());
    }
    capture.drain().await;
    for path in [format!("/api/sessions/{s}"), format!("/api/sessions/{s}/audit"), format!("/api/sessions/{s}/chat"), "/api/guest/me".into()] {
        let answer = app.get(&guest, &path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        capture.seen.push_str(&answer.body.to_string());
    }
    for path in [format!("/api/sessions/{s}/notes"), format!("/api/sessions/{s}/invitations"), format!("/api/sessions/{s}/invitation-targets")] {
        let answer = app.get(&guest, &path).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::FORBIDDEN, "role_not_permitted"), "{path}");
    }

    assert!(capture.seen.contains("CHAT-MARKER"), "the capture works: the guest got the chat");
    assert!(capture.seen.contains("\"action\":\"torch\""), "the guest hears of the tools it may see");
    for marker in ["NOTES-MARKER", "GUEST-INVITE-MARKER", "GUEST-COMMENT-MARKER", "marker-guest@partner.example", "INTERNAL-INVITE-MARKER", &token, &code] {
        assert!(!capture.seen.contains(marker), "{marker} reached the guest");
    }
}

async fn revoking_a_joined_guests_invitation_removes_the_guest(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let (_, olga, session, _) = owner_and_session(&app).await;
    let link = invite_guest(&app, &olga, &session, "gus@partner.example", &[]).await;
    let guest = join_as_guest(&app, &link.token, "Gus").await;
    let mut socket = technician_socket(addr, &guest, &session).await;
    next_of(&mut socket, "seat").await;
    assert_eq!(app.post(&olga, &format!("/api/guest-invitations/{}/revoke", link.id), json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(next_of(&mut socket, "ended").await["reason"], "removed");
    assert_eq!(shown_status(&app, &olga, &session, &link.id).await, "revoked");
    assert_eq!(app.get(&guest, "/api/guest/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(open_link(&app, &link.token, Some(&guest.cookie)).await.code(), "guest_link_revoked");
    // Revoking twice says it already was; the session goes on for the owner.
    let again = app.post(&olga, &format!("/api/guest-invitations/{}/revoke", link.id), json!({})).await;
    assert_eq!((again.status, again.code()), (StatusCode::GONE, "guest_link_revoked"));
    assert_eq!(app.get(&olga, &format!("/api/sessions/{session}")).await.body["status"], "waiting");
}

async fn two_browsers_joining_with_one_link_at_once_let_in_one(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (_, olga, session, _) = owner_and_session(&app).await;
    for round in 0..12 {
        let link = invite_guest(&app, &olga, &session, &format!("gus{round}@partner.example"), &[]).await;
        let (a, b) = tokio::join!(try_join(&app, &link.token, "Gus A"), try_join(&app, &link.token, "Gus B"));
        let mut outcomes = [(a.status, a.code().to_owned()), (b.status, b.code().to_owned())];
        outcomes.sort();
        assert_eq!(outcomes, [(StatusCode::OK, String::new()), (StatusCode::GONE, "guest_link_used".to_owned())], "round {round}: {:?} / {:?}", a.body, b.body);
        let (guests,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM participants WHERE session_id = $1 AND role = 'guest'")
            .bind(&session)
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
        assert_eq!(guests, round + 1, "round {round}: one seat per link");
    }
}

async fn guessing_links_is_rate_limited(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (_, olga, session, _) = owner_and_session(&app).await;
    let link = invite_guest(&app, &olga, &session, "gus@partner.example", &[]).await;
    // Genuine links do not count; wrong ones do, up to the join-code limit (20 per 10 minutes).
    for _ in 0..3 {
        assert_eq!(open_link(&app, &link.token, None).await.status, StatusCode::OK);
    }
    for attempt in 0..20 {
        let guess = format!("guess{attempt:038}");
        assert_eq!(open_link(&app, &guess, None).await.code(), "guest_link_invalid", "attempt {attempt}");
    }
    let limited = open_link(&app, "one-more-guess", None).await;
    assert_eq!((limited.status, limited.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    assert!(limited.headers.get("retry-after").is_some());
    assert_eq!(try_join(&app, &link.token, "Gus").await.code(), "rate_limited", "the client is held back, even with a genuine link");
    assert_eq!(shown_status(&app, &olga, &session, &link.id).await, "opened");
}

async fn a_guest_whose_browser_closes_is_out_after_the_grace(backend: Backend) {
    let app = TestApp::with_settings(backend, |s| s.reconnect_grace = std::time::Duration::from_millis(400)).await;
    let addr = app.serve().await;
    let (_, olga, session, _) = owner_and_session(&app).await;
    let mut owner = technician_socket(addr, &olga, &session).await;
    let link = invite_guest(&app, &olga, &session, "gus@partner.example", &[]).await;
    let guest = join_as_guest(&app, &link.token, "Gus").await;
    let mut socket = technician_socket(addr, &guest, &session).await;
    next_of(&mut socket, "seat").await;
    let has_guest = |m: &Value| m["seat"]["participants"].as_array().is_some_and(|p| p.iter().any(|p| p["role"] == "guest"));
    assert!(!next_where(&mut owner, |m| m["type"] == "seat" && has_guest(m)).await.is_null());
    // The browser goes away and does not come back: past the grace the guest has left.
    socket.close(None).await.expect("close");
    let gone = next_where(&mut owner, |m| m["type"] == "seat" && !has_guest(m)).await;
    assert!(!gone.is_null(), "the owner sees the guest gone");
    assert_eq!(shown_status(&app, &olga, &session, &link.id).await, "used");
    assert_eq!(open_link(&app, &link.token, Some(&guest.cookie)).await.code(), "guest_link_used");
    assert!(guest_socket_from(addr, &guest, &session, DESKTOP).await.is_err(), "its cookie no longer opens a live connection");
}
