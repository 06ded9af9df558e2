//! Several nodes on one PostgreSQL database: what changes on one node (invitations, chat,
//! rights) reaches the connections another node holds, through the database's LISTEN/NOTIFY hints, also when
//! the listening connection was cut while the change happened; behind HAProxy a session's
//! people meet on one node and move together when it dies; a node that restarts ends only
//! the sessions of nodes that are gone, never another live node's. PostgreSQL only: skipped
//! without `SIGHTLINE_TEST_POSTGRES_URL`.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use sightline_server::db::LISTENER_NAME;
use sightline_server::sessions::hints;

use crate::common::collaboration::{accept, bring_in, id_of, invite, make_reachable, start_session};
use sightline_sdk_core::session::{ConnectionEvent, SessionListener, SessionState};
use sightline_virtual_phone::phone::VirtualPhone;

use crate::common::live::{console_socket, keep_open, next_where, send, technician_socket, KeptOpen, Socket, CONSOLE_ORIGIN};
use crate::common::phone::small_phone;
use crate::common::nodes::{postgres_admin_url, Balancer, Node};
use crate::common::{eventually, Backend, Client, TestApp};

/// Two nodes: this test's app, served in-process and following hints, and a `sightline`
/// process on its database. Olga works on the first, Sam's console is open on the second.
struct TwoNodes {
    app: TestApp,
    second: Node,
    olga: Client,
    sam: Client,
    session_id: String,
}

/// The two nodes, or `None` (the test is skipped) without PostgreSQL.
async fn two_nodes() -> Option<TwoNodes> {
    postgres_admin_url()?;
    let app = TestApp::new(Backend::Postgres).await;
    hints::follow(&app.state);
    let second = Node::start(&app);
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    make_reachable(&app, &admin, &sam).await;
    let (session_id, _) = start_session(&app, &olga).await;
    Some(TwoNodes { app, second, olga, sam, session_id })
}

impl TwoNodes {
    /// Sam brought into Olga's session, connected to it on the second node; his participant id.
    async fn sam_on_the_second_node(&self) -> (String, Socket) {
        let admin = self.app.admin().await;
        let sam_id = bring_in(&self.app, &admin, &self.olga, &self.session_id, &self.sam).await;
        (sam_id, technician_socket(self.second.addr, &self.sam, &self.session_id).await)
    }
}

/// The invitation queues an open console receives until one lists an invitation.
async fn next_queue_with_one(console: &mut Socket) -> Value {
    next_where(console, |m| m["type"] == "invitations" && m["invitations"].as_array().is_some_and(|l| !l.is_empty())).await
}

async fn console_on(addr: std::net::SocketAddr, client: &Client) -> Socket {
    let mut console = console_socket(addr, client, "/api/me/live", CONSOLE_ORIGIN).await.expect("console feed");
    let first = next_where(&mut console, |m| m["type"] == "invitations").await;
    assert_eq!(first["invitations"], json!([]), "{first}");
    console
}

#[tokio::test]
async fn an_invitation_reaches_the_console_open_on_another_node() {
    let Some(nodes) = two_nodes().await else { return };
    let mut sam_console = console_on(nodes.second.addr, &nodes.sam).await;
    let sent = invite(&nodes.app, &nodes.olga, &nodes.session_id, &nodes.sam, "Router in room 4").await;
    let pushed = next_queue_with_one(&mut sam_console).await;
    assert_eq!(pushed["invitations"][0]["id"], sent["id"], "{pushed}");
    assert_eq!(pushed["invitations"][0]["comment"], "Router in room 4");
}

