//! SPEC's role table, enforced by the server: every feature with an action today ×
//! every role (and a right the owner withdrew), over HTTP and over the live
//! connection. Allowed actions succeed; the others get 403 with a stable code
//! (`role_not_permitted`, `right_withdrawn`) and leave no trace.

mod common;

use axum::http::{Method, StatusCode};
use common::collaboration::{bring_in, start_session};
use common::guests::{invite_guest, join_as_guest, participant_of};
use common::live::{joined, next, next_where, send, technician_socket, Socket};
use common::{Backend, Client, TestApp};
use serde_json::{json, Value};

on_both_databases!(every_role_gets_exactly_its_rights, a_withdrawn_right_is_refused_at_once_and_restored, only_the_owner_manages_people);

/// SPEC's role table: feature, primary, secondary, guest.
const ROLE_TABLE: [(&str, bool, bool, bool); 15] = [
    ("chat", true, true, true),
    ("video", true, true, true),
    ("annotation", true, true, true),
    ("zoom", true, true, true),
    ("notes", true, false, false),
    ("snapshot", true, true, false),
    ("live_text", true, true, true),
    ("freeze", true, true, true),
    ("record", true, false, false),
    ("mic", true, true, true),
    ("invite_technician", true, false, false),
    ("session_details", true, true, true),
    ("flash", true, true, true),
    ("qr", true, true, true),
    ("barcode", true, true, true),
];

/// Features whose actions arrive with later work: each becomes one more arm of `attempts`.
const NOT_YET_ACTIONABLE: [&str; 6] = ["annotation", "snapshot", "live_text", "freeze", "record", "mic"];

/// One way to use a feature.
enum Attempt {
    Http(Method, String, Option<Value>),
    Live(Value),
}

/// Every way to use `feature` in `session` today.
fn attempts(feature: &str, session: &str, team: &str) -> Vec<Attempt> {
    let unique = uuid::Uuid::new_v4().to_string();
    let command = |command: Value| vec![Attempt::Live(json!({"type": "command", "command": command}))];
    match feature {
        "chat" => vec![
            Attempt::Http(Method::POST, format!("/api/sessions/{session}/chat"), Some(json!({"client_id": unique, "text": "over HTTP"}))),
            Attempt::Live(json!({"type": "chat", "client_id": format!("{unique}-live"), "text": "over the socket"})),
        ],
        "video" => vec![Attempt::Live(json!({"type": "resubscribe"}))],
        "zoom" => command(json!({"action": "zoom", "ratio": 2.0})),
        "flash" => command(json!({"action": "torch", "on": true})),
        "qr" => command(json!({"action": "scan", "kind": "qr"})),
        "barcode" => command(json!({"action": "scan", "kind": "barcode"})),
        "notes" => vec![
            Attempt::Http(Method::GET, format!("/api/sessions/{session}/notes"), None),
            Attempt::Http(Method::PUT, format!("/api/sessions/{session}/notes"), Some(json!({"text": "router reset"}))),
        ],
        "invite_technician" => vec![
            Attempt::Http(Method::GET, format!("/api/sessions/{session}/invitation-targets"), None),
            Attempt::Http(Method::GET, format!("/api/sessions/{session}/invitations"), None),
            Attempt::Http(Method::POST, format!("/api/sessions/{session}/invitations"), Some(json!({"target": "team", "id": team}))),
        ],
        "session_details" => vec![
            Attempt::Http(Method::GET, format!("/api/sessions/{session}"), None),
            Attempt::Http(Method::GET, format!("/api/sessions/{session}/audit"), None),
        ],
        _ => Vec::new(),
    }
}

/// A technician in the session: its browser and its live connection.
struct Member {
    name: &'static str,
    client: Client,
    socket: Socket,
    participant_id: Option<String>,
}

