//! One participant's signaling connection, independent of the socket type so
//! tests can drive it with channels.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::Message;
use futures_util::{Sink, Stream};
use sightline_wire::signal::{ClientMessage, EndReason, ServerMessage};
use tokio::sync::mpsc;

use super::commands;
use super::peer::Peer;
use crate::error::Error;
use crate::live::pump::{self, Handler};
use crate::live::{Holder, Outbox};
use crate::media::SessionMedia;
use crate::sessions::model::Role;
use crate::sessions::rights::Feature;
use crate::sessions::{annotations, audio, camera, chat, details, freeze, lifecycle, notify, people, recording, seat, video};
use crate::state::AppState;

const PING_EVERY: Duration = Duration::from_secs(15);

/// Serves a connection until either side closes it or the session ends.
pub async fn serve<S, R>(state: AppState, peer: Peer, sink: S, stream: R)
where
    S: Sink<Message> + Unpin + Send,
    R: Stream<Item = Result<Message, axum::Error>> + Unpin + Send,
{
    let (outbox, outgoing) = mpsc::unbounded_channel::<ServerMessage>();
    let media = state.relay.session(&peer.session_id);
    let holder = Holder { session_id: peer.session_id.clone(), participant_id: peer.participant_id.clone(), opener: peer.opener.clone() };
    let connection_id = state.connections.register(holder, outbox.clone());
    let _ = outbox.send(ServerMessage::Welcome {
        session_id: peer.session_id.clone(),
        participant_id: peer.participant_id.clone(),
        role: peer.role,
        ice_servers: state.relay.settings.ice_servers.for_peer(&peer.participant_id, std::time::SystemTime::now()),
    });
    if let Err(err) = open_seat(&state, &media, &peer, &outbox).await {
        let _ = outbox.send(error_message(&err));
    }

    let mut connection = Connection { state: &state, media: &media, peer: &peer, outbox: &outbox };
    pump::pump(sink, stream, outgoing, PING_EVERY, &mut connection).await;
    if state.connections.unregister(&peer.participant_id, connection_id) {
        if peer.role == Role::Customer {
            media.publisher_left(&peer.participant_id).await;
        } else {
            media.unsubscribe(&peer.participant_id).await;
            notify::session_changed(&state, &peer.session_id).await;
            tokio::spawn(leave_unless_back(state, peer.participant_id));
        }
    }
}

/// One open signaling connection: what it acts on, and where its direct replies go.
struct Connection<'a> {
    state: &'a AppState,
    media: &'a Arc<SessionMedia>,
    peer: &'a Peer,
    outbox: &'a Outbox,
}

impl Handler for Connection<'_> {
    async fn text(&mut self, text: &str) {
        let reply = match ClientMessage::parse(text) {
            Ok(message) => handle(self.state, self.media, self.peer, message).await,
            Err(err) => Some(ServerMessage::error(err.code(), err.to_string())),
        };
        if let Some(reply) = reply {
            let _ = self.outbox.send(reply);
        }
    }

    fn binary(&mut self) {
        let _ = self.outbox.send(ServerMessage::error("malformed_message", "send JSON text messages"));
    }

    async fn tick(&mut self) {}
}

/// Starts what the participant's seat allows on a new connection: the phone
/// publishes and gets the annotations to draw and the freeze to hold; a technician gets video if it may see it, its view of the session,
/// and the chat it may read; each takes part in the voice channel if it may use the mic.
async fn open_seat(state: &AppState, media: &Arc<SessionMedia>, peer: &Peer, outbox: &Outbox) -> Result<(), Error> {
    let seat = seat::of_participant(&state.db, &peer.participant_id).await?;
    media.allow_voice(&peer.participant_id, seat.may(Feature::Mic));
    if peer.role == Role::Customer {
        media.attach_customer(&peer.participant_id).await;
        let _ = outbox.send(annotations::for_phone(state, &peer.session_id).await?);
        let _ = outbox.send(freeze::for_phone(state, &peer.session_id).await?);
        details::changed(state, &peer.session_id).await?;
        let _ = outbox.send(recording::message(state, &peer.session_id));
    } else if seat.may(Feature::Video) {
        media.subscribe(&peer.participant_id).await?;
    }
    if seat.may(Feature::Chat) {
        let _ = outbox.send(ServerMessage::ChatHistory { messages: chat::history(state, &seat).await? });
    }
    if peer.role != Role::Customer {
        notify::session_changed(state, &peer.session_id).await;
    }
    Ok(())
}

/// A technician whose connection stays away past the reconnect grace has left the session.
async fn leave_unless_back(state: AppState, participant_id: String) {
    tokio::time::sleep(state.settings.reconnect_grace).await;
    if state.connections.is_connected(&participant_id) {
        return;
    }
    let Ok(seat) = seat::of_participant(&state.db, &participant_id).await else { return };
    match people::leave(&state, &seat, EndReason::Disconnected).await {
        Ok(()) | Err(Error::NotInSession) => {}
        Err(err) => tracing::error!(error = ?err, "could not remove a disconnected technician"),
    }
}