#[tokio::test]
async fn an_invitation_sent_while_the_listeners_are_cut_still_arrives() {
    let (Some(admin_url), Some(nodes)) = (postgres_admin_url(), two_nodes().await) else { return };
    let mut sam_console = console_on(nodes.second.addr, &nodes.sam).await;
    let database = nodes.app.database_url.rsplit_once('/').map(|(_, name)| name.to_owned()).expect("a database name");
    let admin = sqlx::PgPool::connect(&admin_url).await.expect("postgres reachable");
    let listeners = || async {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2")
            .bind(&database)
            .bind(LISTENER_NAME)
            .fetch_one(&admin)
            .await
            .expect("activity");
        count
    };
    eventually("both nodes listen", || async { listeners().await == 2 }).await;
    // The first node's pool opens every connection it may have now, so the invitation it
    // sends below needs no new one (a node's background work shares the pool).
    let pool = &nodes.app.db.pool;
    let held: Vec<_> = futures_util::future::join_all((0..pool.options().get_max_connections()).map(|_| pool.acquire())).await;
    assert!(held.iter().all(Result::is_ok), "the pool opens all its connections");
    drop(held);
    // No connection to the database may open until the invitation is sent, so neither node
    // can listen again before it: the hint it sends is heard by nobody.
    sqlx::query(&format!("ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false")).execute(&admin).await.expect("closed");
    let (terminated,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2) AS cut",
    )
    .bind(&database)
    .bind(LISTENER_NAME)
    .fetch_one(&admin)
    .await
    .expect("terminated");
    assert_eq!(terminated, 2, "both listening connections were cut");
    let sent = invite(&nodes.app, &nodes.olga, &nodes.session_id, &nodes.sam, "Sent while nobody listens").await;
    sqlx::query(&format!("ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true")).execute(&admin).await.expect("open again");
    // The second node listens again, reloads what it may have missed, and Sam's console hears of it.
    let pushed = next_queue_with_one(&mut sam_console).await;
    assert_eq!(pushed["invitations"][0]["id"], sent["id"], "{pushed}");
    eventually("both nodes listen again", || async { listeners().await == 2 }).await;
}

#[tokio::test]
async fn chat_and_a_withdrawn_right_reach_a_technician_on_another_node() {
    let Some(nodes) = two_nodes().await else { return };
    let (sam_id, mut sam_live) = nodes.sam_on_the_second_node().await;
    let history = next_where(&mut sam_live, |m| m["type"] == "chat_history").await;
    assert_eq!(history["messages"], json!([]), "{history}");
    // Olga writes on the first node: Sam's connection to the second node gets the stored chat.
    let path = format!("/api/sessions/{}/chat", nodes.session_id);
    let posted = nodes.app.post(&nodes.olga, &path, json!({"client_id": "c1", "text": "Is the green light on?"})).await;
    assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.body);
    let heard = next_where(&mut sam_live, |m| m["type"] == "chat_history" && m["messages"].as_array().is_some_and(|l| !l.is_empty())).await;
    assert_eq!(heard["messages"][0]["seq"], posted.body["seq"], "{heard}");
    assert_eq!(heard["messages"][0]["text"], "Is the green light on?");
    // Olga withdraws Sam's chat on the first node: his view on the second node follows.
    let right = format!("/api/sessions/{}/participants/{sam_id}/rights/chat", nodes.session_id);
    let switched = nodes.app.call(Some(&nodes.olga), Method::PUT, &right, Some(json!({"allowed": false}))).await;
    assert_eq!(switched.status, StatusCode::OK, "{:?}", switched.body);
    let seat = next_where(&mut sam_live, |m| m["type"] == "seat" && !m["seat"]["rights"].as_array().is_some_and(|r| r.contains(&json!("chat")))).await;
    assert_eq!(seat["seat"]["participant_id"], sam_id.as_str(), "{seat}");
}

/// The phone app's states, in order.
#[derive(Default)]
struct States(parking_lot::Mutex<Vec<SessionState>>);

impl SessionListener for States {
    fn on_state_changed(&self, state: SessionState) {
        self.0.lock().push(state);
    }
    fn on_connection_event(&self, _: ConnectionEvent) {}
}

impl States {
    /// Waits for `wanted` from position `since` on; returns the position after it.
    async fn wait_for(&self, wanted: SessionState, since: usize) -> usize {
        let seen = || self.0.lock().iter().skip(since).position(|s| *s == wanted).map(|at| since + at + 1);
        eventually(&format!("{wanted:?} after state {since}"), || async { seen().is_some() }).await;
        seen().expect("seen")
    }
}

