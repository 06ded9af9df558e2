//! Rate limits kept in the database, so every server node counts together: a few
//! free attempts, then growing delays rather than a fixed ban. Taking an attempt
//! is one atomic statement (check and count at once), so concurrent attempts never
//! get past the limit together; a success may give its attempt back.

use std::time::Duration;

use crate::db::{now_ms, Db};
use crate::error::{Error, Result};

/// A throttle: `free` attempts without delay, then a delay before each further
/// attempt, starting at `first_delay` and doubling up to `quiet`. A key with no
/// attempt for `quiet` starts over.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub free: i64,
    pub first_delay: Duration,
    pub quiet: Duration,
}

/// Takes one attempt of `key`; no row comes back while its delay runs. A zero delay
/// never holds an attempt back, whatever the order concurrent clocks arrive in.
/// Parameters: key, now, quiet-before, free, first delay, longest delay (ms).
const TAKE: &str = "INSERT INTO rate_limits (key, count, last_at, next_at) \
     VALUES ($1, 1, $2, $2 + CASE WHEN 1 >= $4 THEN $5 ELSE 0 END) \
     ON CONFLICT (key) DO UPDATE SET \
       count = CASE WHEN rate_limits.last_at <= $3 THEN 1 ELSE rate_limits.count + 1 END, \
       last_at = $2, \
       next_at = $2 + CASE \
         WHEN rate_limits.last_at <= $3 THEN CASE WHEN 1 >= $4 THEN $5 ELSE 0 END \
         WHEN rate_limits.count + 1 < $4 THEN 0 \
         WHEN rate_limits.count + 1 = $4 OR rate_limits.next_at - rate_limits.last_at < $5 THEN $5 \
         WHEN (rate_limits.next_at - rate_limits.last_at) * 2 > $6 THEN $6 \
         ELSE (rate_limits.next_at - rate_limits.last_at) * 2 END \
     WHERE rate_limits.next_at <= $2 OR rate_limits.next_at = rate_limits.last_at OR rate_limits.last_at <= $3 \
     RETURNING count";

/// Takes one attempt of every key together, or none: fails with `RateLimited`
/// (retry after the longest wait) when any of them is still waiting out its delay.
pub async fn take(db: &Db, keys: &[(&str, Limit)]) -> Result<()> {
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    for (key, limit) in keys {
        let quiet_ms = limit.quiet.as_millis() as i64;
        let taken: Option<i64> = sqlx::query_scalar(TAKE)
            .bind(*key)
            .bind(now)
            .bind(now - quiet_ms)
            .bind(limit.free)
            .bind((limit.first_delay.as_millis() as i64).min(quiet_ms))
            .bind(quiet_ms)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_none() {
            let next_at: i64 =
                sqlx::query_scalar("SELECT next_at FROM rate_limits WHERE key = $1").bind(*key).fetch_one(&mut *tx).await?;
            tx.rollback().await?;
            let retry_after_secs = ((next_at - now + 999) / 1000).max(1) as u64;
            return Err(Error::RateLimited { retry_after_secs });
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Gives one taken attempt of `key` back (a success that should not count).
pub async fn give_back(db: &Db, key: &str) -> Result<()> {
    sqlx::query("UPDATE rate_limits SET count = count - 1 WHERE key = $1 AND count > 0").bind(key).execute(&db.pool).await?;
    Ok(())
}

/// Forgets every attempt of `key` (after a success).
pub async fn clear(db: &Db, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM rate_limits WHERE key = $1").bind(key).execute(&db.pool).await?;
    Ok(())
}
