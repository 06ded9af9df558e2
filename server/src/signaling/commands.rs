//! Technicians' commands to the phone (torch, zoom, scan, snapshot, freeze, live text) and the phone's answers,
//! checked against the sender's seat, recorded in the audit trail, and passed on
//! only to the technicians allowed to use the tool.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use sightline_wire::signal::{BarcodeFormat, Command, CommandOutcome, LiveTextResult, ScanKind, ScannedCode, ServerMessage, TextRegion};

use super::peer::Peer;
use crate::db::new_id;
use crate::auth::Member;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::sessions::model::{Role, SessionStatus};
use crate::sessions::rights::Feature;
use crate::sessions::seat::{self, Seat};
use crate::sessions::camera::{self, MAX_ZOOM};
use crate::sessions::{audit, captures, freeze, live_text, notify};
use crate::state::AppState;

const MAX_RESULTS: usize = 32;
const MAX_TEXT_CHARS: usize = 4096;
const MAX_POINTS: usize = 8;

fn feature(command: &Command) -> Feature {
    match command {
        Command::Torch { .. } => Feature::Flash,
        Command::Zoom { .. } => Feature::Zoom,
        Command::Scan { kind: ScanKind::Qr } => Feature::Qr,
        Command::Scan { kind: ScanKind::Barcode } | Command::StopScan => Feature::Barcode,
        Command::Snapshot => Feature::Snapshot,
        Command::Freeze | Command::Unfreeze => Feature::Freeze,
        Command::ReadText { .. } => Feature::LiveText,
    }
}

/// The scan tool a decoded code of `format` belongs to.
pub(crate) fn scan_feature(format: BarcodeFormat) -> Feature {
    if format == BarcodeFormat::QrCode {
        Feature::Qr
    } else {
        Feature::Barcode
    }
}

/// Whether `seat` hears of `command` (its sending and its outcome): the holders of its
/// tool; of a stop, the holders of either scan tool.
pub(crate) fn hears_of(seat: &Seat, command: &Command) -> bool {
    match command {
        Command::StopScan => seat.may(Feature::Qr) || seat.may(Feature::Barcode),
        other => seat.may(feature(other)),
    }
}

/// A technician's command, from its live connection or over HTTP: checked, recorded,
/// sent to the phone; the technicians allowed to use the tool hear of it. Returns the
/// command's id. Live text while the picture is frozen reads the frozen still at once,
/// without the phone.
pub async fn send(state: &AppState, sender: &Seat, command: Command) -> Result<String> {
    let feature = feature(&command);
    let media = state.relay.session(&sender.session_id);
    // A stop is for the holders of either scan tool: the seats that hear of it.
    if !hears_of(&sender, &command) {
        sender.require(feature)?;
    }
    if let Command::Zoom { ratio } = command {
        if !ratio.is_finite() || !(0.1..=MAX_ZOOM).contains(&ratio) {
            return Err(Error::InvalidInput(format!("zoom ratio must be between 0.1 and {MAX_ZOOM}")));
        }
    }
    if let Command::ReadText { region } = &command {
        if let Some(region) = region {
            live_text::check_region(region)?;
        }
        if let Some(still) = freeze::held_still(state, &sender.session_id).await? {
            return read_frozen(state, sender, command, still).await;
        }
    }
    let Some(phone) = media.customer().await else {
        return Err(Error::Conflict("the customer's phone is not connected".into()));
    };
    let id = new_id();
    let (session_id, from) = (&sender.session_id, &sender.participant_id);
    audit::record(&state.db.pool, &state.settings.audit_key, session_id, Some(from), "command", json!({ "id": id, "command": command })).await?;
    // Technicians hear of the command before the phone can answer it.
    let sent = ServerMessage::CommandSent { id: id.clone(), from: from.clone(), command: command.clone() };
    to_hearers(state, session_id, &command, sent).await?;
    if !state.connections.send(&phone, ServerMessage::Command { id: id.clone(), from: from.clone(), command: command.clone() }) {
        let outcome = CommandOutcome::Failed { reason: "the customer's phone disconnected".into() };
        to_hearers(state, session_id, &command, ServerMessage::CommandDone { id: id.clone(), outcome }).await?;
    }
    Ok(id)
}

/// Live text on the frozen still: recorded and announced like a command the phone answered
/// at once, then read in the background; the result reaches the sender when it is ready.
async fn read_frozen(state: &AppState, sender: &Seat, command: Command, still: captures::store::StoredCapture) -> Result<String> {
    let Command::ReadText { region } = command else { return Err(Error::Internal("only live text reads the frozen still".into())) };
    let id = new_id();
    let (session_id, from) = (&sender.session_id, &sender.participant_id);
    audit::record(&state.db.pool, &state.settings.audit_key, session_id, Some(from), "command", json!({ "id": id, "command": command, "still": still.view.id })).await?;
    to_hearers(state, session_id, &command, ServerMessage::CommandSent { id: id.clone(), from: from.clone(), command: command.clone() }).await?;
    let outcome = CommandOutcome::DONE;
    audit::record(&state.db.pool, &state.settings.audit_key, session_id, None, "command_done", json!({ "id": id, "outcome": outcome })).await?;
    to_hearers(state, session_id, &command, ServerMessage::CommandDone { id: id.clone(), outcome }).await?;
    spawn_reading(state, session_id, &id, from, still, region);
    Ok(id)
}

