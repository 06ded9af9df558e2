//! "Never sent": a seat that lacks a right (by its role, by a guest's policy, or because
//! the owner withdrew it) receives no live message, offer or HTTP body of that feature,
//! on a connection open at the time or a new one. The same round of activity reaches
//! the seats that hold the right, so no absence can pass because nothing was sent.

use crate::common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::capture::Capture;
use common::collaboration::{id_of, monitored_session, Cast};
use common::guests::{invite_guest, join_as_guest};
use common::live::{joined_as, next_of, send, Socket};
use common::{Backend, Client, TestApp};
use serde_json::{json, Value};

on_both_databases!(every_seat_receives_nothing_it_may_not_see);

/// What a secondary's (and a guest's) role never has, of the features exercised here.
const CEILING: [&str; 3] = ["notes", "invite_technician", "record"];
/// What a guest's role never has besides.
const GUEST_CEILING: [&str; 1] = ["snapshot"];

/// The rights an owner can withdraw whose traffic is exercised here.
const WITHDRAWABLE: [&str; 9] = ["annotation", "chat", "flash", "zoom", "qr", "barcode", "snapshot", "video", "session_details"];

/// The customer's name: shown only with session details.
const CUSTOMER_NAME: &str = "Carla-DETAILS-MARKER";

/// Traffic of a feature that exists whenever the session does: (feature, marker, whether a holder must see it).
const STANDING: [(&str, &str, bool); 4] = [
    ("session_details", CUSTOMER_NAME, true),
    ("video", "\"type\":\"offer\"", true),
    ("video", "\"type\":\"phone_state\"", true),
    ("video", "\"type\":\"candidate\"", false),
];

