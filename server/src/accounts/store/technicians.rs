//! The `technicians` table: accounts, their password hashes and when their console was
//! last seen. Others ask these functions, never the table.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{self, Db};
use crate::error::Result;

/// A technician (or org admin) as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Technician {
    pub id: String,
    pub org_id: String,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    /// Reachable by email for invitations while not signed in.
    pub extended_availability: bool,
    pub disabled: bool,
    pub created_at: i64,
}

const COLUMNS: &str = "id, org_id, email, display_name, is_admin, extended_availability, disabled, created_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    org_id: String,
    email: String,
    display_name: String,
    is_admin: i64,
    extended_availability: i64,
    disabled: i64,
    created_at: i64,
}

impl From<Row> for Technician {
    fn from(row: Row) -> Self {
        Technician {
            id: row.id,
            org_id: row.org_id,
            email: row.email,
            display_name: row.display_name,
            is_admin: row.is_admin != 0,
            extended_availability: row.extended_availability != 0,
            disabled: row.disabled != 0,
            created_at: row.created_at,
        }
    }
}

/// A technician about to be stored, its fields already checked.
#[derive(Debug, Clone, Copy)]
pub struct NewRow<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub is_admin: bool,
    pub created_at: i64,
}

/// The fields a change sets; `None` keeps the stored value.
#[derive(Debug, Clone, Copy, Default)]
pub struct Change<'a> {
    pub display_name: Option<&'a str>,
    pub extended_availability: Option<bool>,
    pub password_hash: Option<&'a str>,
    pub is_admin: Option<bool>,
    pub disabled: Option<bool>,
}

/// An enabled technician's account, as its password is checked at sign-in.
#[derive(Debug, sqlx::FromRow)]
pub struct Account {
    pub id: String,
    pub password_hash: String,
}

/// A technician who may be invited: enabled, and online or reachable by email.
#[derive(Debug, Clone)]
pub struct Reachable {
    pub id: String,
    pub display_name: String,
    pub console_seen_at: Option<i64>,
    pub extended_availability: bool,
}

#[derive(sqlx::FromRow)]
struct ReachableRow {
    id: String,
    display_name: String,
    console_seen_at: Option<i64>,
    extended_availability: i64,
}

pub async fn fetch<'e, E>(executor: E, id: &str) -> Result<Option<Technician>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM technicians WHERE id = $1")).bind(id).fetch_optional(executor).await?;
    Ok(row.map(Technician::from))
}

/// The technicians of an organisation, by name.
pub async fn in_org(db: &Db, org_id: &str) -> Result<Vec<Technician>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM technicians WHERE org_id = $1 ORDER BY display_name, id"))
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(Technician::from).collect())
}

/// Stores a new technician; false when another already has its email.
pub async fn insert(db: &Db, new: NewRow<'_>) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO technicians (id, org_id, email, display_name, password_hash, is_admin, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(new.email)
    .bind(new.display_name)
    .bind(new.password_hash)
    .bind(i64::from(new.is_admin))
    .bind(new.created_at)
    .execute(&db.pool)
    .await;
    db::inserted(inserted)
}

/// Sets the fields `change` gives.
pub async fn update(db: &Db, id: &str, change: Change<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE technicians SET \
           display_name = COALESCE($1, display_name), \
           extended_availability = COALESCE($2, extended_availability), \
           password_hash = COALESCE($3, password_hash), \
           is_admin = COALESCE($4, is_admin), \
           disabled = COALESCE($5, disabled) \
         WHERE id = $6",
    )
    .bind(change.display_name)
    .bind(change.extended_availability.map(i64::from))
    .bind(change.password_hash)
    .bind(change.is_admin.map(i64::from))
    .bind(change.disabled.map(i64::from))
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn password_hash(db: &Db, id: &str) -> Result<String> {
    Ok(sqlx::query_scalar("SELECT password_hash FROM technicians WHERE id = $1").bind(id).fetch_one(&db.pool).await?)
}

/// The enabled account signing in as `email`.
pub async fn enabled_account(db: &Db, email: &str) -> Result<Option<Account>> {
    Ok(sqlx::query_as("SELECT id, password_hash FROM technicians WHERE email = $1 AND disabled = 0")
        .bind(email)
        .fetch_optional(&db.pool)
        .await?)
}

/// The id of the technician with this email, enabled or not.
pub async fn id_with_email(db: &Db, email: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT id FROM technicians WHERE email = $1").bind(email).fetch_optional(&db.pool).await?)
}

/// Whether a technician of the organisation goes by `name` (case aside).
pub async fn named_in_org(db: &Db, org_id: &str, name: &str) -> Result<bool> {
    let named: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM technicians WHERE org_id = $1 AND LOWER(display_name) = LOWER($2)")
        .bind(org_id)
        .bind(name)
        .fetch_one(&db.pool)
        .await?;
    Ok(named > 0)
}

/// Records when the technician's console was last seen open; `None` for closed.
pub async fn set_console_seen(db: &Db, id: &str, at: Option<i64>) -> Result<()> {
    sqlx::query("UPDATE technicians SET console_seen_at = $1 WHERE id = $2").bind(at).bind(id).execute(&db.pool).await?;
    Ok(())
}

/// The organisation's enabled technicians whose console was seen since `online_since`
/// or who have extended availability, by name.
pub async fn reachable(db: &Db, org_id: &str, online_since: i64) -> Result<Vec<Reachable>> {
    let rows: Vec<ReachableRow> = sqlx::query_as(
        "SELECT id, display_name, console_seen_at, extended_availability FROM technicians \
         WHERE org_id = $1 AND disabled = 0 AND (console_seen_at >= $2 OR extended_availability <> 0) \
         ORDER BY display_name, id",
    )
    .bind(org_id)
    .bind(online_since)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Reachable {
            id: row.id,
            display_name: row.display_name,
            console_seen_at: row.console_seen_at,
            extended_availability: row.extended_availability != 0,
        })
        .collect())
}
