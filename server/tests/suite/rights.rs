//! SPEC's role table, enforced by the server: every feature with an action today ×
//! every role (and a right the owner withdrew), over HTTP and over the live
//! connection. Allowed actions are seen to work (the phone receives the command, the
//! sender its acknowledgement, the store its row); the others get 403 with a stable code
//! (`role_not_permitted`, `right_withdrawn`) and leave no trace. Also the owner's and the
//! admins' own powers, refused to everyone else.

use crate::common;

use axum::http::{Method, StatusCode};
use common::collaboration::{monitored_session, Cast};
use common::guests::{invite_guest, join_as_guest};
use common::live::{joined, next, next_of, next_where, send, technician_socket, Socket};
use common::{Backend, Client, TestApp};
use serde_json::{json, Value};

on_both_databases!(
    every_role_gets_exactly_its_rights,
    features_without_actions_are_refused_as_unknown,
    a_withdrawn_right_is_refused_at_once_and_restored,
    stopping_a_scan_needs_a_scan_right,
    only_the_owner_manages_people,
    only_admins_change_the_organisation,
    notes_read_back_before_and_after_ownership_passes,
);

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
const NOT_YET_ACTIONABLE: [&str; 3] = ["live_text", "record", "mic"];

/// One way to use a feature, and what it visibly does when allowed.
struct Attempt {
    how: How,
    effect: Effect,
}

enum How {
    Http(Method, String, Option<Value>),
    Live(Value),
}

