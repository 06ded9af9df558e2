//! The technician's side of sessions: start, list, look at, end.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::audit::{self, AuditEvent};
use super::model::{self, EndReason, Role, Session, SessionStatus};
use super::lifecycle::{self, Starter};
use super::qr;
use super::rights::Feature;
use super::store::participants::{self, Newcomer, StoredParticipant};
use super::store::sessions::{self, Listing, StoredSession};
use super::{details, notify, seat};
use crate::accounts::categories;
use crate::auth::{Admin, Caller, Member};
use crate::db::now_ms;
use crate::device;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sessions, start_session))
        .routes(routes!(get_session))
        .routes(routes!(end_session))
        .routes(routes!(monitor_session))
        .routes(routes!(session_qr))
        .routes(routes!(session_audit))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartSession {
    pub issue_category_id: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListFilter {
    /// `active` (the default: waiting or connected) or `all`.
    pub state: Option<String>,
}

/// Start a session; the caller becomes its primary technician.
#[utoipa::path(post, path = "/api/sessions", tag = "sessions", request_body = StartSession,
    responses((status = 201, body = Session), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn start_session(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(start): ApiJson<StartSession>,
) -> Result<(StatusCode, ApiJson<Session>)> {
    if let Some(category) = &start.issue_category_id {
        categories::fetch_in_org(&state.db, &caller.org_id, category).await?;
    }
    let from_mobile = caller.from_mobile || device::is_mobile(&headers);
    let starter = Starter { technician_id: &caller.technician_id, org_id: &caller.org_id, display_name: &caller.display_name };
    let started = lifecycle::start(&state, starter, start.issue_category_id.as_deref(), from_mobile).await?;
    Ok((StatusCode::CREATED, ApiJson(model::view_with(&state.settings, started.session, vec![started.primary]))))
}

/// Sessions the caller takes part in (admins: every session of the organisation).
#[utoipa::path(get, path = "/api/sessions", tag = "sessions", params(ListFilter),
    responses((status = 200, body = Vec<Session>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_sessions(State(state): State<AppState>, caller: Caller, ApiQuery(filter): ApiQuery<ListFilter>) -> Result<ApiJson<Vec<Session>>> {
    let active_only = match filter.state.as_deref() {
        None | Some("active") => true,
        Some("all") => false,
        Some(other) => return Err(Error::InvalidInput(format!("state must be active or all, not {other:?}"))),
    };
    let listing = Listing {
        org_id: &caller.org_id,
        taken_part_by: (!caller.is_admin).then_some(caller.technician_id.as_str()),
        active_only,
    };
    let rows = sessions::list(&state.db, listing).await?;
    Ok(ApiJson(model::views(&state.db, &state.settings, rows).await?))
}

/// One session the caller may see.
#[utoipa::path(get, path = "/api/sessions/{id}", tag = "sessions", params(("id" = String, Path)),
    responses((status = 200, body = Session), (status = 404, body = ErrorBody)))]
async fn get_session(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Session>> {
    let (row, seat, people) = with_details(&state, &member, &id).await?;
    let details = details::of_session(&state.db, &row, &people).await?;
    let mut view = model::view_with(&state.settings, row, people);
    view.details = Some(details);
    if seat.is_some_and(|s| s.role == Role::Guest) {
        // The customer's join code lets whoever holds it in as the customer.
        view.join = None;
    }
    Ok(ApiJson(view))
}

/// The session if the caller may see its details, the caller's seat in it if it is in
/// it, and everyone who has been in it: that seat must hold the session-details right;
/// without one, only a technician who is an admin or a past participant may look.
async fn with_details(state: &AppState, member: &Member, id: &str) -> Result<(StoredSession, Option<seat::Seat>, Vec<StoredParticipant>)> {
    if member.guest.as_ref().is_some_and(|g| g.session_id == id) {
        let (row, seat) = seat::for_member(&state.db, member, id).await?;
        seat.require(Feature::SessionDetails)?;
        let people = participants::of_session(&state.db, &row.id).await?;
        return Ok((row, Some(seat), people));
    }
    let caller = member.technician.as_ref().ok_or(Error::NotFound("session"))?;
    let row = model::visible_to(&state.db, caller, id).await?;
    let people = participants::of_session(&state.db, &row.id).await?;
    let seat = seat::of_technician_among(&state.db, &people, &caller.technician_id).await?;
    if let Some(seat) = &seat {
        seat.require(Feature::SessionDetails)?;
    }
    Ok((row, seat, people))
}

/// End a session (its primary technician, or an org admin).
#[utoipa::path(post, path = "/api/sessions/{id}/end", tag = "sessions", params(("id" = String, Path)),
    responses((status = 200, body = Session), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn end_session(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Session>> {
    let caller = member.technician("end the session")?;
    let row = model::visible_to(&state.db, caller, &id).await?;
    if row.status == SessionStatus::Ended {
        return Err(Error::SessionEnded);
    }
    let owns = seat::of_technician(&state.db, &row.id, &caller.technician_id).await?.is_some_and(|seat| seat.is_owner());
    if !owns && !caller.is_admin {
        return Err(Error::Forbidden("only the primary technician may end the session"));
    }
    lifecycle::end(&state, &row.id, Some(&caller.technician_id), EndReason::TechnicianEnded).await?;
    let row = sessions::fetch(&state.db, &row.id).await?.ok_or(Error::NotFound("session"))?;
    Ok(ApiJson(model::view(&state.db, &state.settings, row).await?))
}

/// Join a live session of the organisation as a secondary technician, to monitor it (admins).
#[utoipa::path(post, path = "/api/sessions/{id}/monitor", tag = "sessions", params(("id" = String, Path)),
    responses((status = 200, body = Session), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn monitor_session(State(state): State<AppState>, Admin(caller): Admin, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Session>> {
    let row = model::visible_to(&state.db, &caller, &id).await?;
    if row.status == SessionStatus::Ended {
        return Err(Error::SessionEnded);
    }
    if participants::present_technician(&state.db, &row.id, &caller.technician_id).await?.is_none() {
        let mut tx = state.db.pool.begin().await?;
        participants::add(&mut *tx, Newcomer::technician(&row.id, &caller.technician_id, &caller.display_name, Role::Secondary)).await?;
        audit::record(&mut *tx, &state.settings.audit_key, &row.id, Some(&caller.technician_id), "admin_monitoring", json!({})).await?;
        tx.commit().await?;
        notify::session_changed(&state, &row.id).await;
    }
    Ok(ApiJson(model::view(&state.db, &state.settings, row).await?))
}

/// The session's join link as a QR code (PNG), while it waits for the customer.
#[utoipa::path(get, path = "/api/sessions/{id}/qr.png", tag = "sessions", params(("id" = String, Path)),
    responses((status = 200, content_type = "image/png", body = Vec<u8>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody)))]
async fn session_qr(State(state): State<AppState>, caller: Caller, ApiPath(id): ApiPath<String>) -> Result<impl IntoResponse> {
    let row = model::visible_to(&state.db, &caller, &id).await?;
    if row.status != SessionStatus::Waiting {
        return Err(Error::Conflict("the customer has already joined; the join code is no longer valid".into()));
    }
    if row.code_expires_at <= now_ms() {
        return Err(Error::JoinCodeExpired);
    }
    let link = state.settings.url_for(&format!("/join/{}", row.join_code));
    let png = qr::png(&link)?;
    Ok(([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "private, no-store")], png))
}

/// The session's audit trail, oldest first.
#[utoipa::path(get, path = "/api/sessions/{id}/audit", tag = "sessions", params(("id" = String, Path)),
    responses((status = 200, body = Vec<AuditEvent>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn session_audit(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Vec<AuditEvent>>> {
    let (row, seat, _) = with_details(&state, &member, &id).await?;
    // A participant sees what its seat may see; outside the session, an org admin
    // sees all of it and anyone else (one who left included) nothing.
    let admin = member.technician.as_ref().is_some_and(|caller| caller.is_admin);
    if seat.is_none() && !admin {
        return Err(Error::NotInSession);
    }
    let events = audit::list(&state.db, &row.id).await?;
    Ok(ApiJson(match seat {
        Some(seat) => audit::visible_to(&seat, events),
        None => events,
    }))
}
