//! Who is calling about a session: a signed-in technician, or a guest technician
//! holding the cookie its single-use invitation gave it. A browser may hold both
//! (a technician who is also someone else's guest); the session asked about decides,
//! and a state-changing request is made as the one whose CSRF token it carries.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;

use super::caller::{is_safe, Caller, CSRF_HEADER, SESSION_COOKIE};
use super::secret::{hash_token, secrets_equal};
use crate::db::Db;
use crate::sessions::model::Role;
use crate::sessions::store::participants::{self, StoredParticipant};
use crate::error::Error;
use crate::state::AppState;

pub const GUEST_COOKIE: &str = "sightline_guest";

/// A guest technician in its session.
#[derive(Debug, Clone)]
pub struct Guest {
    pub participant_id: String,
    pub session_id: String,
    /// What its state-changing requests must carry in `X-CSRF-Token`.
    pub csrf_token: String,
}

/// The technician and/or guest behind a request; at least one is present.
#[derive(Debug, Clone)]
pub struct Member {
    pub technician: Option<Caller>,
    pub guest: Option<Guest>,
}

impl Member {
    /// The signed-in technician behind the request, for what only technicians may do.
    pub fn technician(&self, action: &'static str) -> Result<&Caller, Error> {
        self.technician.as_ref().ok_or(Error::RoleNotPermitted(action))
    }
}

/// The CSRF token of a guest: derived from its secret, so nothing more is stored.
pub fn guest_csrf(token: &str) -> String {
    hash_token(&format!("csrf:{token}"))
}

impl FromRequestParts<AppState> for Member {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        // A state-changing request acts as whichever of the two its CSRF token belongs to.
        let mut csrf_refused = false;
        let technician = match jar.get(SESSION_COOKIE) {
            Some(_) => unless_csrf(Caller::from_request_parts(parts, state).await.map(Some), &mut csrf_refused)?,
            None => None,
        };
        let guest = match jar.get(GUEST_COOKIE) {
            Some(cookie) => unless_csrf(guest(parts, state, cookie.value()).await, &mut csrf_refused)?,
            None => None,
        };
        match (technician, guest) {
            (None, None) if csrf_refused => Err(Error::CsrfFailed),
            (None, None) => Err(Error::Unauthenticated),
            (technician, guest) => Ok(Member { technician, guest }),
        }
    }
}

/// No identity for a missing sign-in, or for a CSRF token that is not this identity's
/// (noted in `refused`); other failures stand.
fn unless_csrf<T>(outcome: Result<Option<T>, Error>, refused: &mut bool) -> Result<Option<T>, Error> {
    match outcome {
        Err(Error::CsrfFailed) => {
            *refused = true;
            Ok(None)
        }
        Err(Error::Unauthenticated) => Ok(None),
        other => other,
    }
}

/// The guest a guest cookie holds the seat of, while the guest is in its session.
pub async fn guest_seat(db: &Db, token: &str) -> Result<Option<StoredParticipant>, Error> {
    Ok(participants::by_token(db, &hash_token(token), Role::Guest).await?.filter(|guest| guest.left_at.is_none()))
}

/// The guest behind a cookie while it is in its session; state-changing requests
/// must carry its CSRF token.
async fn guest(parts: &Parts, state: &AppState, token: &str) -> Result<Option<Guest>, Error> {
    let Some(seat) = guest_seat(&state.db, token).await? else { return Ok(None) };
    let csrf_token = guest_csrf(token);
    if !is_safe(&parts.method) {
        let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !secrets_equal(sent, &csrf_token) {
            return Err(Error::CsrfFailed);
        }
    }
    Ok(Some(Guest { participant_id: seat.id, session_id: seat.session_id, csrf_token }))
}
