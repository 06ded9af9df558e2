//! The `auth_sessions` and `trusted_devices` tables: technicians' sign-ins (by the hash of
//! their cookie's token) and the browsers trusted for an account. Others ask these
//! functions, never the tables.

use crate::db::Db;
use crate::error::Result;

/// A sign-in about to be stored.
#[derive(Debug, Clone, Copy)]
pub struct NewSignIn<'a> {
    pub token_hash: &'a str,
    pub technician_id: &'a str,
    pub csrf_token: &'a str,
    pub from_mobile: bool,
    pub created_at: i64,
    pub expires_at: i64,
}

/// An unexpired sign-in.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub technician_id: String,
    pub csrf_token: String,
    pub from_mobile: bool,
}

#[derive(sqlx::FromRow)]
struct SignInRow {
    technician_id: String,
    csrf_token: String,
    from_mobile: i64,
}

/// A browser about to be trusted for an account until `expires_at`.
#[derive(Debug, Clone, Copy)]
pub struct NewDevice<'a> {
    pub token_hash: &'a str,
    pub technician_id: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn insert_sign_in(db: &Db, new: NewSignIn<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO auth_sessions (token_hash, technician_id, csrf_token, from_mobile, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new.token_hash)
    .bind(new.technician_id)
    .bind(new.csrf_token)
    .bind(i64::from(new.from_mobile))
    .bind(new.created_at)
    .bind(new.expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The sign-in whose token hashes to `token_hash`, unless it expired by `now`.
pub async fn live_sign_in<'e, E>(executor: E, token_hash: &str, now: i64) -> Result<Option<SignIn>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<SignInRow> =
        sqlx::query_as("SELECT technician_id, csrf_token, from_mobile FROM auth_sessions WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(executor)
            .await?;
    Ok(row.map(|row| SignIn { technician_id: row.technician_id, csrf_token: row.csrf_token, from_mobile: row.from_mobile != 0 }))
}

pub async fn delete_sign_in(db: &Db, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM auth_sessions WHERE token_hash = $1").bind(token_hash).execute(&db.pool).await?;
    Ok(())
}

/// Deletes every sign-in of the technician but `keep`.
pub async fn delete_sign_ins_of(db: &Db, technician_id: &str, keep: Option<&str>) -> Result<()> {
    sqlx::query("DELETE FROM auth_sessions WHERE technician_id = $1 AND token_hash <> $2")
        .bind(technician_id)
        .bind(keep.unwrap_or(""))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// How many technicians have a sign-in unexpired at `now`.
pub async fn signed_in_technicians(db: &Db, now: i64) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(DISTINCT technician_id) FROM auth_sessions WHERE expires_at > $1")
        .bind(now)
        .fetch_one(&db.pool)
        .await?)
}

/// Whether the device token hashing to `token_hash` is trusted for the technician at `now`.
pub async fn is_trusted(db: &Db, token_hash: &str, technician_id: &str, now: i64) -> Result<bool> {
    let trusted: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM trusted_devices WHERE token_hash = $1 AND technician_id = $2 AND expires_at > $3")
            .bind(token_hash)
            .bind(technician_id)
            .bind(now)
            .fetch_optional(&db.pool)
            .await?;
    Ok(trusted.is_some())
}

/// Trusts a browser, in one transaction dropping the token it presented (`previous`)
/// and every trust expired by `new.created_at`.
pub async fn replace_trusted_device(db: &Db, previous: Option<&str>, new: NewDevice<'_>) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM trusted_devices WHERE token_hash = $1 OR expires_at <= $2")
        .bind(previous.unwrap_or(""))
        .bind(new.created_at)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO trusted_devices (token_hash, technician_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(new.token_hash)
        .bind(new.technician_id)
        .bind(new.created_at)
        .bind(new.expires_at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
