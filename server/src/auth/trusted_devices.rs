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
    let trusted: Option<String> = sqlx::query_scalar(
        "SELECT d.token_hash FROM trusted_devices d JOIN technicians t ON t.id = d.technician_id \
         WHERE d.token_hash = $1 AND t.email = $2 AND d.expires_at > $3",
    )
    .bind(&token_hash)
    .bind(email)
    .bind(now_ms())
    .fetch_optional(&db.pool)
    .await?;
    Ok(trusted)
}

/// Trusts the signing-in browser for `technician_id` with a fresh token (replacing
/// the one it presented, `previous`), and returns the cookie that carries it.
pub async fn trust(db: &Db, settings: &Settings, technician_id: &str, previous: Option<&str>) -> Result<Cookie<'static>> {
    let token = new_token();
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM trusted_devices WHERE token_hash = $1 OR expires_at <= $2")
        .bind(previous.unwrap_or(""))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO trusted_devices (token_hash, technician_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash_token(&token))
        .bind(technician_id)
        .bind(now)
        .bind(now + TRUSTED_FOR.as_millis() as i64)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let mut cookie = secret_cookie(settings, DEVICE_COOKIE, token);
    cookie.set_path(COOKIE_PATH);
    cookie.set_max_age(time::Duration::seconds(TRUSTED_FOR.as_secs() as i64));
    Ok(cookie)
}
