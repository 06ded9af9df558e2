//! Guest technicians: invited by email with a single-use link, joining from a desktop browser.

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};

use super::{Answer, Client, TestApp};

/// A desktop Chrome, as a guest's browser presents itself.
pub const DESKTOP: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
/// Chrome on an Android phone.
pub const PHONE: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

/// A guest invitation just sent: its id, the token its link carries and how its mail goes.
pub struct GuestLink {
    pub id: String,
    pub token: String,
    /// `smtp`, or `local` (it waits in the outbox).
    pub delivery: String,
}

/// Invites `email` as a guest, withholding `withhold`; panics unless it works.
pub async fn invite_guest(app: &TestApp, owner: &Client, session_id: &str, email: &str, withhold: &[&str]) -> GuestLink {
    let body = json!({"email": email, "name": "Gus Guest", "comment": "the wiring, please", "withhold": withhold});
    let sent = app.post(owner, &format!("/api/sessions/{session_id}/guest-invitations"), body).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    let link = sent.body["link"].as_str().expect("link");
    let token = link.rsplit_once("/guest/").expect("a guest link").1.to_owned();
    let delivery = sent.body["delivery"].as_str().expect("delivery").to_owned();
    GuestLink { id: sent.body["invitation"]["id"].as_str().expect("id").to_owned(), token, delivery }
}

/// A request to a guest link's endpoint from a browser with `user_agent` (and `cookie`, if any).
pub async fn guest_call(app: &TestApp, method: Method, path: &str, user_agent: &str, cookie: Option<&str>, body: Option<Value>) -> Answer {
    let mut headers = vec![(header::USER_AGENT.as_str(), user_agent)];
    headers.extend(cookie.map(|c| (header::COOKIE.as_str(), c)));
    app.call_with(method, path, &headers, body).await
}

/// Opens the link from a desktop browser.
pub async fn open_link(app: &TestApp, token: &str, cookie: Option<&str>) -> Answer {
    guest_call(app, Method::GET, &format!("/api/guest/invitations/{token}"), DESKTOP, cookie, None).await
}

/// Tries to join with the link as `name` from a desktop browser.
pub async fn try_join(app: &TestApp, token: &str, name: &str) -> Answer {
    let body = json!({"display_name": name, "device": {"mobile": false, "reason": "no sign of a phone or tablet"}});
    guest_call(app, Method::POST, &format!("/api/guest/invitations/{token}/join"), DESKTOP, None, Some(body)).await
}

/// Joins with the link as `name`; returns the guest's browser (its cookie and CSRF token).
pub async fn join_as_guest(app: &TestApp, token: &str, name: &str) -> Client {
    let joined = try_join(app, token, name).await;
    assert_eq!(joined.status, StatusCode::OK, "{:?}", joined.body);
    let set_cookie = joined.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).expect("guest cookie set");
    assert!(!set_cookie.to_ascii_lowercase().contains("max-age"), "the guest cookie ends with the browser: {set_cookie}");
    let cookie = set_cookie.split(';').next().expect("cookie pair").to_owned();
    Client { cookie, csrf: joined.body["csrf_token"].as_str().expect("csrf").to_owned(), me: joined.body.clone() }
}

/// The guest's participant id, from its join answer.
pub fn participant_of(guest: &Client) -> String {
    guest.me["participant_id"].as_str().expect("participant id").to_owned()
}

/// The status of a guest invitation as its owner sees it.
pub async fn shown_status(app: &TestApp, owner: &Client, session_id: &str, invitation_id: &str) -> String {
    let list = app.get(owner, &format!("/api/sessions/{session_id}/invitations")).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let found = list.body.as_array().expect("list").iter().find(|i| i["id"] == invitation_id).expect("listed").clone();
    assert_eq!(found["target"], "guest");
    found["status"].as_str().expect("status").to_owned()
}

/// Olga's session with a guest in it and the phone joined, with their live connections.
pub struct GuestScene {
    pub addr: std::net::SocketAddr,
    pub cast: super::collaboration::Cast,
    pub guest: Client,
    pub phone: super::live::Socket,
    /// The phone's customer token.
    pub token: String,
    pub olga: super::live::Socket,
    pub guest_socket: super::live::Socket,
}

/// Serves `app` and sets up a [`GuestScene`] in it.
pub async fn session_with_guest(app: &TestApp) -> GuestScene {
    let addr = app.serve().await;
    let cast = super::collaboration::monitored_session(app).await;
    let (phone, token) = super::live::joined(addr, &cast.code).await;
    let link = invite_guest(app, &cast.olga, &cast.session, "guest@example.org", &[]).await;
    let guest = join_as_guest(app, &link.token, "Gus").await;
    let olga = super::live::technician_socket(addr, &cast.olga, &cast.session).await;
    let guest_socket = super::live::technician_socket(addr, &guest, &cast.session).await;
    GuestScene { addr, cast, guest, phone, token, olga, guest_socket }
}