/// The relay tells a technician's connection the phone's video is live.
async fn sees_the_phone_live(socket: &mut Socket) {
    let state = next_where(socket, |m| m["type"] == "phone_state" && m["state"] == "live").await;
    assert!(!state.is_null(), "the connection closed before the phone was live");
}

async fn chat(socket: &mut Socket, client_id: &str, text: &str) {
    send(socket, json!({"type": "chat", "client_id": client_id, "text": text})).await;
    let echoed = next_where(socket, |m| m["type"] == "chat" && m["message"]["client_id"] == client_id).await;
    assert_eq!(echoed["message"]["text"], text, "{echoed}");
}

#[tokio::test]
async fn behind_the_balancer_a_session_lives_on_one_node_and_moves_when_it_dies() {
    if postgres_admin_url().is_none() {
        return;
    }
    let app = TestApp::new(Backend::Postgres).await;
    let mut nodes = [Node::start(&app), Node::start(&app)];
    let balancer = Balancer::start(&nodes[0], &nodes[1]).await;
    let admin = app.admin().await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let (session_id, code) = start_session(&app, &admin).await;
    // The phone joins through the balancer, and so does the admin's console: the phone goes
    // live only when a viewer is on its node, so both reached the session's node.
    let states = Arc::new(States::default());
    let phone = VirtualPhone::join(small_phone(balancer.addr, &code), states.clone()).await.expect("joins");
    let mut console = technician_socket(balancer.addr, &admin, &session_id).await;
    let seen = states.wait_for(SessionState::Live, 0).await;
    sees_the_phone_live(&mut console).await;
    let live = "sightline_sessions_live";
    eventually("one node streams the phone", || async { nodes[0].gauge(live).await + nodes[1].gauge(live).await == 1.0 }).await;
    let serving = if nodes[0].gauge(live).await == 1.0 { 0 } else { 1 };
    // Sam's console, on whichever node the balancer picked, hears of the invitation; he
    // accepts, joins the session through the balancer and sees the phone live.
    let mut sam_console = console_on(balancer.addr, &sam).await;
    let invitation = invite(&app, &admin, &session_id, &sam, "Second pair of eyes").await;
    let pushed = next_queue_with_one(&mut sam_console).await;
    assert_eq!(pushed["invitations"][0]["id"], invitation["id"], "{pushed}");
    accept(&app, &sam, &id_of(&invitation), "Sam").await;
    let mut sam_live = technician_socket(balancer.addr, &sam, &session_id).await;
    sees_the_phone_live(&mut sam_live).await;
    chat(&mut console, "c1", "Hello from the console").await;
    chat(&mut sam_live, "s1", "Sam here, I see the router").await;
    let from_sam = next_where(&mut console, |m| m["type"] == "chat" && m["message"]["client_id"] == "s1").await;
    assert_eq!(from_sam["message"]["display_name"], "Sam", "{from_sam}");

    // The session's node dies: the phone reconnects through the balancer by itself, the
    // consoles reconnect as the console does, and they meet again on the other node.
    nodes[serving].kill();
    for socket in [&mut console, &mut sam_live] {
        assert!(next_where(socket, |_| false).await.is_null(), "the connection closed with its node");
    }
    let seen = states.wait_for(SessionState::Reconnecting, seen).await;
    let mut console = technician_socket(balancer.addr, &admin, &session_id).await;
    let mut sam_live = technician_socket(balancer.addr, &sam, &session_id).await;
    states.wait_for(SessionState::Live, seen).await;
    let survivor = 1 - serving;
    eventually("the other node streams the phone", || async { nodes[survivor].gauge(live).await == 1.0 }).await;
    sees_the_phone_live(&mut sam_live).await;
    let history = next_where(&mut console, |m| m["type"] == "chat_history").await;
    assert_eq!(history["messages"].as_array().map(Vec::len), Some(2), "{history}");
    chat(&mut sam_live, "s2", "Back again").await;

    // Nothing stored was lost or repeated, and the trail is whole.
    let stored = app.get(&admin, &format!("/api/sessions/{session_id}/chat")).await.body;
    let texts: Vec<&str> = stored.as_array().expect("list").iter().filter_map(|m| m["text"].as_str()).collect();
    assert_eq!(texts, ["Hello from the console", "Sam here, I see the router", "Back again"]);
    let seqs: Vec<i64> = stored.as_array().expect("list").iter().filter_map(|m| m["seq"].as_i64()).collect();
    assert!(seqs.windows(2).all(|pair| pair[0] < pair[1]), "{seqs:?}");
    let verified = std::process::Command::new(std::env::var("SIGHTLINE_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_sightline").to_owned()))
        .args(["audit", "verify", "--session", &session_id, "--database-url", &app.database_url, "--audit-key-file"])
        .arg(&app.audit_key_file)
        .output()
        .expect("the sightline binary runs");
    assert!(verified.status.success(), "{}{}", String::from_utf8_lossy(&verified.stdout), String::from_utf8_lossy(&verified.stderr));
    drop(phone);
}

