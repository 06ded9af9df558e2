//! Session details: the customer's device (as its SDK described it at join), the phone's
//! network (as its app reports it, also when it changes), the session's times and its
//! people with their join and leave times. Every seat with the Session details right
//! gets them with its view of the session and whenever they change; HTTP serves the same
//! with the session.

pub mod store;

use serde_json::json;
use sightline_wire::signal::{DeviceInfo, NetworkType, PersonTimes, ServerMessage, SessionDetails};

use super::audit;
use super::model::Role;
use super::rights::Feature;
use super::seat::{self, Seat};
use super::store::participants::{self, StoredParticipant};
use super::store::sessions::{self, StoredSession};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::state::AppState;

/// The longest text of a device field.
const MAX_FIELD_CHARS: usize = 100;

/// Refuses a device description no SDK would send: a field too long or with control characters.
pub fn check(device: &DeviceInfo) -> Result<()> {
    let DeviceInfo { model, os, os_version, app_name, app_version, sdk_version } = device;
    let fields = [("model", model), ("os", os), ("os_version", os_version), ("app_name", app_name), ("app_version", app_version), ("sdk_version", sdk_version)];
    for (name, value) in fields {
        if value.chars().count() > MAX_FIELD_CHARS || value.chars().any(char::is_control) {
            return Err(Error::InvalidInput(format!("device {name} must have at most {MAX_FIELD_CHARS} characters and no control characters")));
        }
    }
    Ok(())
}

/// The session's details as the seats with the right see them; `people` is everyone who
/// has been in it (`participants::of_session`).
pub async fn of_session(db: &Db, session: &StoredSession, people: &[StoredParticipant]) -> Result<SessionDetails> {
    let customer = store::load(db, &session.id).await?;
    let people = people
        .iter()
        .map(|p| PersonTimes { participant_id: p.id.clone(), display_name: p.display_name.clone(), role: p.role, joined_at: p.joined_at, left_at: p.left_at })
        .collect();
    Ok(SessionDetails {
        device: customer.device,
        network: customer.network,
        network_reported_at: customer.network_reported_at,
        started_at: session.created_at,
        ended_at: session.ended_at,
        people,
    })
}

/// Sends the session's details to each of `seats` that may see them.
pub async fn send_to(state: &AppState, session_id: &str, seats: &[Seat]) -> Result<()> {
    if !seats.iter().any(may_see) {
        return Ok(());
    }
    let Some(session) = sessions::fetch(&state.db, session_id).await? else { return Ok(()) };
    let people = participants::of_session(&state.db, &session.id).await?;
    let details = of_session(&state.db, &session, &people).await?;
    state.connections.to_each(seats, |seat| may_see(seat).then(|| ServerMessage::Details { details: details.clone() }));
    Ok(())
}

/// The details changed outside a change of the session's people (the phone connected,
/// its network changed): every seat with the right hears of it.
pub async fn changed(state: &AppState, session_id: &str) -> Result<()> {
    send_to(state, session_id, &seat::seats(&state.db, session_id).await?).await
}

/// The phone reported its network: stored, audited when it changed, and passed on.
pub async fn network_reported(state: &AppState, session_id: &str, participant_id: &str, network: NetworkType) -> Result<()> {
    if store::set_network(&state.db, session_id, network).await? {
        audit::record(&state.db.pool, &state.settings.audit_key, session_id, Some(participant_id), "network_changed", json!({ "network": network })).await?;
        changed(state, session_id).await?;
    }
    Ok(())
}

fn may_see(seat: &Seat) -> bool {
    seat.role != Role::Customer && seat.may(Feature::SessionDetails)
}
