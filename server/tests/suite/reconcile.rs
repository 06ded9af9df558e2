//! What a start finds: a joined session whose phone is gone ends as `abandoned` (and its
//! technicians hear why), while one whose phone is connected, one whose phone comes back
//! within the grace, and one still waiting for its customer go on.

use crate::common;

use std::net::SocketAddr;
use std::time::Duration;

use common::collaboration::start_session;
use common::live::{customer_socket, joined, next_of, send, technician_socket, Socket};
use common::{eventually, Backend, Client, TestApp};
use serde_json::{json, Value};
use sightline_server::sessions::reconcile::LeftBehind;

on_both_databases!(a_session_whose_phone_is_gone_ends_abandoned_and_the_others_go_on, a_phone_back_within_the_grace_keeps_its_session);

/// Long enough that a phone coming back is always inside it; the call returns as soon as it is.
const LONG_GRACE: Duration = Duration::from_secs(600);

async fn session(app: &TestApp, admin: &Client, id: &str) -> Value {
    app.get(admin, &format!("/api/sessions/{id}")).await.body
}

/// A session its phone has joined.
struct Joined {
    id: String,
    phone: Socket,
    /// The phone's reconnect token.
    token: String,
    /// The phone's participant id.
    customer: String,
}

async fn joined_session(app: &TestApp, addr: SocketAddr, admin: &Client) -> Joined {
    let (id, code) = start_session(app, admin).await;
    let (phone, token) = joined(addr, &code).await;
    let view = session(app, admin, &id).await;
    let customer = view["participants"].as_array().expect("participants").iter().find(|p| p["role"] == "customer").expect("a customer");
    Joined { customer: customer["id"].as_str().expect("id").to_owned(), id, phone, token }
}

/// Closes the phone's connection and waits until the server has let it go.
async fn drop_phone(app: &TestApp, mut socket: Socket, participant_id: &str) {
    socket.close(None).await.expect("close");
    eventually("the server lets the phone go", || async { !app.state.connections.is_connected(participant_id) }).await;
}

async fn a_session_whose_phone_is_gone_ends_abandoned_and_the_others_go_on(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let live = joined_session(&app, addr, &admin).await;
    let Joined { id: gone, phone, customer, .. } = joined_session(&app, addr, &admin).await;
    let (waiting, _) = start_session(&app, &admin).await;
    let mut watching = technician_socket(addr, &admin, &gone).await;
    drop_phone(&app, phone, &customer).await;

    let found = LeftBehind::find(&app.state).await.expect("find");
    assert_eq!(found.ids(), [gone.clone()]);
    let ended = found.end_unless_back(&app.state, Duration::ZERO).await.expect("reconcile");
    assert_eq!(ended, [gone.clone()]);

    let gone_view = session(&app, &admin, &gone).await;
    assert_eq!((gone_view["status"].as_str(), gone_view["end_reason"].as_str()), (Some("ended"), Some("abandoned")));
    assert_eq!(next_of(&mut watching, "ended").await["reason"], "abandoned");
    assert_eq!(session(&app, &admin, &live.id).await["status"], "connected");
    assert_eq!(session(&app, &admin, &waiting).await["status"], "waiting");
    // Nothing is left to find: a second start ends nothing more.
    assert!(LeftBehind::find(&app.state).await.expect("find").ids().is_empty());
}

async fn a_phone_back_within_the_grace_keeps_its_session(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let Joined { id, phone, token, customer } = joined_session(&app, addr, &admin).await;
    drop_phone(&app, phone, &customer).await;
    let found = LeftBehind::find(&app.state).await.expect("find");
    assert_eq!(found.ids(), [id.clone()]);

    // The phone reconnects with its token before the grace runs out.
    let mut back = customer_socket(addr).await;
    send(&mut back, json!({"type": "hello", "token": token, "protocol": 1})).await;
    assert_eq!(next_of(&mut back, "welcome").await["type"], "welcome");
    let ended = found.end_unless_back(&app.state, LONG_GRACE).await.expect("reconcile");
    assert!(ended.is_empty(), "{ended:?}");
    assert_eq!(session(&app, &admin, &id).await["status"], "connected");
}
