//! Fixed-window rate limits kept in the database, so every server node counts together.

use crate::db::{now_ms, Db};
use crate::error::{Error, Result};
use crate::settings::Limit;

/// Fails with `RateLimited` when `key` has already used up `limit` in the current window.
pub async fn check(db: &Db, key: &str, limit: Limit) -> Result<()> {
    let row: Option<(i64, i64)> = sqlx::query_as("SELECT window_start, count FROM rate_limits WHERE key = $1")
        .bind(key)
        .fetch_optional(&db.pool)
        .await?;
    let now = now_ms();
    let window_ms = limit.window.as_millis() as i64;
    match row {
        Some((start, count)) if start + window_ms > now && count >= limit.max => {
            let retry_after_secs = ((start + window_ms - now) / 1000).max(1) as u64;
            Err(Error::RateLimited { retry_after_secs })
        }
        _ => Ok(()),
    }
}

/// Counts one event against `key`, starting a new window when the last one is over.
pub async fn record(db: &Db, key: &str, limit: Limit) -> Result<()> {
    let now = now_ms();
    let window_over = now - limit.window.as_millis() as i64;
    sqlx::query(
        "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           count = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.count + 1 END, \
           window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END",
    )
    .bind(key)
    .bind(now)
    .bind(window_over)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Forgets the events counted against `key` (after a success).
pub async fn clear(db: &Db, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM rate_limits WHERE key = $1").bind(key).execute(&db.pool).await?;
    Ok(())
}
