//! Annotations over the phone's picture: drawn by the technicians whose seat may use
//! Annotation (over the live connection and over HTTP, through the same functions),
//! checked, stored with the session, audited, and sent live to the phone and to every
//! technician who may annotate. Each technician removes its own; the owner clears all.
//! A technician gets the whole list with every view of the session (so on connecting,
//! and when its right comes back), the phone when it connects.

pub mod routes;
pub mod store;

use serde_json::json;
use sightline_wire::signal::ServerMessage;
use sightline_wire::{Annotation, NewAnnotation};

use super::model::Role;
use super::rights::Feature;
use super::seat::Seat;
use super::store::participants;
use super::{audit, notify};
use crate::db::{new_id, now_ms};
use crate::error::{Error, Result};
use crate::state::AppState;
use store::Bounds;

/// What a session holds at most; so its whole list stays a small message.
pub const BOUNDS: Bounds = Bounds { annotations: 200, points: 20_000 };

/// Whether `seat` receives the session's annotations: the phone always (it draws them),
/// a technician while it may annotate.
fn receives(seat: &Seat) -> bool {
    seat.role == Role::Customer || seat.may(Feature::Annotation)
}

async fn tell(state: &AppState, session_id: &str, message: ServerMessage) -> Result<()> {
    notify::to_each(state, session_id, |seat| receives(seat).then(|| message.clone())).await
}

/// Draws `new` for `seat`: checked, stored within the session's bounds, audited, sent.
pub async fn add(state: &AppState, seat: &Seat, new: &NewAnnotation) -> Result<Annotation> {
    seat.require(Feature::Annotation)?;
    new.check().map_err(|refusal| Error::InvalidInput(refusal.to_string()))?;
    let id = new_id();
    let mut tx = state.db.pool.begin().await?;
    if !store::insert(&mut *tx, &seat.session_id, &seat.participant_id, &id, new, now_ms(), BOUNDS).await? {
        return Err(Error::LimitReached(format!(
            "a session holds at most {} annotations of {} points in all; remove some first",
            BOUNDS.annotations, BOUNDS.points
        )));
    }
    let detail = json!({ "id": id, "shape": new.shape.kind(), "colour": new.colour });
    audit::record(&mut *tx, &state.settings.audit_key, &seat.session_id, Some(&seat.participant_id), "annotation_added", detail).await?;
    tx.commit().await?;
    let people = participants::of_session(&state.db, &seat.session_id).await?;
    let annotation = store::fetch(&state.db, &seat.session_id, &id, &people)
        .await?
        .ok_or_else(|| Error::Internal(format!("annotation {id} vanished")))?;
    tell(state, &seat.session_id, ServerMessage::AnnotationAdded { annotation: annotation.clone() }).await?;
    Ok(annotation)
}

/// Removes one of `seat`'s own annotations; another's is refused.
pub async fn remove(state: &AppState, seat: &Seat, id: &str) -> Result<()> {
    seat.require(Feature::Annotation)?;
    let people = participants::of_session(&state.db, &seat.session_id).await?;
    let found = store::fetch(&state.db, &seat.session_id, id, &people).await?.ok_or(Error::NotFound("annotation"))?;
    if found.author != seat.participant_id {
        return Err(Error::NotAuthor("remove an annotation"));
    }
    let mut tx = state.db.pool.begin().await?;
    if !store::delete_own(&mut *tx, &seat.session_id, id, &seat.participant_id).await? {
        return Err(Error::NotFound("annotation"));
    }
    audit::record(&mut *tx, &state.settings.audit_key, &seat.session_id, Some(&seat.participant_id), "annotation_removed", json!({ "id": id })).await?;
    tx.commit().await?;
    tell(state, &seat.session_id, ServerMessage::AnnotationRemoved { id: id.to_owned() }).await
}

/// Removes every annotation of the session: the owner's alone.
pub async fn clear(state: &AppState, seat: &Seat) -> Result<()> {
    seat.require(Feature::Annotation)?;
    seat.require_owner("clear all annotations")?;
    let mut tx = state.db.pool.begin().await?;
    let count = store::delete_all(&mut *tx, &seat.session_id).await?;
    audit::record(&mut *tx, &state.settings.audit_key, &seat.session_id, Some(&seat.participant_id), "annotations_cleared", json!({ "count": count })).await?;
    tx.commit().await?;
    tell(state, &seat.session_id, ServerMessage::AnnotationsCleared).await
}

/// The session's annotations, oldest first, for a seat that may annotate.
pub async fn list(state: &AppState, seat: &Seat) -> Result<Vec<Annotation>> {
    seat.require(Feature::Annotation)?;
    stored(state, &seat.session_id).await
}

async fn stored(state: &AppState, session_id: &str) -> Result<Vec<Annotation>> {
    store::of_session(&state.db, session_id, &participants::of_session(&state.db, session_id).await?).await
}

/// The whole list, as the phone gets it when it connects.
pub async fn for_phone(state: &AppState, session_id: &str) -> Result<ServerMessage> {
    Ok(ServerMessage::Annotations { annotations: stored(state, session_id).await? })
}

/// Sends each technician of `seats` that may annotate the session's whole list.
pub async fn send_to(state: &AppState, session_id: &str, seats: &[Seat]) -> Result<()> {
    let technicians: Vec<&Seat> = seats.iter().filter(|s| s.role != Role::Customer && s.may(Feature::Annotation)).collect();
    if technicians.is_empty() {
        return Ok(());
    }
    let message = ServerMessage::Annotations { annotations: stored(state, session_id).await? };
    state.connections.to_each(technicians, |_| Some(message.clone()));
    Ok(())
}
