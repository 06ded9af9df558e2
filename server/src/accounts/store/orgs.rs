//! The `orgs` table: organisations and their settings.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::Db;
use crate::error::Result;

/// An organisation as stored and shown.
#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub struct Org {
    pub id: String,
    pub name: String,
    /// When set, a technician joining a session sees only the last N minutes of chat.
    pub chat_history_minutes: Option<i64>,
    pub created_at: i64,
}

pub async fn fetch(db: &Db, id: &str) -> Result<Option<Org>> {
    Ok(sqlx::query_as("SELECT id, name, chat_history_minutes, created_at FROM orgs WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?)
}

pub async fn insert(db: &Db, id: &str, name: &str, created_at: i64) -> Result<()> {
    sqlx::query("INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(name)
        .bind(created_at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn set_name<'e, E>(executor: E, id: &str, name: &str) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE orgs SET name = $1 WHERE id = $2").bind(name).bind(id).execute(executor).await?;
    Ok(())
}

/// Sets how many minutes of chat joining technicians see; `None` for all of it.
pub async fn set_chat_history_minutes<'e, E>(executor: E, id: &str, minutes: Option<i64>) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE orgs SET chat_history_minutes = $1 WHERE id = $2").bind(minutes).bind(id).execute(executor).await?;
    Ok(())
}

/// How many organisations there are.
pub async fn count(db: &Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM orgs").fetch_one(&db.pool).await?)
}
