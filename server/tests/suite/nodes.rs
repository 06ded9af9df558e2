//! Several nodes on one PostgreSQL database: what changes on one node (invitations, chat,
//! rights) reaches the connections another node holds, through the database's LISTEN/NOTIFY hints, also when
//! the listening connection was cut while the change happened. PostgreSQL only: skipped
//! without `SIGHTLINE_TEST_POSTGRES_URL`.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use sightline_server::db::LISTENER_NAME;
use sightline_server::sessions::hints;

use crate::common::collaboration::{bring_in, invite, make_reachable, start_session};
use crate::common::live::{console_socket, next_where, technician_socket, Socket, CONSOLE_ORIGIN};
use crate::common::nodes::{postgres_admin_url, Node};
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

async fn two_nodes() -> TwoNodes {
    let app = TestApp::new(Backend::Postgres).await;
    hints::follow(&app.state);
    let second = Node::start(&app);
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    make_reachable(&app, &admin, &sam).await;
    let (session_id, _) = start_session(&app, &olga).await;
    TwoNodes { app, second, olga, sam, session_id }
}

/// The invitation queues an open console receives until one lists an invitation.
async fn next_queue_with_one(console: &mut Socket) -> Value {
    next_where(console, |m| m["type"] == "invitations" && m["invitations"].as_array().is_some_and(|l| !l.is_empty())).await
}

async fn console_on(node: &Node, client: &Client) -> Socket {
    let mut console = console_socket(node.addr, client, "/api/me/live", CONSOLE_ORIGIN).await.expect("console feed");
    let first = next_where(&mut console, |m| m["type"] == "invitations").await;
    assert_eq!(first["invitations"], json!([]), "{first}");
    console
}

#[tokio::test]
async fn an_invitation_reaches_the_console_open_on_another_node() {
    if postgres_admin_url().is_none() {
        return;
    }
    let nodes = two_nodes().await;
    let mut sam_console = console_on(&nodes.second, &nodes.sam).await;
    let sent = invite(&nodes.app, &nodes.olga, &nodes.session_id, &nodes.sam, "Router in room 4").await;
    let pushed = next_queue_with_one(&mut sam_console).await;
    assert_eq!(pushed["invitations"][0]["id"], sent["id"], "{pushed}");
    assert_eq!(pushed["invitations"][0]["comment"], "Router in room 4");
}

#[tokio::test]
async fn an_invitation_sent_while_the_listeners_are_cut_still_arrives() {
    let Some(admin_url) = postgres_admin_url() else { return };
    let nodes = two_nodes().await;
    let mut sam_console = console_on(&nodes.second, &nodes.sam).await;
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
    // The first node's pool keeps connections open for the invitation it sends below.
    let held: Vec<_> = futures_util::future::join_all((0..4).map(|_| nodes.app.db.pool.acquire())).await;
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
    if postgres_admin_url().is_none() {
        return;
    }
    let nodes = two_nodes().await;
    let admin = nodes.app.admin().await;
    let sam_id = bring_in(&nodes.app, &admin, &nodes.olga, &nodes.session_id, &nodes.sam).await;
    let mut sam_live = technician_socket(nodes.second.addr, &nodes.sam, &nodes.session_id).await;
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
