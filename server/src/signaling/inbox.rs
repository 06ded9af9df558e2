//! A technician's console feed (`GET /api/me/live`): while the console is open the
//! technician counts as online, and the invitations waiting for them arrive live
//! (a new one appears, one taken by a teammate or revoked vanishes). The console may
//! only `ping`; anything else is answered with a typed `error` and the feed stays open.

use std::time::Duration;

use axum::extract::ws::WebSocket;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use futures_util::StreamExt;
use sightline_wire::{FeedRequest, InboxMessage};
use tokio::sync::mpsc::{self, UnboundedSender};

use super::technician::check_origin;
use crate::accounts::presence;
use crate::auth::Caller;
use crate::extract::ApiUpgrade;
use crate::error::{ErrorBody, Result};
use crate::live::pump::{self, Handler};
use crate::sessions::invitations::store;
use crate::state::AppState;

/// How often an open console refreshes its presence (well inside the online window).
const SEEN_EVERY: Duration = Duration::from_secs(20);
/// The console only pings this feed: a frame larger than a small message closes it.
const MAX_MESSAGE_BYTES: usize = 4 * 1024;

/// The technician's console feed (WebSocket): presence and invitations, live.
#[utoipa::path(get, path = "/api/me/live", tag = "signaling",
    responses((status = 101, description = "WebSocket upgrade"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn live(State(state): State<AppState>, caller: Caller, headers: HeaderMap, ApiUpgrade(upgrade): ApiUpgrade) -> Result<Response> {
    check_origin(&state, &headers)?;
    Ok(upgrade.max_message_size(MAX_MESSAGE_BYTES).on_upgrade(move |socket| serve(state, caller, socket)))
}

async fn serve(state: AppState, caller: Caller, socket: WebSocket) {
    let (sink, stream) = socket.split();
    let (outbox, outgoing) = mpsc::unbounded_channel();
    let feed = state.inboxes.open(&caller.technician_id, &caller.token_hash, &caller.org_id, outbox.clone());
    let mut console = Console { state: &state, technician_id: &caller.technician_id, outbox: &outbox };
    console.seen().await;
    match store::incoming(&state.db, &state.settings, &caller.technician_id).await {
        Ok(invitations) => {
            let _ = outbox.send(InboxMessage::Invitations { invitations });
        }
        Err(err) => tracing::error!(error = ?err, "could not load a console's invitations"),
    }
    pump::pump(sink, stream, outgoing, SEEN_EVERY, &mut console).await;
    if state.inboxes.close(feed) {
        if let Err(err) = presence::away(&state.db, &caller.technician_id).await {
            tracing::error!(error = ?err, "could not record a console closing");
        }
    }
}

/// An open console: it sends nothing the server acts on but `ping`; its clock keeps the technician online.
struct Console<'a> {
    state: &'a AppState,
    technician_id: &'a str,
    outbox: &'a UnboundedSender<InboxMessage>,
}

impl Console<'_> {
    async fn seen(&self) {
        if let Err(err) = presence::seen(&self.state.db, self.technician_id).await {
            tracing::error!(error = ?err, "could not record presence");
        }
    }
}

impl Handler for Console<'_> {
    async fn text(&mut self, text: &str) {
        let reply = match FeedRequest::parse(text) {
            Ok(FeedRequest::Ping {}) => InboxMessage::Pong,
            Err(err) => InboxMessage::error(err.code(), err.to_string()),
        };
        let _ = self.outbox.send(reply);
    }

    fn binary(&mut self) {
        let _ = self.outbox.send(InboxMessage::error("malformed_message", "send JSON text messages"));
    }

    async fn tick(&mut self) {
        self.seen().await;
    }
}