/// What happened to an attempt: `Ok` or the refusal's status and code.
async fn attempt(app: &TestApp, member: &mut Member, attempt: &Attempt) -> Result<(), (StatusCode, String)> {
    match attempt {
        Attempt::Http(method, path, body) => {
            let answer = app.call(Some(&member.client), method.clone(), path, body.clone()).await;
            if answer.status.is_success() {
                Ok(())
            } else {
                Err((answer.status, answer.code().to_owned()))
            }
        }
        Attempt::Live(message) => {
            send(&mut member.socket, message.clone()).await;
            // Everything the server answers to the attempt comes before the pong.
            send(&mut member.socket, json!({"type": "ping"})).await;
            let mut refusal = Ok(());
            loop {
                let answer = next(&mut member.socket).await;
                assert!(!answer.is_null(), "{}'s connection closed", member.name);
                match answer["type"].as_str() {
                    Some("pong") => return refusal,
                    Some("error") => refusal = Err((StatusCode::FORBIDDEN, answer["code"].as_str().unwrap_or("").to_owned())),
                    _ => {}
                }
            }
        }
    }
}

/// Tries every action of `feature` as `member`, expecting success or the refusal `code`
/// (then with nothing stored).
async fn expect(app: &TestApp, member: &mut Member, feature: &str, session: &str, team: &str, refused_with: Option<&str>) {
    for try_ in attempts(feature, session, team) {
        let before = app.table_counts().await;
        let outcome = attempt(app, member, &try_).await;
        match refused_with {
            None => assert_eq!(outcome, Ok(()), "{} may use {feature}", member.name),
            Some(code) => {
                assert_eq!(outcome, Err((StatusCode::FORBIDDEN, code.to_owned())), "{} may not use {feature}", member.name);
                assert_eq!(app.table_counts().await, before, "a refused {feature} attempt by {} left a trace", member.name);
            }
        }
    }
}

struct Scene {
    app: TestApp,
    session: String,
    team: String,
    owner: Member,
    secondary: Member,
    monitor: Member,
    guest: Member,
    _customer: Socket,
}

async fn scene(backend: Backend) -> Scene {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let team = app.post(&admin, "/api/teams", json!({"name": "Field"})).await.body["id"].as_str().expect("team").to_owned();
    let (session, code) = start_session(&app, &olga).await;
    let sam_participant = bring_in(&app, &admin, &olga, &session, &sam).await;
    assert_eq!(app.post(&admin, &format!("/api/sessions/{session}/monitor"), json!({})).await.status, StatusCode::OK);
    let link = invite_guest(&app, &olga, &session, "gus@partner.example", &[]).await;
    let gus = join_as_guest(&app, &link.token, "Gus").await;
    let (customer, _) = joined(addr, &code).await;
    let owner = Member { name: "the primary", socket: technician_socket(addr, &olga, &session).await, client: olga, participant_id: None };
    let secondary =
        Member { name: "the secondary", socket: technician_socket(addr, &sam, &session).await, client: sam, participant_id: Some(sam_participant) };
    let monitor = Member { name: "the monitoring admin", socket: technician_socket(addr, &admin, &session).await, client: admin, participant_id: None };
    let guest =
        Member { name: "the guest", socket: technician_socket(addr, &gus, &session).await, participant_id: Some(participant_of(&gus)), client: gus };
    Scene { app, session, team, owner, secondary, monitor, guest, _customer: customer }
}

async fn every_role_gets_exactly_its_rights(backend: Backend) {
    let mut scene = scene(backend).await;
    let actionable: Vec<&str> = ROLE_TABLE.iter().map(|row| row.0).filter(|f| !NOT_YET_ACTIONABLE.contains(f)).collect();
    for feature in &actionable {
        assert!(!attempts(feature, "s", "t").is_empty(), "{feature} has no action to try");
    }
    for (feature, primary, secondary, guest) in ROLE_TABLE.into_iter().filter(|row| actionable.contains(&row.0)) {
        let refusal = |allowed: bool| (!allowed).then_some("role_not_permitted");
        expect(&scene.app, &mut scene.owner, feature, &scene.session, &scene.team, refusal(primary)).await;
        expect(&scene.app, &mut scene.secondary, feature, &scene.session, &scene.team, refusal(secondary)).await;
        expect(&scene.app, &mut scene.monitor, feature, &scene.session, &scene.team, refusal(secondary)).await;
        expect(&scene.app, &mut scene.guest, feature, &scene.session, &scene.team, refusal(guest)).await;
    }
}

