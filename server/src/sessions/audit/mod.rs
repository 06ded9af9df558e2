//! The session's audit trail: every join, leave and action, in order, each entry sealed
//! to the one before it (`chain`) with a key kept outside the database (`key`), checked by
//! `verify`, exported by `export`.

pub mod chain;
pub mod export;
pub mod key;
pub mod verify;

use std::collections::HashSet;

use serde::Serialize;
use sightline_wire::signal::Command;
use utoipa::ToSchema;

use crate::db::Db;
use crate::error::Result;
use crate::sessions::rights::Feature;
use crate::sessions::seat::Seat;
use crate::signaling::commands;

/// The trail is stored by its store; callers append and read it through these.
pub use crate::sessions::store::audit::{entries, head, list, record, sent, SentCommand};

/// Checks the trail of session `session_id` as the database holds it.
pub async fn check(db: &Db, key: &key::AuditKey, session_id: &str) -> Result<Result<verify::Verified, verify::Mismatch>> {
    let entries = entries(db, session_id).await?;
    let head = head(db, session_id).await?;
    Ok(verify::verify(key, session_id, &entries, head.as_ref()))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEvent {
    pub id: i64,
    /// Its place in the session's trail: 1, 2, 3…
    pub seq: i64,
    pub at: i64,
    /// Participant or technician id of whoever acted, if anyone.
    pub actor: Option<String>,
    pub kind: String,
    /// Event-specific details.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

/// The feature a participant must hold to see an event of `kind` in the trail:
/// what a role may not see is not shown to it there either.
pub fn needs(kind: &str) -> Option<Feature> {
    if kind.starts_with("invitation_") || matches!(kind, "guest_invited" | "guest_invitation_revoked" | "guest_link_opened") {
        Some(Feature::InviteTechnician)
    } else if kind.starts_with("notes_") {
        Some(Feature::Notes)
    } else if kind.starts_with("annotation") {
        Some(Feature::Annotation)
    } else if kind == "recording_stored" {
        Some(Feature::Record)
    } else if kind == "snapshot_stored" {
        Some(Feature::Snapshot)
    } else if matches!(kind, "text_stored" | "live_text_read") {
        Some(Feature::LiveText)
    } else {
        None
    }
}

/// What `seat` may see of the trail: nothing of a feature it may not use. A command and
/// its outcome go with the command's tool; scanned codes each with their scan tool.
pub fn visible_to(seat: &Seat, events: Vec<AuditEvent>) -> Vec<AuditEvent> {
    let heard: HashSet<String> = events
        .iter()
        .filter(|event| event.kind == "command")
        .filter_map(|event| {
            let command: Command = serde_json::from_value(event.detail["command"].clone()).ok()?;
            commands::hears_of(seat, &command).then(|| event.detail["id"].as_str().map(str::to_owned)).flatten()
        })
        .collect();
    events
        .into_iter()
        .filter(|event| needs(&event.kind).is_none_or(|feature| seat.may(feature)))
        .filter_map(|mut event| match event.kind.as_str() {
            "command" | "command_done" => event.detail["id"].as_str().is_some_and(|id| heard.contains(id)).then_some(event),
            "scan_results" => {
                let codes = event.detail["codes"].as_array_mut()?;
                codes.retain(|code| {
                    code["format"].as_str().and_then(|format| format.parse().ok()).is_some_and(|format| seat.may(commands::scan_feature(format)))
                });
                (!codes.is_empty()).then_some(event)
            }
            _ => Some(event),
        })
        .collect()
}