#[tokio::test]
async fn signing_out_on_one_node_ends_the_connections_on_another() {
    let Some(nodes) = two_nodes().await else { return };
    let (_, mut sam_live) = nodes.sam_on_the_second_node().await;
    let mut sam_console = console_on(nodes.second.addr, &nodes.sam).await;
    next_where(&mut sam_live, |m| m["type"] == "seat").await;
    let out = nodes.app.call(Some(&nodes.sam), Method::POST, "/api/auth/logout", None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{:?}", out.body);
    for socket in [&mut sam_console, &mut sam_live] {
        let ended = next_where(socket, |m| m["type"] == "ended").await;
        assert_eq!(ended["reason"], "signed_out", "{ended}");
    }
}

/// A phone session live on one node: the phone joined it directly and the session's owner
/// watches there (for as long as the test needs, however loaded the machine), so the phone
/// is live.
struct LiveOn {
    session_id: String,
    states: Arc<States>,
    _phone: VirtualPhone,
    _watching: KeptOpen,
}

async fn live_on(app: &TestApp, node: &Node, owner: &Client) -> LiveOn {
    let (session_id, code) = start_session(app, owner).await;
    let states = Arc::new(States::default());
    let phone = VirtualPhone::join(small_phone(node.addr, &code), states.clone()).await.expect("joins");
    let watching = technician_socket(node.addr, owner, &session_id).await;
    states.wait_for(SessionState::Live, 0).await;
    LiveOn { session_id, states, _phone: phone, _watching: keep_open(watching) }
}

/// The stored status and end reason of a session.
async fn status_of(app: &TestApp, owner: &Client, session_id: &str) -> (Option<String>, Option<String>) {
    let view = app.get(owner, &format!("/api/sessions/{session_id}")).await.body;
    (view["status"].as_str().map(str::to_owned), view["end_reason"].as_str().map(str::to_owned))
}

#[tokio::test]
async fn a_restarting_node_ends_only_what_gone_nodes_held() {
    if postgres_admin_url().is_none() {
        return;
    }
    let app = TestApp::new(Backend::Postgres).await;
    let short_grace = ["--reconnect-grace-secs", "1"];
    let mut a = Node::start_with(&app, &short_grace);
    let mut b = Node::start(&app);
    let admin = app.admin().await;
    // The older session lives on A; a second one lives on B, which then crashes and starts
    // again with a short grace: its phone is gone for good (it knew only the old address).
    let on_a = live_on(&app, &a, &admin).await;
    let on_b = live_on(&app, &b, &admin).await;
    b.kill();
    let _b = Node::start_with(&app, &short_grace);
    let ended = (Some("ended".to_owned()), Some("abandoned".to_owned()));
    eventually("the session the crashed node held ends", || async { status_of(&app, &admin, &on_b.session_id).await == ended }).await;
    // Sessions are ended oldest first: had A's session been taken for left behind, it
    // would have ended before B's. It goes on, its phone still live.
    assert_eq!(status_of(&app, &admin, &on_a.session_id).await, (Some("connected".to_owned()), None));
    assert_eq!(on_a.states.0.lock().last(), Some(&SessionState::Live));

    // A crashes too: once its heartbeat has expired and the grace has passed, the
    // restarted node ends A's session.
    a.kill();
    eventually("the session the second crashed node held ends", || async { status_of(&app, &admin, &on_a.session_id).await == ended }).await;
}
