//! Sign in, sign out, and who am I.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum_extra::extract::cookie::Cookie;
use axum_extra::extract::CookieJar;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::caller::{secret_cookie, Caller, SESSION_COOKIE};
use super::{sign_ins, store, trusted_devices};
use sightline_wire::signal::EndReason;
use super::{password, secret};
use crate::accounts;
use crate::accounts::orgs::{self, Org};
use crate::accounts::technicians::{self, Technician};
use crate::db::now_ms;
use crate::device;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ClientAddr};
use crate::rate_limit;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login)).routes(routes!(logout)).routes(routes!(me))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// The signed-in technician, their organisation, and the token to send as
/// `X-CSRF-Token` on every state-changing request.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub technician: Technician,
    pub org: Org,
    pub csrf_token: String,
}

/// Sign in with email and password; sets the session cookie and the cookie that
/// marks this browser as trusted for the account (see `trusted_devices`).
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<(CookieJar, ApiJson<Me>)> {
    check_same_origin(&state, &headers)?;
    let email = request.email.trim().to_lowercase();
    // Attempts count per (account, address) and per address: failures from one
    // address never slow the account's owner down at another. A browser trusted for
    // the account counts per (account, device) instead, whatever its address.
    let device = trusted_devices::recognise(&state.db, &jar, &email).await?;
    // A sign-in's own key (the account at this address or this browser) is cleared by a
    // success; the address's, shared by its accounts, gets the attempt back.
    let (own_key, address_key) = match &device {
        Some(device) => (format!("login:device:{device}"), None),
        None => (format!("login:{client}:{email}"), Some(format!("login:{client}"))),
    };
    let mut limits = vec![(own_key.as_str(), state.settings.login_limit)];
    if let Some(key) = &address_key {
        limits.push((key.as_str(), state.settings.login_client_limit));
    }
    rate_limit::take(&state.db, &limits).await?;

    let account = accounts::store::technicians::enabled_account(&state.db, &email).await?;
    let (id, stored) = match account {
        Some(account) => (Some(account.id), Some(account.password_hash)),
        None => (None, None),
    };
    let verified = password::verify(request.password, stored).await?;
    let Some(technician_id) = id.filter(|_| verified) else {
        return Err(Error::BadCredentials);
    };
    rate_limit::clear(&state.db, &own_key).await?;
    if let Some(key) = &address_key {
        rate_limit::give_back(&state.db, key).await?;
    }
    let device_cookie = trusted_devices::trust(&state.db, &state.settings, &technician_id, device.as_deref()).await?;

    let token = secret::new_token();
    let csrf_token = secret::new_token();
    let now = now_ms();
    let ttl = state.settings.login_ttl;
    let sign_in = store::NewSignIn {
        token_hash: &secret::hash_token(&token),
        technician_id: &technician_id,
        csrf_token: &csrf_token,
        from_mobile: device::is_mobile(&headers),
        created_at: now,
        expires_at: now + ttl.as_millis() as i64,
    };
    store::insert_sign_in(&state.db, sign_in).await?;

    let mut cookie = secret_cookie(&state.settings, SESSION_COOKIE, token);
    cookie.set_max_age(time::Duration::seconds(ttl.as_secs() as i64));
    let technician = technicians::fetch(&state.db, &technician_id).await?;
    let org = orgs::fetch(&state.db, &technician.org_id).await?;
    Ok((jar.add(cookie).add(device_cookie), ApiJson(Me { technician, org, csrf_token })))
}

/// Sign out: ends this browser's session and its live connections, and clears its cookie.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn logout(State(state): State<AppState>, caller: Caller, jar: CookieJar) -> Result<(CookieJar, StatusCode)> {
    sign_ins::end_one(&state, &caller.technician_id, &caller.token_hash, EndReason::SignedOut).await?;
    Ok((jar.remove(Cookie::build(SESSION_COOKIE).path("/")), StatusCode::NO_CONTENT))
}

/// The signed-in technician.
#[utoipa::path(get, path = "/api/me", tag = "auth", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(State(state): State<AppState>, caller: Caller) -> Result<ApiJson<Me>> {
    let technician = technicians::fetch(&state.db, &caller.technician_id).await?;
    let org = orgs::fetch(&state.db, &caller.org_id).await?;
    Ok(ApiJson(Me { technician, org, csrf_token: caller.csrf_token }))
}

/// Refuses a sign-in posted from another site (login CSRF): a browser always
/// sends `Origin` on such a POST, and it must be this server's.
fn check_same_origin(state: &AppState, headers: &HeaderMap) -> Result<()> {
    let Some(origin) = headers.get(axum::http::header::ORIGIN) else { return Ok(()) };
    let expected = state.settings.public_url.origin().ascii_serialization();
    if origin.to_str().ok() == Some(expected.as_str()) {
        Ok(())
    } else {
        Err(Error::CsrfFailed)
    }
}