/// Reads every technician may try, and the feature each needs.
fn reads(session: &str) -> [(String, &'static str); 9] {
    [
        (format!("/api/sessions/{session}/recordings"), "record"),
        (format!("/api/sessions/{session}/snapshots"), "snapshot"),
        (format!("/api/sessions/{session}"), "session_details"),
        (format!("/api/sessions/{session}/audit"), "session_details"),
        (format!("/api/sessions/{session}/chat"), "chat"),
        (format!("/api/sessions/{session}/annotations"), "annotation"),
        (format!("/api/sessions/{session}/notes"), "notes"),
        (format!("/api/sessions/{session}/invitations"), "invite_technician"),
        (format!("/api/sessions/{session}/invitation-targets"), "invite_technician"),
    ]
}

struct Scene {
    app: TestApp,
    addr: SocketAddr,
    session: String,
    admin: Client,
    olga: Client,
    sam: Client,
    sam_participant: String,
    guest: Client,
    /// The owner's connection, through which it acts, captured since it opened.
    owner: Capture,
    phone: Socket,
    /// The phone's customer token, for its uploads.
    phone_token: String,
    /// Every marker sent so far, by feature.
    sent: Vec<(&'static str, String)>,
}

async fn scene(backend: Backend) -> Scene {
    // One chat per round from the owner: more rounds than the chat limit lets through at once.
    // The secondary's console is closed between observations for as long as other seats are
    // observed: it must not leave the session by staying away past the reconnect grace.
    let app = TestApp::with_settings(backend, |settings| {
        settings.chat_limit.free = 1000;
        settings.reconnect_grace = std::time::Duration::from_secs(3600);
    })
    .await;
    let addr = app.serve().await;
    let Cast { admin, olga, sam, session, code, sam_participant } = monitored_session(&app).await;
    let link = invite_guest(&app, &olga, &session, "gus@partner.example", &["zoom", "qr"]).await;
    let guest = join_as_guest(&app, &link.token, "Gus").await;
    let (phone, phone_token) = joined_as(addr, &code, Some(CUSTOMER_NAME)).await;
    let owner = Capture::open(addr, &olga, &session).await;
    Scene { app, addr, session, admin, olga, sam, sam_participant, guest, owner, phone, phone_token, sent: Vec::new() }
}

impl Scene {
    /// The owner uses every tool once, each use carrying fresh markers; the phone answers
    /// every command (uploading the snapshot's picture first). Returns this round's markers, by feature.
    async fn exercise(&mut self) -> Vec<(&'static str, String)> {
        let tag = uuid::Uuid::new_v4().simple().to_string()[..10].to_owned();
        let (app, olga, s) = (&self.app, &self.olga, &self.session);
        let mut round: Vec<(&'static str, String)> = Vec::new();

        let notes = format!("NOTES-{tag}");
        let put = app.call(Some(olga), Method::PUT, &format!("/api/sessions/{s}/notes"), Some(json!({"text": notes}))).await;
        assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
        round.push(("notes", notes));

        let guest_invite = json!({"email": format!("inv-{tag}@partner.example"), "name": format!("GUESTNAME-{tag}"), "comment": format!("GUESTCOMMENT-{tag}")});
        let sent = app.post(olga, &format!("/api/sessions/{s}/guest-invitations"), guest_invite.clone()).await;
        assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
        let token = sent.body["link"].as_str().expect("link").rsplit_once("/guest/").expect("a guest link").1.to_owned();
        for field in ["email", "name", "comment"] {
            round.push(("invite_technician", guest_invite[field].as_str().expect("field").to_owned()));
        }
        // The link's token is shown to no one after this answer: a marker that must stay absent, not a control.
        self.sent.push(("invite_technician", token));

        let team_name = format!("TEAM-{tag}");
        let team = app.post(&self.admin, "/api/teams", json!({"name": team_name})).await;
        assert_eq!(team.status, StatusCode::CREATED, "{:?}", team.body);
        let comment = format!("INVITE-{tag}");
        let invitation =
            app.post(olga, &format!("/api/sessions/{s}/invitations"), json!({"target": "team", "id": id_of(&team.body), "comment": comment})).await;
        assert_eq!(invitation.status, StatusCode::CREATED, "{:?}", invitation.body);
        round.push(("invite_technician", team_name));
        round.push(("invite_technician", comment));
        round.push(("invite_technician", invitation.body["code"].as_str().expect("invitation code").to_owned()));

        let chat = format!("CHAT-{tag}");
        send(&mut self.owner.socket, json!({"type": "chat", "client_id": tag, "text": chat})).await;
        self.owner.next_where(|m| m["type"] == "chat" && m["message"]["text"] == chat.as_str()).await;
        round.push(("chat", chat));

        let text = format!("ANNOTATION-{tag}");
        let annotation = json!({"colour": "blue", "width": 0.01, "shape": {"kind": "text", "at": [0.2, 0.2], "text": text}});
        send(&mut self.owner.socket, json!({"type": "annotate", "annotation": annotation})).await;
        let added = self.owner.next_where(|m| m["type"] == "annotation_added" && m["annotation"]["shape"]["text"] == text.as_str()).await;
        // Its id also stands in the audit trail, which shows it only to those who may annotate.
        round.push(("annotation", added["annotation"]["id"].as_str().expect("annotation id").to_owned()));
        round.push(("annotation", text));

        // The tools, in order; the phone answers each (and finds a code for each scan).
        let tools: [(&'static str, Value, Option<(&str, String)>); 4] = [
            ("flash", json!({"action": "torch", "on": true}), None),
            ("zoom", json!({"action": "zoom", "ratio": 2.0}), None),
            ("qr", json!({"action": "scan", "kind": "qr"}), Some(("QRCode", format!("QRTEXT-{tag}")))),
            ("barcode", json!({"action": "scan", "kind": "barcode"}), Some(("EAN13", format!("BARTEXT-{tag}")))),
        ];
        let mut answered = Vec::new();
        for (feature, command, found) in tools {
            send(&mut self.owner.socket, json!({"type": "command", "command": command})).await;
            let received = next_of(&mut self.phone, "command").await;
            assert_eq!(received["command"], command, "the phone receives the owner's command");
            let id = received["id"].as_str().expect("command id").to_owned();
            if let Some((format, text)) = found {
                let results = json!([{"format": format, "text": text, "points": [[0.1, 0.1], [0.9, 0.9]]}]);
                send(&mut self.phone, json!({"type": "scan_results", "id": id, "results": results})).await;
                round.push((feature, text));
            }
            send(&mut self.phone, json!({"type": "command_done", "id": id, "outcome": {"status": "done"}})).await;
            round.push((feature, id.clone()));
            answered.push(id);
        }
        // A snapshot: the phone uploads its picture, then answers.
        send(&mut self.owner.socket, json!({"type": "command", "command": {"action": "snapshot"}})).await;
        let id = next_of(&mut self.phone, "command").await["id"].as_str().expect("command id").to_owned();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg).encode_image(&image::RgbImage::new(8, 8)).expect("jpeg");
        let upload = Request::builder()
            .method(Method::POST)
            .uri(format!("/api/live/captures/{id}"))
            .header(header::AUTHORIZATION, format!("Bearer {}", self.phone_token))
            .body(Body::from(jpeg))
            .expect("request");
        let stored = self.app.send(upload).await;
        assert_eq!(stored.status, StatusCode::CREATED, "{:?}", stored.body);
        send(&mut self.phone, json!({"type": "command_done", "id": id, "outcome": {"status": "done"}})).await;
        round.push(("snapshot", stored.body["id"].as_str().expect("capture id").to_owned()));
        round.push(("snapshot", id.clone()));
        answered.push(id);
        // The owner holds every right: it hears of each command's outcome.
        for id in &answered {
            self.owner.next_where(|m| m["type"] == "command_done" && m["id"] == id.as_str()).await;
        }
        self.sent.extend(round.iter().cloned());
        round
    }
}

/// One round of activity seen by `client` (whose seat lacks the role's ceiling plus
/// `withheld`), on the connection `open` at the time or else a fresh one: nothing of a
/// lacking feature arrives, ever; everything of a held one does.
async fn observe(scene: &mut Scene, name: &str, client: &Client, (by_role, withheld): (&[&str], &[&str]), open: Option<Capture>) {
    let lacking: Vec<&str> = CEILING.iter().chain(by_role).chain(withheld).copied().collect();
    // A fresh connection also gets what a connection starts with (video's offer).
    let fresh = open.is_none();
    let mut capture = match open {
        Some(capture) => capture,
        None => Capture::open(scene.addr, client, &scene.session).await,
    };
    let round = scene.exercise().await;
    let standing = STANDING.iter().filter(|s| s.2 && (fresh || s.0 != "video")).map(|(f, m, _)| (*f, m.to_string()));
    let controls: Vec<(&str, String)> = round.into_iter().chain(standing).filter(|(feature, _)| !lacking.contains(feature)).collect();
    for (path, needs) in reads(&scene.session) {
        let outcome = capture.read(&scene.app, client, &path).await;
        if !lacking.contains(&needs) {
            assert_eq!(outcome.0, StatusCode::OK, "{name} may read {path}");
        } else {
            let code = if CEILING.contains(&needs) || by_role.contains(&needs) { "role_not_permitted" } else { "right_withdrawn" };
            assert_eq!(outcome, (StatusCode::FORBIDDEN, code.to_owned()), "{name} may not read {path}");
        }
    }
    // Live deliveries are asynchronous: wait (bounded) until every control arrived; the
    // withheld traffic was sent in the same order, before the last of them.
    for _ in 0..50 {
        capture.drain().await;
        if controls.iter().all(|(_, marker)| capture.holds(marker)) {
            break;
        }
    }
    for (feature, marker) in &controls {
        assert!(capture.holds(marker), "{name} holds {feature} but never received {marker}");
    }
    let standing = STANDING.iter().map(|(f, m, _)| (*f, m.to_string()));
    for (feature, marker) in scene.sent.iter().cloned().chain(standing) {
        assert!(!(lacking.contains(&feature) && capture.holds(&marker)), "{name} lacks {feature} but received {marker}");
    }
}

async fn every_seat_receives_nothing_it_may_not_see(backend: Backend) {
    let mut scene = scene(backend).await;

    // The owner holds everything: every marker of a round reaches it (the positive control
    // for the role-withheld notes and invitations).
    let round = scene.exercise().await;
    for (path, _) in reads(&scene.session) {
        let (status, _) = scene.owner.read(&scene.app, &scene.olga, &path).await;
        assert_eq!(status, StatusCode::OK, "the owner reads {path}");
    }
    scene.owner.drain().await;
    for (feature, marker) in round.iter().map(|(f, m)| (*f, m.as_str())).chain(STANDING.iter().filter(|s| s.2).map(|(f, m, _)| (*f, *m))) {
        assert!(scene.owner.holds(marker), "the owner never received {feature}'s {marker}");
    }

    let (sam, admin, guest) = (scene.sam.clone(), scene.admin.clone(), scene.guest.clone());
    observe(&mut scene, "the secondary", &sam, (&[], &[]), None).await;
    observe(&mut scene, "the monitoring admin", &admin, (&[], &[]), None).await;
    observe(&mut scene, "the guest with a policy", &guest, (&GUEST_CEILING, &["zoom", "qr"]), None).await;

    for feature in WITHDRAWABLE {
        // Withdrawn while the secondary's console is open: that connection, then a new one.
        let mut open = Capture::open(scene.addr, &sam, &scene.session).await;
        open.drain().await;
        let path = format!("/api/sessions/{}/participants/{}/rights/{feature}", scene.session, scene.sam_participant);
        let withdrawn = scene.app.call(Some(&scene.olga), Method::PUT, &path, Some(json!({"allowed": false}))).await;
        assert_eq!(withdrawn.status, StatusCode::OK, "{:?}", withdrawn.body);
        open.next_where(|m| m["type"] == "seat" && m["seat"]["rights"].as_array().is_some_and(|r| !r.contains(&json!(feature)))).await;
        open.seen.clear();
        observe(&mut scene, &format!("the secondary's open console without {feature}"), &sam, (&[], &[feature]), Some(open)).await;
        observe(&mut scene, &format!("the secondary reconnecting without {feature}"), &sam, (&[], &[feature]), None).await;
        let restored = scene.app.call(Some(&scene.olga), Method::PUT, &path, Some(json!({"allowed": true}))).await;
        assert_eq!(restored.status, StatusCode::OK, "{:?}", restored.body);
    }
}
