//! Who is calling about a session: a signed-in technician, or a guest technician
//! holding the cookie its single-use invitation gave it. A browser may hold both
//! (a technician who is also someone else's guest); the session asked about decides.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;

use super::caller::{is_safe, Caller, CSRF_HEADER, SESSION_COOKIE};
use super::secret::{hash_token, secrets_equal};
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
        let technician = match jar.get(SESSION_COOKIE) {
            Some(_) => match Caller::from_request_parts(parts, state).await {
                Ok(caller) => Some(caller),
                Err(Error::Unauthenticated) => None,
                Err(err) => return Err(err),
            },
            None => None,
        };
        let guest = match jar.get(GUEST_COOKIE) {
            Some(cookie) => guest(parts, state, cookie.value()).await?,
            None => None,
        };
        if technician.is_none() && guest.is_none() {
            return Err(Error::Unauthenticated);
        }
        Ok(Member { technician, guest })
    }
}

/// The guest behind a cookie while it is in its session; state-changing requests
/// must carry its CSRF token.
async fn guest(parts: &Parts, state: &AppState, token: &str) -> Result<Option<Guest>, Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT id, session_id FROM participants WHERE token_hash = $1 AND role = 'guest' AND left_at IS NULL",
    )
    .bind(hash_token(token))
    .fetch_optional(&state.db.pool)
    .await?;
    let Some((participant_id, session_id)) = row else { return Ok(None) };
    let csrf_token = guest_csrf(token);
    if !is_safe(&parts.method) {
        let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !secrets_equal(sent, &csrf_token) {
            return Err(Error::CsrfFailed);
        }
    }
    Ok(Some(Guest { participant_id, session_id, csrf_token }))
}
