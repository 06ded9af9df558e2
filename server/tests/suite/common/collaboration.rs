//! Sessions with several technicians: starting, inviting, joining.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::{Client, TestApp};

pub fn id_of(value: &Value) -> String {
    value["id"].as_str().expect("id").to_owned()
}

/// A technician's id, from its sign-in answer.
pub fn technician_id(client: &Client) -> String {
    client.me["technician"]["id"].as_str().expect("technician id").to_owned()
}

/// Starts a session as `owner`; returns its id and join code.
pub async fn start_session(app: &TestApp, owner: &Client) -> (String, String) {
    let session = app.post(owner, "/api/sessions", json!({})).await;
    assert_eq!(session.status, StatusCode::CREATED, "{:?}", session.body);
    (id_of(&session.body), session.body["join"]["code"].as_str().expect("code").to_owned())
}

/// Lets `admin` switch extended availability on for a technician (so it can be invited without a console open).
pub async fn make_reachable(app: &TestApp, admin: &Client, technician: &Client) {
    let path = format!("/api/technicians/{}", technician_id(technician));
    let answer = app.call(Some(admin), axum::http::Method::PATCH, &path, Some(json!({"extended_availability": true}))).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
}

/// Invites a technician by name; returns the invitation.
pub async fn invite(app: &TestApp, owner: &Client, session_id: &str, invitee: &Client, comment: &str) -> Value {
    let body = json!({"target": "technician", "id": technician_id(invitee), "comment": comment});
    let sent = app.post(owner, &format!("/api/sessions/{session_id}/invitations"), body).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    sent.body
}

/// Accepts an invitation under `name`; returns the new participant's id.
pub async fn accept(app: &TestApp, invitee: &Client, invitation_id: &str, name: &str) -> String {
    let accepted = app.post(invitee, &format!("/api/invitations/{invitation_id}/accept"), json!({"display_name": name})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    accepted.body["participant_id"].as_str().expect("participant id").to_owned()
}

/// Brings `invitee` into the session as a secondary; returns its participant id.
pub async fn bring_in(app: &TestApp, admin: &Client, owner: &Client, session_id: &str, invitee: &Client) -> String {
    make_reachable(app, admin, invitee).await;
    let invitation = invite(app, owner, session_id, invitee, "please help").await;
    let name = invitee.me["technician"]["display_name"].as_str().expect("name").to_owned();
    accept(app, invitee, &id_of(&invitation), &name).await
}

/// The stored status of an invitation.
pub async fn invitation_status(app: &TestApp, invitation_id: &str) -> String {
    let (status,): (String,) = sqlx::query_as("SELECT status FROM invitations WHERE id = $1")
        .bind(invitation_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("invitation stored");
    status
}

/// The usual cast in one session: Olga started it, Sam was brought in as a secondary, the admin monitors.
pub struct Cast {
    pub admin: Client,
    pub olga: Client,
    pub sam: Client,
    pub session: String,
    /// The customer's join code.
    pub code: String,
    pub sam_participant: String,
}

pub async fn monitored_session(app: &TestApp) -> Cast {
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let (session, code) = start_session(app, &olga).await;
    let sam_participant = bring_in(app, &admin, &olga, &session, &sam).await;
    let monitoring = app.post(&admin, &format!("/api/sessions/{session}/monitor"), json!({})).await;
    assert_eq!(monitoring.status, StatusCode::OK, "{:?}", monitoring.body);
    Cast { admin, olga, sam, session, code, sam_participant }
}
