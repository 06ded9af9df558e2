//! A session summed up for its primary technician and the organisation's admins (the
//! rights of the trail's export): people, times, tools used, snapshots, recordings, notes, and the
//! whole trail with the result of its verification.

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use serde::Serialize;
use sightline_wire::signal::CaptureView;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::audit::{self, export, verify, AuditEvent};
use super::captures::{self, store as captures_store};
use super::recording::store::{self as recordings_store, RecordingView};
use super::model::{EndReason, Participant, SessionStatus};
use super::store::{participants, sessions};
use super::seat;
use crate::auth::Member;
use crate::db::now_ms;
use crate::error::{ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;
use sightline_wire::signal::CaptureKind;
use sightline_wire::Feature;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(session_report))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Report {
    pub session_id: String,
    pub status: SessionStatus,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub end_reason: Option<EndReason>,
    /// From start to end (or to now, while it lasts), in milliseconds.
    pub duration_ms: i64,
    /// Everyone who took part, in joining order.
    pub people: Vec<Participant>,
    /// Commands sent to the phone, by tool.
    pub tools: Vec<ToolUse>,
    pub snapshots: Vec<CaptureView>,
    /// Whether the caller's seat may download the snapshots (an admin outside the session may not).
    pub snapshots_downloadable: bool,
    /// The session's recordings, for a seat that may record (its primary); empty for anyone else,
    /// who may not know of them.
    pub recordings: Vec<RecordingView>,
    pub notes: String,
    pub trail: Vec<AuditEvent>,
    pub verification: Verification,
}

/// How often a tool was used and how its commands went.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ToolUse {
    /// The command's action (`torch`, `zoom`, `scan`, `snapshot`, …).
    pub tool: String,
    pub sent: u32,
    pub done: u32,
    pub failed: u32,
}

/// The trail checked against its seals with this server's key.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Verification {
    pub verified: bool,
    /// Entries the seals vouch for.
    pub sealed: usize,
    /// Entries from before the trail was chained, not vouched for.
    pub unsealed: usize,
    /// The first entry that does not match, if one does not.
    pub mismatch_seq: Option<i64>,
    /// The result in words.
    pub message: String,
}

impl From<Result<verify::Verified, verify::Mismatch>> for Verification {
    fn from(result: Result<verify::Verified, verify::Mismatch>) -> Self {
        match result {
            Ok(verified) => Verification {
                verified: true,
                sealed: verified.sealed,
                unsealed: verified.unsealed,
                mismatch_seq: None,
                message: verified.to_string(),
            },
            Err(mismatch) => Verification { verified: false, sealed: 0, unsealed: 0, mismatch_seq: Some(mismatch.seq), message: mismatch.to_string() },
        }
    }
}

/// The tools used, from the trail's `command` and `command_done` entries.
fn tools_used(trail: &[AuditEvent]) -> Vec<ToolUse> {
    let mut tools: BTreeMap<String, ToolUse> = BTreeMap::new();
    let mut tool_of: HashMap<&str, String> = HashMap::new();
    for event in trail {
        let Some(id) = event.detail["id"].as_str() else { continue };
        match event.kind.as_str() {
            "command" => {
                let Some(tool) = event.detail["command"]["action"].as_str() else { continue };
                tools.entry(tool.to_owned()).or_insert_with(|| ToolUse { tool: tool.to_owned(), sent: 0, done: 0, failed: 0 }).sent += 1;
                tool_of.insert(id, tool.to_owned());
            }
            "command_done" => {
                let Some(use_) = tool_of.get(id).and_then(|tool| tools.get_mut(tool)) else { continue };
                match event.detail["outcome"]["status"].as_str() {
                    Some("done") => use_.done += 1,
                    Some("failed") => use_.failed += 1,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    tools.into_values().collect()
}

/// The session's report (primary technician and admins).
#[utoipa::path(get, path = "/api/sessions/{id}/report", tag = "sessions", params(("id" = String, Path)),
    responses((status = 200, body = Report), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn session_report(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Report>> {
    let session = export::for_auditor(&state, &member, &id).await?;
    let trail = audit::list(&state.db, &session.id).await?;
    let verification = audit::check(&state.db, &state.settings.audit_key, &session.id).await?.into();
    let seat = match &member.technician {
        Some(caller) => seat::of_technician(&state.db, &session.id, &caller.technician_id).await?,
        None => None,
    };
    let people = participants::of_session(&state.db, &session.id).await?.into_iter().map(Participant::from).collect();
    let snapshots = captures_store::of_session(&state.db, &session.id, CaptureKind::Snapshot).await?;
    let recordings = match &seat {
        Some(seat) if seat.may(Feature::Record) => recordings_store::of_session(&state.db, &session.id).await?.into_iter().map(|r| r.view).collect(),
        _ => Vec::new(),
    };
    Ok(ApiJson(Report {
        status: session.status,
        started_at: session.created_at,
        ended_at: session.ended_at,
        end_reason: session.end_reason,
        duration_ms: session.ended_at.unwrap_or_else(now_ms) - session.created_at,
        people,
        tools: tools_used(&trail),
        snapshots: snapshots.into_iter().map(|capture| capture.view).collect(),
        snapshots_downloadable: seat.is_some_and(|seat| captures::visible_to(&seat, CaptureKind::Snapshot)),
        recordings,
        notes: sessions::notes(&state.db, &session.id).await?,
        trail,
        verification,
        session_id: session.id,
    }))
}