/// Acts on one message; returns the direct reply, if any.
async fn handle(state: &AppState, media: &Arc<SessionMedia>, peer: &Peer, message: ClientMessage) -> Option<ServerMessage> {
    let publisher = peer.role == Role::Customer;
    let outcome = match message {
        ClientMessage::Ping => return Some(ServerMessage::Pong),
        ClientMessage::Offer { sdp } if publisher => {
            media.publish(&peer.participant_id, sdp).await.map(|sdp| Some(ServerMessage::Answer { sdp }))
        }
        ClientMessage::Candidate { candidate } if publisher => {
            media.publisher_candidate(&peer.participant_id, candidate).await.map(|()| None)
        }
        ClientMessage::Answer { sdp } if !publisher => media.viewer_answer(&peer.participant_id, sdp).await.map(|()| None),
        ClientMessage::Candidate { candidate } => media.viewer_candidate(&peer.participant_id, candidate).await.map(|()| None),
        ClientMessage::Command { command } if !publisher => async {
            let sender = seat::of_participant(&state.db, &peer.participant_id).await?;
            commands::send(state, &sender, command).await.map(|_| None)
        }
        .await,
        ClientMessage::CommandDone { id, outcome } if publisher => commands::done(state, peer, id, outcome).await.map(|()| None),
        ClientMessage::ScanResults { id, results } if publisher => commands::scan_results(state, peer, id, results).await.map(|()| None),
        ClientMessage::CameraState { camera: report } if publisher => camera::reported(state, &peer.session_id, &report).await.map(|()| None),
        ClientMessage::Chat { client_id, text } => async {
            let seat = seat::of_participant(&state.db, &peer.participant_id).await?;
            chat::post(state, &seat, &client_id, &text).await.map(|_| None)
        }
        .await,
        ClientMessage::AudioStatus { status } if publisher => {
            audio::reported(state, media, &peer.session_id, &peer.participant_id, status).await.map(|()| None)
        }
        ClientMessage::Network { network } if publisher => {
            details::network_reported(state, &peer.session_id, &peer.participant_id, network).await.map(|()| None)
        }
        ClientMessage::Video { state: report } if publisher => {
            video::reported(state, &peer.session_id, &peer.participant_id, report).await.map(|()| None)
        }
        ClientMessage::Mute { muted } => {
            media.mute(&peer.participant_id, muted);
            Ok(None)
        }
        ClientMessage::Annotate { annotation } if !publisher => async {
            annotations::add(state, &seat::of_participant(&state.db, &peer.participant_id).await?, &annotation).await.map(|_| None)
        }
        .await,
        ClientMessage::RemoveAnnotation { id } if !publisher => async {
            annotations::remove(state, &seat::of_participant(&state.db, &peer.participant_id).await?, &id).await.map(|()| None)
        }
        .await,
        ClientMessage::ClearAnnotations if !publisher => async {
            annotations::clear(state, &seat::of_participant(&state.db, &peer.participant_id).await?).await.map(|()| None)
        }
        .await,
        ClientMessage::StartRecording if !publisher => async {
            recording::start(state, &seat::of_participant(&state.db, &peer.participant_id).await?).await.map(|()| None)
        }
        .await,
        ClientMessage::StopRecording if !publisher => async {
            recording::stop(state, &seat::of_participant(&state.db, &peer.participant_id).await?).await.map(|_| None)
        }
        .await,
        ClientMessage::EndSession if publisher => {
            lifecycle::end(state, &peer.session_id, Some(&peer.participant_id), EndReason::CustomerEnded).await.map(|()| None)
        }
        ClientMessage::Resubscribe if !publisher => async {
            seat::of_participant(&state.db, &peer.participant_id).await?.require(Feature::Video)?;
            media.subscribe(&peer.participant_id).await.map(|()| None)
        }
        .await,
        other => Err(Error::InvalidInput(format!("{} may not send {}", peer.role.as_str(), message_name(&other)))),
    };
    outcome.unwrap_or_else(|err| Some(error_message(&err)))
}

fn message_name(message: &ClientMessage) -> &'static str {
    match message {
        ClientMessage::Hello { .. } => "hello now",
        ClientMessage::Join { .. } => "join now",
        ClientMessage::Offer { .. } => "an offer",
        ClientMessage::Answer { .. } => "an answer",
        ClientMessage::Candidate { .. } => "a candidate",
        ClientMessage::Resubscribe => "resubscribe",
        ClientMessage::EndSession => "end the session",
        ClientMessage::Command { .. } => "commands",
        ClientMessage::CommandDone { .. } => "command outcomes",
        ClientMessage::ScanResults { .. } => "scan results",
        ClientMessage::CameraState { .. } => "camera states",
        ClientMessage::Chat { .. } => "chat messages",
        ClientMessage::Mute { .. } => "mute",
        ClientMessage::AudioStatus { .. } => "audio statuses",
        ClientMessage::Network { .. } => "network reports",
        ClientMessage::Video { .. } => "video reports",
        ClientMessage::Annotate { .. } | ClientMessage::RemoveAnnotation { .. } | ClientMessage::ClearAnnotations => "annotations",
        ClientMessage::StartRecording | ClientMessage::StopRecording => "recording",
        ClientMessage::Ping => "ping",
    }
}

pub fn error_message(err: &Error) -> ServerMessage {
    let message = if err.status().is_server_error() {
        tracing::error!(error = ?err, "signaling failed");
        "something went wrong on the server; it has been logged".to_owned()
    } else {
        err.to_string()
    };
    ServerMessage::error(err.code(), message)
}
