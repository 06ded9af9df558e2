//! Trusted devices ("device cookies"): a browser that signed in to an account keeps a
//! long-lived random token for it. A later sign-in to that account presenting the token
//! is throttled per (account, device) instead of per client address, so failures of
//! others behind the same address (an office's NAT, an attacker) never delay the owner,
//! while an attacker without the cookie still meets every address limit.

use std::time::Duration;

use axum_extra::extract::cookie::Cookie;
use axum_extra::extract::CookieJar;

use super::caller::secret_cookie;
use super::secret::{hash_token, new_token};
use super::store::{self, NewDevice};
use crate::accounts::store::technicians;
use crate::db::{now_ms, Db};
use crate::error::Result;
use crate::settings::Settings;

pub const DEVICE_COOKIE: &str = "sightline_device";
/// Only sign-in requests carry the cookie.
const COOKIE_PATH: &str = "/api/auth/login";
/// How long a device stays trusted after its last sign-in.
const TRUSTED_FOR: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// The stored hash of the device token `jar` presents, when it is trusted for the
/// account signing in as `email`.
pub async fn recognise(db: &Db, jar: &CookieJar, email: &str) -> Result<Option<String>> {
    let Some(cookie) = jar.get(DEVICE_COOKIE) else { return Ok(None) };
    let token_hash = hash_token(cookie.value());
    let Some(technician_id) = technicians::id_with_email(db, email).await? else { return Ok(None) };
    let trusted = store::is_trusted(db, &token_hash, &technician_id, now_ms()).await?;
    Ok(trusted.then_some(token_hash))
}

/// Trusts the signing-in browser for `technician_id` with a fresh token (replacing
/// the one it presented, `previous`), and returns the cookie that carries it.
pub async fn trust(db: &Db, settings: &Settings, technician_id: &str, previous: Option<&str>) -> Result<Cookie<'static>> {
    let token = new_token();
    let now = now_ms();
    let device = NewDevice { token_hash: &hash_token(&token), technician_id, created_at: now, expires_at: now + TRUSTED_FOR.as_millis() as i64 };
    store::replace_trusted_device(db, previous, device).await?;
    let mut cookie = secret_cookie(settings, DEVICE_COOKIE, token);
    cookie.set_path(COOKIE_PATH);
    cookie.set_max_age(time::Duration::seconds(TRUSTED_FOR.as_secs() as i64));
    Ok(cookie)
}