/// Reads `still` for live text command `id` off the caller's path (a reading takes seconds).
fn spawn_reading(state: &AppState, session_id: &str, id: &str, asker: &str, still: captures::store::StoredCapture, region: Option<TextRegion>) {
    let (state, session_id, id, asker) = (state.clone(), session_id.to_owned(), id.to_owned(), asker.to_owned());
    tokio::spawn(async move {
        if let Err(err) = live_text::read_and_send(&state, &session_id, &id, &asker, &still, region).await {
            tracing::error!(%err, session_id, command_id = id, "live text could not be read");
        }
    });
}

/// The id a command was sent under.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct SentId {
    pub id: String,
}

/// Send the phone a command (body: the wire's `Command`), exactly as the live
/// connection's `command` message does: the outcome arrives on the live connections.
#[utoipa::path(post, path = "/api/sessions/{id}/commands", tag = "sessions", params(("id" = String, Path)), request_body = Command,
    responses((status = 202, body = SentId), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_command(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>, ApiJson(command): ApiJson<Command>) -> Result<(StatusCode, ApiJson<SentId>)> {
    let (session, sender) = seat::for_member(&state.db, &member, &id).await?;
    if session.status == SessionStatus::Ended {
        return Err(Error::SessionEnded);
    }
    let id = send(&state, &sender, command).await?;
    Ok((StatusCode::ACCEPTED, ApiJson(SentId { id })))
}

/// Sends `message` about `command` to the technicians who hear of it.
async fn to_hearers(state: &AppState, session_id: &str, command: &Command, message: ServerMessage) -> Result<()> {
    notify::to_each(state, session_id, |seat| (seat.role != Role::Customer && hears_of(seat, command)).then(|| message.clone())).await
}

/// The phone's outcome of a command sent in its session, passed on to the technicians
/// who heard of the command; the camera state it reports (the torch as switched, the
/// zoom ratio actually applied) is stored, and a freeze or unfreeze done changes the
/// session's freeze.
pub async fn done(state: &AppState, peer: &Peer, id: String, outcome: CommandOutcome) -> Result<()> {
    let sent = audit::sent(&state.db, &peer.session_id, &id)
        .await?
        .ok_or_else(|| Error::InvalidInput(format!("no command {id:?} was sent in this session")))?;
    let (command, from) = (sent.command, sent.from);
    let picture = match captures::kind_of(&command) {
        Some(_) => captures::store::for_command(&state.db, &id).await?,
        None => None,
    };
    let outcome = match outcome {
        CommandOutcome::Failed { reason } => {
            bounded_text("reason", &reason)?;
            CommandOutcome::Failed { reason }
        }
        CommandOutcome::Done { .. } if captures::kind_of(&command).is_some() && picture.is_none() => {
            return Err(Error::InvalidInput("upload the picture before reporting the command done".into()));
        }
        CommandOutcome::Done { camera: reported } => {
            let camera = reported.and_then(|reported| camera::acknowledged(&command, &reported));
            if let Some(camera) = &camera {
                camera::check(camera)?;
                camera::store::merge(&state.db, &peer.session_id, camera).await?;
            }
            CommandOutcome::Done { camera }
        }
    };
    // In the trail before anyone hears of what it changed, so whoever sees the change and
    // reads the trail finds the outcome there.
    audit::record(&state.db.pool, &state.settings.audit_key, &peer.session_id, Some(&peer.participant_id), "command_done", json!({ "id": id, "outcome": outcome })).await?;
    match (&command, &outcome, picture) {
        (Command::Freeze, CommandOutcome::Done { .. }, Some(still)) => freeze::hold(state, &peer.session_id, still).await?,
        (Command::Unfreeze, CommandOutcome::Done { .. }, _) => freeze::release(state, &peer.session_id).await?,
        (Command::ReadText { region }, CommandOutcome::Done { .. }, Some(still)) => spawn_reading(state, &peer.session_id, &id, &from, still, *region),
        (Command::ReadText { region }, CommandOutcome::Failed { reason }, _) => {
            let result = LiveTextResult::Failed { code: "capture_failed".into(), message: reason.clone() };
            live_text::send(state, &peer.session_id, &id, &from, *region, result).await?;
        }
        _ => {}
    }
    to_hearers(state, &peer.session_id, &command, ServerMessage::CommandDone { id, outcome }).await
}

/// Codes the phone found, checked for shape; each technician gets those of the
/// scan tools it may use.
pub async fn scan_results(state: &AppState, peer: &Peer, id: String, results: Vec<ScannedCode>) -> Result<()> {
    if results.len() > MAX_RESULTS {
        return Err(Error::InvalidInput(format!("at most {MAX_RESULTS} codes per message")));
    }
    for code in &results {
        bounded_text("text", &code.text)?;
        let inside = code.points.iter().flatten().all(|c| c.is_finite() && (0.0..=1.0).contains(c));
        if code.points.len() > MAX_POINTS || !inside {
            return Err(Error::InvalidInput("points must be at most 8 normalised [x, y] pairs in 0..1".into()));
        }
    }
    let found: Vec<_> = results.iter().map(|c| json!({ "format": c.format, "text": c.text })).collect();
    audit::record(&state.db.pool, &state.settings.audit_key, &peer.session_id, Some(&peer.participant_id), "scan_results", json!({ "id": id, "codes": found })).await?;
    notify::to_each(state, &peer.session_id, |seat| {
        let visible: Vec<ScannedCode> = results.iter().filter(|code| seat.may(scan_feature(code.format))).cloned().collect();
        (seat.role != Role::Customer && !visible.is_empty()).then(|| ServerMessage::ScanResults { id: id.clone(), results: visible })
    })
    .await
}

fn bounded_text(field: &str, text: &str) -> Result<()> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::InvalidInput(format!("{field} is longer than {MAX_TEXT_CHARS} characters")));
    }
    Ok(())
}
