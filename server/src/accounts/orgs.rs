//! Organisations: the unit of isolation. Every query elsewhere filters by the caller's org.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::validate;
use crate::auth::{Admin, Caller};
use crate::db::{new_id, now_ms, Db};
use crate::error::{Error, ErrorBody, Result};
use crate::extract::ApiJson;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_org, update_org))
}

#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub struct Org {
    pub id: String,
    pub name: String,
    /// When set, a technician joining a session sees only the last N minutes of chat.
    pub chat_history_minutes: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrg {
    pub name: Option<String>,
    /// Minutes of chat history shown to joining technicians; `null` or absent keeps it, 0 means the whole history.
    pub chat_history_minutes: Option<i64>,
}

pub async fn fetch(db: &Db, id: &str) -> Result<Org> {
    let org: Option<Org> = sqlx::query_as("SELECT id, name, chat_history_minutes, created_at FROM orgs WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    org.ok_or(Error::NotFound("organisation"))
}

/// Creates an organisation; returns its id.
pub async fn create(db: &Db, name: &str) -> Result<String> {
    let name = validate::text("name", name, 120)?;
    let id = new_id();
    sqlx::query("INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(&name)
        .bind(now_ms())
        .execute(&db.pool)
        .await?;
    Ok(id)
}

/// The caller's organisation.
#[utoipa::path(get, path = "/api/org", tag = "accounts", responses((status = 200, body = Org), (status = 401, body = ErrorBody)))]
async fn get_org(State(state): State<AppState>, caller: Caller) -> Result<ApiJson<Org>> {
    Ok(ApiJson(fetch(&state.db, &caller.org_id).await?))
}

/// Change the organisation's name or settings (admins).
#[utoipa::path(patch, path = "/api/org", tag = "accounts", request_body = UpdateOrg,
    responses((status = 200, body = Org), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_org(State(state): State<AppState>, Admin(caller): Admin, ApiJson(change): ApiJson<UpdateOrg>) -> Result<ApiJson<Org>> {
    let name = change.name.as_deref().map(|n| validate::text("name", n, 120)).transpose()?;
    if let Some(minutes) = change.chat_history_minutes {
        if !(0..=60 * 24 * 30).contains(&minutes) {
            return Err(Error::InvalidInput("chat_history_minutes must be between 0 and 43200".into()));
        }
    }
    let mut tx = state.db.pool.begin().await?;
    if let Some(name) = name {
        sqlx::query("UPDATE orgs SET name = $1 WHERE id = $2").bind(name).bind(&caller.org_id).execute(&mut *tx).await?;
    }
    if let Some(minutes) = change.chat_history_minutes {
        let stored = (minutes > 0).then_some(minutes);
        sqlx::query("UPDATE orgs SET chat_history_minutes = $1 WHERE id = $2")
            .bind(stored)
            .bind(&caller.org_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(ApiJson(fetch(&state.db, &caller.org_id).await?))
}
