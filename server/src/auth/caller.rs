//! Who is calling: the signed-in technician, checked once in an extractor so no
//! handler can forget. State-changing requests must also carry the CSRF token.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::Method;
use axum_extra::extract::cookie::{Cookie, SameSite};
use axum_extra::extract::CookieJar;

use super::secret::{hash_token, secrets_equal};
use super::store;
use crate::accounts::store::technicians;
use crate::db::now_ms;
use crate::error::Error;
use crate::settings::Settings;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "sightline_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A cookie carrying a secret: script-proof, same-site only, `Secure` where the
/// browser keeps it. Without a max age it ends with the browser.
pub fn secret_cookie(settings: &Settings, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value)).http_only(true).secure(settings.secure_cookies()).same_site(SameSite::Strict).path("/").build()
}

/// The `name=value` pair of the session cookie that a sign-in answer's `headers` set, for
/// clients that keep cookies by hand (a sign-in sets the device cookie too).
pub fn session_cookie_set_in(headers: &axum::http::HeaderMap) -> Option<&str> {
    let prefix = format!("{SESSION_COOKIE}=");
    headers
        .get_all(axum::http::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok()?.split(';').next())
        .find(|pair| pair.starts_with(&prefix))
}

/// A signed-in technician.
#[derive(Debug, Clone)]
pub struct Caller {
    pub technician_id: String,
    pub org_id: String,
    pub display_name: String,
    pub is_admin: bool,
    pub csrf_token: String,
    pub token_hash: String,
    pub from_mobile: bool,
}

/// A signed-in org admin.
#[derive(Debug, Clone)]
pub struct Admin(pub Caller);

impl FromRequestParts<AppState> for Caller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()).ok_or(Error::Unauthenticated)?;
        let token_hash = hash_token(&token);
        // Both reads on one connection: one trip through the pool for every request.
        let mut connection = state.db.pool.acquire().await?;
        let sign_in = store::live_sign_in(&mut *connection, &token_hash, now_ms()).await?.ok_or(Error::Unauthenticated)?;
        let technician = technicians::fetch(&mut *connection, &sign_in.technician_id).await?;
        drop(connection);
        let technician = technician.filter(|technician| !technician.disabled).ok_or(Error::Unauthenticated)?;
        if !is_safe(&parts.method) {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
            if !secrets_equal(sent, &sign_in.csrf_token) {
                return Err(Error::CsrfFailed);
            }
        }
        Ok(Caller {
            technician_id: technician.id,
            org_id: technician.org_id,
            display_name: technician.display_name,
            is_admin: technician.is_admin,
            csrf_token: sign_in.csrf_token,
            token_hash,
            from_mobile: sign_in.from_mobile,
        })
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        if !caller.is_admin {
            return Err(Error::Forbidden("only an organisation admin may do this"));
        }
        Ok(Admin(caller))
    }
}

pub(super) fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}
