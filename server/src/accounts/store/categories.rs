//! The `issue_categories` table: what sessions are about, and where "request help" on them goes.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{self, Db};
use crate::error::Result;

/// An issue category as stored and shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssueCategory {
    pub id: String,
    pub name: String,
    /// The team that "request help" on this category is routed to.
    pub team_id: Option<String>,
    /// Whether technicians may send "request help" invitations on this category.
    pub request_help: bool,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    team_id: Option<String>,
    request_help: i64,
    created_at: i64,
}

impl From<Row> for IssueCategory {
    fn from(row: Row) -> Self {
        IssueCategory { id: row.id, name: row.name, team_id: row.team_id, request_help: row.request_help != 0, created_at: row.created_at }
    }
}

/// A category's settings as they are written.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    pub name: &'a str,
    pub team_id: Option<&'a str>,
    pub request_help: bool,
}

const COLUMNS: &str = "id, name, team_id, request_help, created_at";

/// A category of `org_id` (never another org's).
pub async fn fetch_in_org(db: &Db, org_id: &str, id: &str) -> Result<Option<IssueCategory>> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM issue_categories WHERE id = $1 AND org_id = $2"))
        .bind(id)
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(IssueCategory::from))
}

/// The organisation's categories, by name.
pub async fn in_org(db: &Db, org_id: &str) -> Result<Vec<IssueCategory>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM issue_categories WHERE org_id = $1 ORDER BY name, id"))
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(IssueCategory::from).collect())
}

/// Stores a new category; false when the organisation already has one of this name.
pub async fn insert(db: &Db, id: &str, org_id: &str, fields: Fields<'_>, created_at: i64) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO issue_categories (id, org_id, name, team_id, request_help, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(org_id)
    .bind(fields.name)
    .bind(fields.team_id)
    .bind(i64::from(fields.request_help))
    .bind(created_at)
    .execute(&db.pool)
    .await;
    db::inserted(inserted)
}

/// Rewrites a category's settings; false when another category of its organisation has the name.
pub async fn update(db: &Db, id: &str, fields: Fields<'_>) -> Result<bool> {
    let updated = sqlx::query("UPDATE issue_categories SET name = $1, team_id = $2, request_help = $3 WHERE id = $4")
        .bind(fields.name)
        .bind(fields.team_id)
        .bind(i64::from(fields.request_help))
        .bind(id)
        .execute(&db.pool)
        .await;
    db::inserted(updated)
}

pub async fn delete(db: &Db, id: &str) -> Result<()> {
    sqlx::query("DELETE FROM issue_categories WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}

/// A category's name, whichever organisation it belongs to.
pub async fn name(db: &Db, id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT name FROM issue_categories WHERE id = $1").bind(id).fetch_optional(&db.pool).await?)
}