enum Effect {
    /// The phone receives this command, and the sender hears that it was sent.
    PhoneCommand(Value),
    /// The message is stored under this client id and the sender gets it live.
    Chat(String),
    /// The sender gets a fresh video offer.
    Offer,
    /// The notes read back hold this text.
    Notes(&'static str),
    /// One more row in this table.
    Row(&'static str),
    /// A body to read.
    Read,
}

/// Every way to use `feature` in `session` today.
fn attempts(feature: &str, session: &str, team: &str) -> Vec<Attempt> {
    let unique = uuid::Uuid::new_v4().to_string();
    let attempt = |how, effect| Attempt { how, effect };
    let command = |command: Value| vec![attempt(How::Live(json!({"type": "command", "command": command})), Effect::PhoneCommand(command))];
    let read = |path: String| attempt(How::Http(Method::GET, path, None), Effect::Read);
    match feature {
        "chat" => vec![
            attempt(
                How::Http(Method::POST, format!("/api/sessions/{session}/chat"), Some(json!({"client_id": unique, "text": "over HTTP"}))),
                Effect::Chat(unique.clone()),
            ),
            attempt(How::Live(json!({"type": "chat", "client_id": format!("{unique}-live"), "text": "over the socket"})), Effect::Chat(format!("{unique}-live"))),
        ],
        "video" => vec![attempt(How::Live(json!({"type": "resubscribe"})), Effect::Offer)],
        "annotation" => {
            let arrow = json!({"colour": "red", "width": 0.01, "shape": {"kind": "arrow", "from": [0.1, 0.1], "to": [0.5, 0.5]}});
            vec![
                read(format!("/api/sessions/{session}/annotations")),
                attempt(How::Http(Method::POST, format!("/api/sessions/{session}/annotations"), Some(arrow.clone())), Effect::Row("annotations")),
                attempt(How::Live(json!({"type": "annotate", "annotation": arrow})), Effect::Row("annotations")),
            ]
        }
        "zoom" => command(json!({"action": "zoom", "ratio": 2.0})),
        "flash" => command(json!({"action": "torch", "on": true})),
        "qr" => command(json!({"action": "scan", "kind": "qr"})),
        "barcode" => command(json!({"action": "scan", "kind": "barcode"})),
        "snapshot" => command(json!({"action": "snapshot"})).into_iter().chain([read(format!("/api/sessions/{session}/snapshots"))]).collect(),
        "freeze" => command(json!({"action": "freeze"})).into_iter().chain(command(json!({"action": "unfreeze"}))).collect(),
        "notes" => vec![
            read(format!("/api/sessions/{session}/notes")),
            attempt(How::Http(Method::PUT, format!("/api/sessions/{session}/notes"), Some(json!({"text": "router reset"}))), Effect::Notes("router reset")),
        ],
        "invite_technician" => vec![
            read(format!("/api/sessions/{session}/invitation-targets")),
            read(format!("/api/sessions/{session}/invitations")),
            attempt(How::Http(Method::POST, format!("/api/sessions/{session}/invitations"), Some(json!({"target": "team", "id": team}))), Effect::Row("invitations")),
        ],
        "session_details" => vec![read(format!("/api/sessions/{session}")), read(format!("/api/sessions/{session}/audit"))],
        _ => Vec::new(),
    }
}

/// A technician in the session: its browser and its live connection.
struct Member {
    name: &'static str,
    client: Client,
    socket: Socket,
    participant_id: String,
}

/// `client`'s live connection to the session, and its participant id from the welcome.
async fn member(addr: std::net::SocketAddr, name: &'static str, client: Client, session: &str) -> Member {
    let mut socket = technician_socket(addr, &client, session).await;
    let welcome = next_of(&mut socket, "welcome").await;
    let participant_id = welcome["participant_id"].as_str().expect("participant id").to_owned();
    Member { name, client, socket, participant_id }
}

/// The session everyone is in, and the customer's phone in it.
struct Room {
    app: TestApp,
    addr: std::net::SocketAddr,
    session: String,
    team: String,
    phone: Socket,
}

/// Everything the server sent `member` until it answers a ping.
async fn drain(member: &mut Member) -> Vec<Value> {
    send(&mut member.socket, json!({"type": "ping"})).await;
    let mut answers = Vec::new();
    loop {
        let answer = next(&mut member.socket).await;
        assert!(!answer.is_null(), "{}'s connection closed", member.name);
        if answer["type"] == "pong" {
            return answers;
        }
        answers.push(answer);
    }
}

/// Sends a live message and takes in everything the server answers to it (all of it comes before the pong).
async fn exchange(member: &mut Member, message: &Value) -> Vec<Value> {
    send(&mut member.socket, message.clone()).await;
    drain(member).await
}

/// What happened to an attempt: the live answers when it worked, or the refusal's status and code.
async fn attempt(app: &TestApp, member: &mut Member, attempt: &Attempt) -> Result<Vec<Value>, (StatusCode, String)> {
    match &attempt.how {
        How::Http(method, path, body) => {
            let answer = app.call(Some(&member.client), method.clone(), path, body.clone()).await;
            if answer.status.is_success() {
                assert!(!answer.body.is_null(), "{} {path} answers a body", member.name);
                Ok(Vec::new())
            } else {
                Err((answer.status, answer.code().to_owned()))
            }
        }
        How::Live(message) => {
            let answers = exchange(member, message).await;
            match answers.iter().find(|a| a["type"] == "error") {
                Some(error) => Err((StatusCode::FORBIDDEN, error["code"].as_str().unwrap_or("").to_owned())),
                None => Ok(answers),
            }
        }
    }
}

/// Commands the phone received since the last look (none, when `Vec` is empty).
async fn phone_commands(phone: &mut Socket) -> Vec<Value> {
    send(phone, json!({"type": "ping"})).await;
    let mut commands = Vec::new();
    loop {
        let message = next(phone).await;
        assert!(!message.is_null(), "the phone's connection closed");
        match message["type"].as_str() {
            Some("pong") => return commands,
            Some("command") => commands.push(message),
            _ => {}
        }
    }
}

/// Checks that an allowed attempt did what it does.
async fn observe_effect(room: &mut Room, member: &mut Member, feature: &str, effect: &Effect, answers: &[Value], before: &[(String, i64)]) {
    let who = member.name;
    match effect {
        Effect::PhoneCommand(command) => {
            let own = |a: &&Value| a["type"] == "command_sent" && a["from"] == member.participant_id.as_str();
            let sent = answers.iter().find(own).unwrap_or_else(|| panic!("{who} hears its {feature} command went out: {answers:?}"));
            assert_eq!(sent["command"], *command);
            let received = phone_commands(&mut room.phone).await;
            assert_eq!(received.len(), 1, "the phone receives {who}'s {feature} command once: {received:?}");
            assert_eq!((&received[0]["id"], &received[0]["command"]), (&sent["id"], command));
            assert_eq!(received[0]["from"], member.participant_id.as_str(), "the phone hears who sent it");
        }
        Effect::Chat(client_id) => {
            let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM chat_messages WHERE session_id = $1 AND client_id = $2")
                .bind(&room.session)
                .bind(client_id)
                .fetch_one(&room.app.db.pool)
                .await
                .expect("count");
            assert_eq!(stored, 1, "{who}'s chat message is stored");
            let echo = |m: &Value| m["type"] == "chat" && m["message"]["client_id"] == client_id.as_str();
            // Over the socket the echo came with the answers; over HTTP it follows on the socket.
            let live = answers.iter().any(echo) || !next_where(&mut member.socket, echo).await.is_null();
            assert!(live, "{who} gets its chat message live");
        }
        Effect::Offer => assert!(answers.iter().any(|a| a["type"] == "offer"), "{who} gets a fresh video offer: {answers:?}"),
        Effect::Notes(text) => {
            let read = room.app.get(&member.client, &format!("/api/sessions/{}/notes", room.session)).await;
            assert_eq!(read.body["text"], *text, "{who}'s notes read back");
        }
        Effect::Row(table) => {
            let after = room.app.table_counts().await;
            let count = |counts: &[(String, i64)]| counts.iter().find(|(t, _)| t == table).expect("table counted").1;
            assert_eq!(count(&after), count(before) + 1, "{who}'s {feature} stored one row in {table}");
        }
        Effect::Read => {}
    }
}

/// Tries every action of `feature` as `member`, expecting its effect, or the refusal `code`.
async fn expect(room: &mut Room, member: &mut Member, feature: &str, refused_with: Option<&str>) {
    for try_ in attempts(feature, &room.session, &room.team) {
        check(room, member, feature, &try_, refused_with).await;
    }
}

/// One attempt: its effect when allowed; else the refusal `code`, with nothing stored and nothing sent to the phone.
async fn check(room: &mut Room, member: &mut Member, feature: &str, try_: &Attempt, refused_with: Option<&str>) {
    let before = room.app.table_counts().await;
    let outcome = attempt(&room.app, member, try_).await;
    match refused_with {
        None => {
            let answers = outcome.unwrap_or_else(|refusal| panic!("{} may use {feature}: {refusal:?}", member.name));
            observe_effect(room, member, feature, &try_.effect, &answers, &before).await;
        }
        Some(code) => {
            assert_eq!(outcome.err(), Some((StatusCode::FORBIDDEN, code.to_owned())), "{} may not use {feature}", member.name);
            assert_eq!(room.app.table_counts().await, before, "a refused {feature} attempt by {} left a trace", member.name);
            assert_eq!(phone_commands(&mut room.phone).await, Vec::<Value>::new(), "a refused {feature} attempt reached the phone");
        }
    }
}

struct Scene {
    room: Room,
    owner: Member,
    secondary: Member,
    monitor: Member,
    guest: Member,
}

async fn scene(backend: Backend) -> Scene {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let Cast { admin, olga, sam, session, code, .. } = monitored_session(&app).await;
    let team = app.post(&admin, "/api/teams", json!({"name": "Field"})).await.body["id"].as_str().expect("team").to_owned();
    let link = invite_guest(&app, &olga, &session, "gus@partner.example", &[]).await;
    let gus = join_as_guest(&app, &link.token, "Gus").await;
    let (phone, _) = joined(addr, &code).await;
    let owner = member(addr, "the primary", olga, &session).await;
    let secondary = member(addr, "the secondary", sam, &session).await;
    let monitor = member(addr, "the monitoring admin", admin, &session).await;
    let guest = member(addr, "the guest", gus, &session).await;
    Scene { room: Room { app, addr, session, team, phone }, owner, secondary, monitor, guest }
}

async fn every_role_gets_exactly_its_rights(backend: Backend) {
    let Scene { mut room, mut owner, mut secondary, mut monitor, mut guest } = scene(backend).await;
    let actionable: Vec<&str> = ROLE_TABLE.iter().map(|row| row.0).filter(|f| !NOT_YET_ACTIONABLE.contains(f)).collect();
    for feature in &actionable {
        assert!(!attempts(feature, "s", "t").is_empty(), "{feature} has no action to try");
    }
    for (feature, primary, secondary_has, guest_has) in ROLE_TABLE.into_iter().filter(|row| actionable.contains(&row.0)) {
        let refusal = |allowed: bool| (!allowed).then_some("role_not_permitted");
        expect(&mut room, &mut owner, feature, refusal(primary)).await;
        expect(&mut room, &mut secondary, feature, refusal(secondary_has)).await;
        expect(&mut room, &mut monitor, feature, refusal(secondary_has)).await;
        expect(&mut room, &mut guest, feature, refusal(guest_has)).await;
    }
}

async fn features_without_actions_are_refused_as_unknown(backend: Backend) {
    let Scene { room, mut owner, .. } = scene(backend).await;
    // The owner holds every right: a refusal here can only mean the server knows no such action.
    // When one of these gets an action, this fails until the feature moves out of NOT_YET_ACTIONABLE.
    for feature in NOT_YET_ACTIONABLE {
        for message in [json!({"type": feature}), json!({"type": "command", "command": {"action": feature}})] {
            let answers = exchange(&mut owner, &message).await;
            let error = answers.iter().find(|a| a["type"] == "error").unwrap_or_else(|| panic!("{message} was accepted: {answers:?}"));
            assert_eq!(error["code"], "malformed_message", "{message}");
        }
        for path in [format!("/api/sessions/{}/{feature}", room.session), format!("/api/sessions/{}/{}", room.session, feature.replace('_', "-"))] {
            let answer = room.app.post(&owner.client, &path, json!({})).await;
            assert_eq!((answer.status, answer.code()), (StatusCode::NOT_FOUND, "not_found"), "{path}");
        }
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
    let Scene { room, owner, secondary, monitor, guest } = scene;
    let (target, role) = match who {
        Collaborator::Secondary => (secondary, "secondary"),
        Collaborator::Guest => (guest, "guest"),
    };
    let addr = room.addr;
    for (feature, _, secondary_has, guest_has) in ROLE_TABLE {
        let has = if role == "guest" { guest_has } else { secondary_has };
        if !has || NOT_YET_ACTIONABLE.contains(&feature) {
            continue;
        }
        let path = format!("/api/sessions/{}/participants/{}/rights/{feature}", room.session, target.participant_id);
        let switched = room.app.call(Some(&owner.client), Method::PUT, &path, Some(json!({"allowed": false}))).await;
        assert_eq!(switched.status, StatusCode::OK, "{:?}", switched.body);
        assert!(!switched.body["rights"].as_array().expect("rights").contains(&json!(feature)));
        // The collaborator's console hears of it at once, and sees the session's people only with session details.
        let seat = next_where(&mut target.socket, |m| {
            m["type"] == "seat" && !m["seat"]["rights"].as_array().is_some_and(|r| r.contains(&json!(feature)))
        })
        .await;
        assert_eq!(seat["seat"]["role"], role);
        assert_eq!(seat["seat"]["participants"].is_array(), feature != "session_details", "{seat}");
        expect(room, target, feature, Some("right_withdrawn")).await;
        if feature == "video" {
            // A new connection while withdrawn gets no video either.
            *target = member(addr, target.name, target.client.clone(), &room.session).await;
            let opened = drain(target).await;
            assert!(!opened.iter().any(|m| m["type"] == "offer" || m["type"] == "phone_state"), "{opened:?}");
            assert!(opened.iter().any(|m| m["type"] == "seat"), "the new connection is served: {opened:?}");
        }
        // Others keep the right.
        expect(room, monitor, feature, None).await;

        let restored = room.app.call(Some(&owner.client), Method::PUT, &path, Some(json!({"allowed": true}))).await;
        assert_eq!(restored.status, StatusCode::OK);
        let offered = std::cell::Cell::new(false);
        next_where(&mut target.socket, |m| {
            offered.set(offered.get() || m["type"] == "offer");
            m["type"] == "seat" && m["seat"]["rights"].as_array().is_some_and(|r| r.contains(&json!(feature)))
        })
        .await;
        if feature == "video" {
            assert!(offered.get(), "restoring video offers it at once");
        }
        expect(room, target, feature, None).await;
    }
}

async fn stopping_a_scan_needs_a_scan_right(backend: Backend) {
    let Scene { mut room, owner, mut secondary, .. } = scene(backend).await;
    let stop = json!({"action": "stop_scan"});
    let stop_scan = || Attempt { how: How::Live(json!({"type": "command", "command": stop})), effect: Effect::PhoneCommand(stop.clone()) };
    let rights = format!("/api/sessions/{}/participants/{}/rights", room.session, secondary.participant_id);
    let right = |feature: &str| format!("{rights}/{feature}");
    for feature in ["qr", "barcode"] {
        let answer = room.app.call(Some(&owner.client), Method::PUT, &right(feature), Some(json!({"allowed": false}))).await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    check(&mut room, &mut secondary, "stop_scan", &stop_scan(), Some("right_withdrawn")).await;
    for feature in ["qr", "barcode"] {
        let answer = room.app.call(Some(&owner.client), Method::PUT, &right(feature), Some(json!({"allowed": true}))).await;
        assert_eq!(answer.status, StatusCode::OK);
        check(&mut room, &mut secondary, "stop_scan", &stop_scan(), None).await;
        let answer = room.app.call(Some(&owner.client), Method::PUT, &right(feature), Some(json!({"allowed": false}))).await;
        assert_eq!(answer.status, StatusCode::OK);
    }
}

/// A refused request by `member`: its status and code, and no row changed.
async fn refused(room: &Room, member: &Member, method: Method, path: &str, body: Option<Value>, status: StatusCode, code: &str) {
    let before = room.app.table_counts().await;
    let answer = room.app.call(Some(&member.client), method.clone(), path, body).await;
    assert_eq!((answer.status, answer.code()), (status, code), "{} {method} {path}: {:?}", member.name, answer.body);
    assert_eq!(room.app.table_counts().await, before, "{} {method} {path} left a trace", member.name);
}

async fn only_the_owner_manages_people(backend: Backend) {
    let Scene { room, owner, secondary, monitor, guest } = scene(backend).await;
    let (app, s) = (&room.app, &room.session);
    let sam = secondary.participant_id.clone();
    let rights = format!("/api/sessions/{s}/participants/{sam}/rights/flash");
    let transfer = format!("/api/sessions/{s}/transfer");
    let invitation = app.post(&owner.client, &format!("/api/sessions/{s}/invitations"), json!({"target": "team", "id": room.team})).await;
    assert_eq!(invitation.status, StatusCode::CREATED);
    let internal_revoke = format!("/api/invitations/{}/revoke", invitation.body["id"].as_str().expect("id"));
    let link = invite_guest(app, &owner.client, s, "gina@partner.example", &[]).await;
    let guest_revoke = format!("/api/guest-invitations/{}/revoke", link.id);
    for member in [&secondary, &monitor, &guest] {
        let forbidden = StatusCode::FORBIDDEN;
        refused(&room, member, Method::PUT, &rights, Some(json!({"allowed": false})), forbidden, "not_owner").await;
        refused(&room, member, Method::POST, &transfer, Some(json!({"participant_id": sam})), forbidden, "not_owner").await;
        refused(&room, member, Method::POST, &internal_revoke, Some(json!({})), forbidden, "role_not_permitted").await;
        refused(&room, member, Method::POST, &format!("/api/sessions/{s}/guest-invitations"), Some(json!({"email": "x@partner.example", "name": "X"})), forbidden, "role_not_permitted").await;
        refused(&room, member, Method::POST, &guest_revoke, Some(json!({})), forbidden, "role_not_permitted").await;
    }
    // A collaborator cannot end the session (an admin, monitoring or not, may: SPEC's admin powers).
    refused(&room, &secondary, Method::POST, &format!("/api/sessions/{s}/end"), Some(json!({})), StatusCode::FORBIDDEN, "forbidden").await;
    refused(&room, &guest, Method::POST, &format!("/api/sessions/{s}/end"), Some(json!({})), StatusCode::FORBIDDEN, "role_not_permitted").await;
    assert_eq!(app.get(&owner.client, &format!("/api/sessions/{s}")).await.body["status"], "connected", "the session goes on");
    let invitations = app.get(&owner.client, &format!("/api/sessions/{s}/invitations")).await.body;
    let status = |id: &str| invitations.as_array().expect("list").iter().find(|i| i["id"] == id).expect("listed")["status"].clone();
    assert_eq!((status(invitation.body["id"].as_str().expect("id")), status(&link.id)), (json!("active"), json!("sent")), "{invitations}");
    // The owner may not narrow its own rights or the customer's, nor hand ownership to a non-secondary.
    let session = app.get(&owner.client, &format!("/api/sessions/{s}")).await.body;
    let id_of_role = |role: &str| {
        session["participants"].as_array().expect("participants").iter().find(|p| p["role"] == role).expect("role present")["id"]
            .as_str()
            .expect("id")
            .to_owned()
    };
    for target in [id_of_role("primary"), id_of_role("customer")] {
        let path = format!("/api/sessions/{s}/participants/{target}/rights/flash");
        refused(&room, &owner, Method::PUT, &path, Some(json!({"allowed": false})), StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    }
    refused(&room, &owner, Method::POST, &transfer, Some(json!({"participant_id": id_of_role("customer")})), StatusCode::CONFLICT, "conflict").await;
    refused(&room, &owner, Method::PUT, &rights.replace("flash", "teleport"), Some(json!({"allowed": false})), StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
}

async fn only_admins_change_the_organisation(backend: Backend) {
    let Scene { room, secondary, guest, monitor, .. } = scene(backend).await;
    let app = &room.app;
    let category = app.post(&monitor.client, "/api/categories", json!({"name": "Routers"})).await;
    assert_eq!(category.status, StatusCode::CREATED, "{:?}", category.body);
    let category = format!("/api/categories/{}", category.body["id"].as_str().expect("id"));
    let sam = secondary.client.me["technician"]["id"].as_str().expect("id").to_owned();
    let member_path = format!("/api/teams/{}/members/{sam}", room.team);
    let added = app.call(Some(&monitor.client), Method::PUT, &member_path, None).await;
    assert!(added.status.is_success(), "{:?}", added.body);
    // A technician who is not an admin is forbidden; a guest is no signed-in technician at all.
    for (member, status, code) in [(&secondary, StatusCode::FORBIDDEN, "forbidden"), (&guest, StatusCode::UNAUTHORIZED, "unauthenticated")] {
        refused(&room, member, Method::PATCH, "/api/org", Some(json!({"name": "Taken over"})), status, code).await;
        refused(&room, member, Method::POST, "/api/categories", Some(json!({"name": "Mine"})), status, code).await;
        refused(&room, member, Method::PATCH, &category, Some(json!({"name": "Mine"})), status, code).await;
        refused(&room, member, Method::DELETE, &category, None, status, code).await;
        refused(&room, member, Method::DELETE, &member_path, None, status, code).await;
        refused(&room, member, Method::PUT, &format!("/api/teams/{}/members/{sam}", room.team).replace(&sam, "someone"), None, status, code).await;
    }
    assert_eq!(app.get(&monitor.client, "/api/org").await.body["name"], "Acme");
}

async fn notes_read_back_before_and_after_ownership_passes(backend: Backend) {
    let Scene { room, owner, secondary, .. } = scene(backend).await;
    let (app, s) = (&room.app, &room.session);
    let notes = format!("/api/sessions/{s}/notes");
    let written = app.call(Some(&owner.client), Method::PUT, &notes, Some(json!({"text": "modem on the left"}))).await;
    assert_eq!(written.status, StatusCode::OK);
    assert_eq!(app.get(&owner.client, &notes).await.body["text"], "modem on the left");
    let passed = app.post(&owner.client, &format!("/api/sessions/{s}/transfer"), json!({"participant_id": secondary.participant_id})).await;
    assert_eq!(passed.status, StatusCode::NO_CONTENT, "{:?}", passed.body);
    assert_eq!(app.get(&secondary.client, &notes).await.body["text"], "modem on the left", "the new owner reads the notes");
    let rewritten = app.call(Some(&secondary.client), Method::PUT, &notes, Some(json!({"text": "modem replaced"}))).await;
    assert_eq!(rewritten.status, StatusCode::OK);
    assert_eq!(app.get(&secondary.client, &notes).await.body["text"], "modem replaced");
    let former = app.get(&owner.client, &notes).await;
    assert_eq!((former.status, former.code()), (StatusCode::FORBIDDEN, "role_not_permitted"), "the former owner is a secondary now");
}
