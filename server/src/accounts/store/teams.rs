//! The `teams` and `team_members` tables: teams of an organisation and who is in them.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{self, Db};
use crate::error::Result;

/// A team as stored and shown, with its members.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Team {
    pub id: String,
    pub name: String,
    /// Ids of the member technicians.
    pub member_ids: Vec<String>,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    created_at: i64,
}

/// A team of `org_id` (never another org's).
pub async fn fetch_in_org(db: &Db, org_id: &str, id: &str) -> Result<Option<Team>> {
    let row: Option<Row> = sqlx::query_as("SELECT id, name, created_at FROM teams WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let member_ids = sqlx::query_scalar("SELECT technician_id FROM team_members WHERE team_id = $1 ORDER BY technician_id")
        .bind(&row.id)
        .fetch_all(&db.pool)
        .await?;
    Ok(Some(Team { id: row.id, name: row.name, member_ids, created_at: row.created_at }))
}

/// The organisation's teams, by name.
pub async fn in_org(db: &Db, org_id: &str) -> Result<Vec<Team>> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM teams WHERE org_id = $1 ORDER BY name, id").bind(org_id).fetch_all(&db.pool).await?;
    let mut teams = Vec::with_capacity(ids.len());
    for id in ids {
        teams.extend(fetch_in_org(db, org_id, &id).await?);
    }
    Ok(teams)
}

/// Stores a new team; false when the organisation already has one of this name.
pub async fn insert(db: &Db, id: &str, org_id: &str, name: &str, created_at: i64) -> Result<bool> {
    let inserted = sqlx::query("INSERT INTO teams (id, org_id, name, created_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(org_id)
        .bind(name)
        .bind(created_at)
        .execute(&db.pool)
        .await;
    db::inserted(inserted)
}

/// Renames a team; false when another team of its organisation has the name.
pub async fn rename(db: &Db, id: &str, name: &str) -> Result<bool> {
    let renamed = sqlx::query("UPDATE teams SET name = $1 WHERE id = $2").bind(name).bind(id).execute(&db.pool).await;
    db::inserted(renamed)
}

pub async fn delete(db: &Db, id: &str) -> Result<()> {
    sqlx::query("DELETE FROM teams WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}

/// Adds a member; adding one twice changes nothing.
pub async fn add_member(db: &Db, team_id: &str, technician_id: &str) -> Result<()> {
    sqlx::query("INSERT INTO team_members (team_id, technician_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(team_id)
        .bind(technician_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn remove_member(db: &Db, team_id: &str, technician_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND technician_id = $2")
        .bind(team_id)
        .bind(technician_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Whether the technician is a member of the team.
pub async fn has_member(db: &Db, team_id: &str, technician_id: &str) -> Result<bool> {
    let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM team_members WHERE team_id = $1 AND technician_id = $2")
        .bind(team_id)
        .bind(technician_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(members > 0)
}

/// The teams the technician is a member of.
pub async fn of_member(db: &Db, technician_id: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT team_id FROM team_members WHERE technician_id = $1").bind(technician_id).fetch_all(&db.pool).await?)
}

/// A team's name, whichever organisation it belongs to.
pub async fn name(db: &Db, id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT name FROM teams WHERE id = $1").bind(id).fetch_optional(&db.pool).await?)
}