async fn a_withdrawn_right_is_refused_at_once_and_restored(backend: Backend) {
    let mut scene = scene(backend).await;
    withdraw_and_restore_each(&mut scene, Collaborator::Secondary).await;
    withdraw_and_restore_each(&mut scene, Collaborator::Guest).await;
}

#[derive(Clone, Copy)]
enum Collaborator {
    Secondary,
    Guest,
}

/// Withdraws and restores, one at a time, every right the collaborator's role has.
async fn withdraw_and_restore_each(scene: &mut Scene, who: Collaborator) {
    let Scene { app, session, team, owner, secondary, monitor, guest, .. } = scene;
    let (target, role) = match who {
        Collaborator::Secondary => (secondary, "secondary"),
        Collaborator::Guest => (guest, "guest"),
    };
    let id = target.participant_id.clone().expect("participant");
    for (feature, _, secondary_has, guest_has) in ROLE_TABLE {
        let has = if role == "guest" { guest_has } else { secondary_has };
        if !has || NOT_YET_ACTIONABLE.contains(&feature) {
            continue;
        }
        let path = format!("/api/sessions/{session}/participants/{id}/rights/{feature}");
        let switched = app.call(Some(&owner.client), Method::PUT, &path, Some(json!({"allowed": false}))).await;
        assert_eq!(switched.status, StatusCode::OK, "{:?}", switched.body);
        assert!(!switched.body["rights"].as_array().expect("rights").contains(&json!(feature)));
        // The collaborator's console hears of it at once.
        let seat = next_where(&mut target.socket, |m| {
            m["type"] == "seat" && !m["seat"]["rights"].as_array().is_some_and(|r| r.contains(&json!(feature)))
        })
        .await;
        assert_eq!(seat["seat"]["role"], role);
        expect(app, target, feature, session, team, Some("right_withdrawn")).await;
        // Others keep the right.
        expect(app, monitor, feature, session, team, None).await;

        let restored = app.call(Some(&owner.client), Method::PUT, &path, Some(json!({"allowed": true}))).await;
        assert_eq!(restored.status, StatusCode::OK);
        next_where(&mut target.socket, |m| m["type"] == "seat" && m["seat"]["rights"].as_array().is_some_and(|r| r.contains(&json!(feature))))
            .await;
        expect(app, target, feature, session, team, None).await;
    }
}

async fn only_the_owner_manages_people(backend: Backend) {
    let scene = scene(backend).await;
    let app = &scene.app;
    let sam = scene.secondary.participant_id.clone().expect("participant");
    let rights = format!("/api/sessions/{}/participants/{sam}/rights/flash", scene.session);
    let transfer = format!("/api/sessions/{}/transfer", scene.session);
    for member in [&scene.secondary, &scene.monitor, &scene.guest] {
        let before = app.table_counts().await;
        let answer = app.call(Some(&member.client), Method::PUT, &rights, Some(json!({"allowed": false}))).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::FORBIDDEN, "not_owner"), "{}", member.name);
        let answer = app.post(&member.client, &transfer, json!({"participant_id": sam})).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::FORBIDDEN, "not_owner"), "{}", member.name);
        assert_eq!(app.table_counts().await, before);
    }
    // The owner may not narrow its own rights or the customer's, nor hand ownership to a non-secondary.
    let session = app.get(&scene.owner.client, &format!("/api/sessions/{}", scene.session)).await.body;
    let id_of_role = |role: &str| {
        session["participants"].as_array().expect("participants").iter().find(|p| p["role"] == role).expect("role present")["id"]
            .as_str()
            .expect("id")
            .to_owned()
    };
    for target in [id_of_role("primary"), id_of_role("customer")] {
        let path = format!("/api/sessions/{}/participants/{target}/rights/flash", scene.session);
        let answer = app.call(Some(&scene.owner.client), Method::PUT, &path, Some(json!({"allowed": false}))).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{target}");
    }
    let answer = app.post(&scene.owner.client, &transfer, json!({"participant_id": id_of_role("customer")})).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    let answer = app.call(Some(&scene.owner.client), Method::PUT, &rights.replace("flash", "teleport"), Some(json!({"allowed": false}))).await;
    assert_eq!((answer.status, answer.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"));
}
