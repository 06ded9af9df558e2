//! Technicians' commands to the phone (torch, zoom, scan) and the phone's answers,
//! checked against the role table and recorded in the audit trail.

use std::sync::Arc;

use serde_json::json;
use sightline_wire::signal::{Command, CommandOutcome, ScanKind, ScannedCode, ServerMessage};

use super::connection::Peer;
use crate::db::new_id;
use crate::error::{Error, Result};
use crate::media::SessionMedia;
use crate::sessions::audit;
use crate::sessions::rights::{role_allows, Feature};
use crate::state::AppState;

const MAX_RESULTS: usize = 32;
const MAX_TEXT_CHARS: usize = 4096;
const MAX_POINTS: usize = 8;
const MAX_ZOOM: f32 = 100.0;

fn feature(command: &Command) -> Feature {
    match command {
        Command::Torch { .. } => Feature::Flash,
        Command::Zoom { .. } => Feature::Zoom,
        Command::Scan { kind: ScanKind::Qr } => Feature::Qr,
        Command::Scan { kind: ScanKind::Barcode } | Command::StopScan => Feature::Barcode,
    }
}

/// A technician's command: checked, recorded, sent to the phone; every technician hears of it.
pub async fn send(state: &AppState, media: &Arc<SessionMedia>, peer: &Peer, command: Command) -> Result<()> {
    let feature = feature(&command);
    let allowed = match command {
        Command::StopScan => role_allows(peer.role, Feature::Qr) || role_allows(peer.role, Feature::Barcode),
        _ => role_allows(peer.role, feature),
    };
    if !allowed {
        return Err(Error::Forbidden("your role may not use this tool"));
    }
    if let Command::Zoom { ratio } = command {
        if !ratio.is_finite() || !(0.1..=MAX_ZOOM).contains(&ratio) {
            return Err(Error::InvalidInput(format!("zoom ratio must be between 0.1 and {MAX_ZOOM}")));
        }
    }
    if !media.has_customer().await {
        return Err(Error::Conflict("the customer's phone is not connected".into()));
    }
    let id = new_id();
    audit::record(&state.db.pool, &peer.session_id, Some(&peer.participant_id), "command", json!({ "id": id, "command": command })).await?;
    // Technicians hear of the command before the phone can answer it.
    media.send_to_technicians(ServerMessage::CommandSent { id: id.clone(), from: peer.participant_id.clone(), command: command.clone() }).await;
    if !media.send_to_customer(ServerMessage::Command { id: id.clone(), from: peer.participant_id.clone(), command }).await {
        let outcome = CommandOutcome::Failed { reason: "the customer's phone disconnected".into() };
        media.send_to_technicians(ServerMessage::CommandDone { id, outcome }).await;
    }
    Ok(())
}

/// The phone's outcome of a command, passed on to every technician.
pub async fn done(state: &AppState, media: &SessionMedia, peer: &Peer, id: String, outcome: CommandOutcome) -> Result<()> {
    if let CommandOutcome::Failed { reason } = &outcome {
        bounded_text("reason", reason)?;
    }
    audit::record(&state.db.pool, &peer.session_id, Some(&peer.participant_id), "command_done", json!({ "id": id, "outcome": outcome })).await?;
    media.send_to_technicians(ServerMessage::CommandDone { id, outcome }).await;
    Ok(())
}

/// Codes the phone found, checked for shape, passed on to every technician.
pub async fn scan_results(state: &AppState, media: &SessionMedia, peer: &Peer, id: String, results: Vec<ScannedCode>) -> Result<()> {
    if results.len() > MAX_RESULTS {
        return Err(Error::InvalidInput(format!("at most {MAX_RESULTS} codes per message")));
    }
    for code in &results {
        bounded_text("text", &code.text)?;
        bounded_text("format", &code.format)?;
        let inside = code.points.iter().flatten().all(|c| c.is_finite() && (0.0..=1.0).contains(c));
        if code.points.len() > MAX_POINTS || !inside {
            return Err(Error::InvalidInput("points must be at most 8 normalised [x, y] pairs in 0..1".into()));
        }
    }
    let found: Vec<_> = results.iter().map(|c| json!({ "format": c.format, "text": c.text })).collect();
    audit::record(&state.db.pool, &peer.session_id, Some(&peer.participant_id), "scan_results", json!({ "id": id, "codes": found })).await?;
    media.send_to_technicians(ServerMessage::ScanResults { id, results }).await;
    Ok(())
}

fn bounded_text(field: &str, text: &str) -> Result<()> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::InvalidInput(format!("{field} is longer than {MAX_TEXT_CHARS} characters")));
    }
    Ok(())
}
