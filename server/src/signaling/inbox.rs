//! A technician's console feed (`GET /api/me/live`): while the console is open the
//! technician counts as online, and the invitations waiting for them arrive live
//! (a new one appears, one taken by a teammate or revoked vanishes).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::ws::{Message, Utf8Bytes, WebSocketUpgrade};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use tokio::sync::mpsc;
use tokio::time::{interval, Instant};

use super::technician::check_origin;
use crate::accounts::presence;
use crate::auth::Caller;
use crate::error::{ErrorBody, Result};
use crate::sessions::invitations::store::{self, Incoming};
use crate::state::AppState;

/// How often an open console refreshes its presence (well inside the online window).
const SEEN_EVERY: Duration = Duration::from_secs(20);
const IDLE_LIMIT: Duration = Duration::from_secs(45);
/// The console only pings this feed: anything larger than a small message is refused.
const MAX_MESSAGE_BYTES: usize = 4 * 1024;

/// A message on the console feed.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboxMessage {
    /// Every invitation waiting for this technician now.
    Invitations { invitations: Vec<Incoming> },
    /// The feed closes: its sign-in ended (`signed_out`, `account_disabled`, ...).
    Ended { reason: String },
}

type InboxOutbox = mpsc::UnboundedSender<InboxMessage>;

struct Feed {
    technician_id: String,
    /// The sign-in (hash of its token) that opened the feed.
    sign_in: String,
    org_id: String,
    outbox: InboxOutbox,
}

/// The console feeds open on this node.
#[derive(Default)]
pub struct Inboxes {
    next_id: AtomicU64,
    feeds: Mutex<HashMap<u64, Feed>>,
}

impl Inboxes {
    fn open(&self, caller: &Caller, outbox: InboxOutbox) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let feed = Feed {
            technician_id: caller.technician_id.clone(),
            sign_in: caller.token_hash.clone(),
            org_id: caller.org_id.clone(),
            outbox,
        };
        self.feeds.lock().unwrap_or_else(|p| p.into_inner()).insert(id, feed);
        id
    }

    /// Closes a feed; true when the technician has no other feed open here.
    fn close(&self, id: u64) -> bool {
        let mut feeds = self.feeds.lock().unwrap_or_else(|p| p.into_inner());
        let Some(closed) = feeds.remove(&id) else { return false };
        !feeds.values().any(|f| f.technician_id == closed.technician_id)
    }

    /// Ends every feed whose (technician id, sign-in) `ends` picks, telling it `reason`.
    pub fn end_where(&self, ends: impl Fn(&str, &str) -> bool, reason: &str) {
        let feeds = self.feeds.lock().unwrap_or_else(|p| p.into_inner());
        for feed in feeds.values().filter(|f| ends(&f.technician_id, &f.sign_in)) {
            let _ = feed.outbox.send(InboxMessage::Ended { reason: reason.to_owned() });
        }
    }

    fn of_org(&self, org_id: &str) -> Vec<(String, InboxOutbox)> {
        let feeds = self.feeds.lock().unwrap_or_else(|p| p.into_inner());
        feeds.values().filter(|f| f.org_id == org_id).map(|f| (f.technician_id.clone(), f.outbox.clone())).collect()
    }
}

/// Sends every open console of the org its current invitations. Failures are logged.
pub async fn refresh_org(state: &AppState, org_id: &str) {
    for (technician_id, outbox) in state.inboxes.of_org(org_id) {
        match store::incoming(&state.db, &state.settings, &technician_id).await {
            Ok(invitations) => {
                let _ = outbox.send(InboxMessage::Invitations { invitations });
            }
            Err(err) => tracing::error!(error = ?err, "could not refresh a console's invitations"),
        }
    }
}

/// The technician's console feed (WebSocket): presence and invitations, live.
#[utoipa::path(get, path = "/api/me/live", tag = "signaling",
    responses((status = 101, description = "WebSocket upgrade"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn live(State(state): State<AppState>, caller: Caller, headers: HeaderMap, upgrade: WebSocketUpgrade) -> Result<Response> {
    check_origin(&state, &headers)?;
    Ok(upgrade.max_message_size(MAX_MESSAGE_BYTES).on_upgrade(move |socket| serve(state, caller, socket)))
}

async fn serve(state: AppState, caller: Caller, socket: axum::extract::ws::WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (outbox, mut outgoing) = mpsc::unbounded_channel();
    let feed = state.inboxes.open(&caller, outbox.clone());
    if let Err(err) = presence::seen(&state.db, &caller.technician_id).await {
        tracing::error!(error = ?err, "could not record presence");
    }
    match store::incoming(&state.db, &state.settings, &caller.technician_id).await {
        Ok(invitations) => {
            let _ = outbox.send(InboxMessage::Invitations { invitations });
        }
        Err(err) => tracing::error!(error = ?err, "could not load a console's invitations"),
    }
    let mut tick = interval(SEEN_EVERY);
    let mut last_heard = Instant::now();
    loop {
        tokio::select! {
            message = outgoing.recv() => {
                let Some(message) = message else { break };
                let ends = matches!(message, InboxMessage::Ended { .. });
                let text = serde_json::to_string(&message).unwrap_or_default();
                if sink.send(Message::Text(Utf8Bytes::from(text))).await.is_err() || ends {
                    break;
                }
            }
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => last_heard = Instant::now(),
            },
            _ = tick.tick() => {
                if last_heard.elapsed() > IDLE_LIMIT || sink.send(Message::Ping(Default::default())).await.is_err() {
                    break;
                }
                if let Err(err) = presence::seen(&state.db, &caller.technician_id).await {
                    tracing::error!(error = ?err, "could not record presence");
                }
            }
        }
    }
    let _ = sink.close().await;
    if state.inboxes.close(feed) {
        if let Err(err) = presence::away(&state.db, &caller.technician_id).await {
            tracing::error!(error = ?err, "could not record a console closing");
        }
    }
}
