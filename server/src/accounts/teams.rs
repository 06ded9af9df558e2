//! Teams of technicians: the queues that "any technician" invitations go to.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{technicians, validate};
use crate::auth::{Admin, Caller};
use crate::db::{new_id, now_ms, Db};
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_teams, create_team))
        .routes(routes!(get_team, rename_team, delete_team))
        .routes(routes!(add_member, remove_member))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Team {
    pub id: String,
    pub name: String,
    /// Ids of the member technicians.
    pub member_ids: Vec<String>,
    pub created_at: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamName {
    pub name: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    created_at: i64,
}

/// A team of `org_id`, or not found (never another org's).
pub async fn fetch_in_org(db: &Db, org_id: &str, id: &str) -> Result<Team> {
    let row: Option<Row> = sqlx::query_as("SELECT id, name, created_at FROM teams WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?;
    let row = row.ok_or(Error::NotFound("team"))?;
    let member_ids = sqlx::query_scalar("SELECT technician_id FROM team_members WHERE team_id = $1 ORDER BY technician_id")
        .bind(&row.id)
        .fetch_all(&db.pool)
        .await?;
    Ok(Team { id: row.id, name: row.name, member_ids, created_at: row.created_at })
}

/// Teams of the caller's organisation.
#[utoipa::path(get, path = "/api/teams", tag = "accounts", responses((status = 200, body = Vec<Team>), (status = 401, body = ErrorBody)))]
async fn list_teams(State(state): State<AppState>, caller: Caller) -> Result<ApiJson<Vec<Team>>> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM teams WHERE org_id = $1 ORDER BY name, id")
        .bind(&caller.org_id)
        .fetch_all(&state.db.pool)
        .await?;
    let mut teams = Vec::with_capacity(ids.len());
    for id in ids {
        teams.push(fetch_in_org(&state.db, &caller.org_id, &id).await?);
    }
    Ok(ApiJson(teams))
}

/// Create a team (admins).
#[utoipa::path(post, path = "/api/teams", tag = "accounts", request_body = TeamName,
    responses((status = 201, body = Team), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_team(State(state): State<AppState>, Admin(caller): Admin, ApiJson(body): ApiJson<TeamName>) -> Result<(StatusCode, ApiJson<Team>)> {
    let name = validate::text("name", &body.name, 80)?;
    let id = new_id();
    sqlx::query("INSERT INTO teams (id, org_id, name, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(&caller.org_id)
        .bind(&name)
        .bind(now_ms())
        .execute(&state.db.pool)
        .await
        .map_err(Error::on_unique_violation("a team with this name already exists"))?;
    Ok((StatusCode::CREATED, ApiJson(fetch_in_org(&state.db, &caller.org_id, &id).await?)))
}

/// One team of the caller's organisation.
#[utoipa::path(get, path = "/api/teams/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = Team), (status = 404, body = ErrorBody)))]
async fn get_team(State(state): State<AppState>, caller: Caller, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Team>> {
    Ok(ApiJson(fetch_in_org(&state.db, &caller.org_id, &id).await?))
}

/// Rename a team (admins).
#[utoipa::path(patch, path = "/api/teams/{id}", tag = "accounts", params(("id" = String, Path)), request_body = TeamName,
    responses((status = 200, body = Team), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn rename_team(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<TeamName>,
) -> Result<ApiJson<Team>> {
    let team = fetch_in_org(&state.db, &caller.org_id, &id).await?;
    let name = validate::text("name", &body.name, 80)?;
    sqlx::query("UPDATE teams SET name = $1 WHERE id = $2")
        .bind(&name)
        .bind(&team.id)
        .execute(&state.db.pool)
        .await
        .map_err(Error::on_unique_violation("a team with this name already exists"))?;
    Ok(ApiJson(fetch_in_org(&state.db, &caller.org_id, &team.id).await?))
}

/// Delete a team (admins); its categories keep existing without a team.
#[utoipa::path(delete, path = "/api/teams/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_team(State(state): State<AppState>, Admin(caller): Admin, ApiPath(id): ApiPath<String>) -> Result<StatusCode> {
    let team = fetch_in_org(&state.db, &caller.org_id, &id).await?;
    sqlx::query("DELETE FROM teams WHERE id = $1").bind(&team.id).execute(&state.db.pool).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add a technician of the organisation to a team (admins). Adding a member twice is harmless.
#[utoipa::path(put, path = "/api/teams/{id}/members/{technician_id}", tag = "accounts",
    params(("id" = String, Path), ("technician_id" = String, Path)),
    responses((status = 200, body = Team), (status = 404, body = ErrorBody)))]
async fn add_member(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiPath((id, technician_id)): ApiPath<(String, String)>,
) -> Result<ApiJson<Team>> {
    let team = fetch_in_org(&state.db, &caller.org_id, &id).await?;
    let technician = technicians::fetch_in_org(&state.db, &caller.org_id, &technician_id).await?;
    sqlx::query("INSERT INTO team_members (team_id, technician_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(&team.id)
        .bind(&technician.id)
        .execute(&state.db.pool)
        .await?;
    Ok(ApiJson(fetch_in_org(&state.db, &caller.org_id, &team.id).await?))
}

/// Remove a technician from a team (admins).
#[utoipa::path(delete, path = "/api/teams/{id}/members/{technician_id}", tag = "accounts",
    params(("id" = String, Path), ("technician_id" = String, Path)),
    responses((status = 200, body = Team), (status = 404, body = ErrorBody)))]
async fn remove_member(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiPath((id, technician_id)): ApiPath<(String, String)>,
) -> Result<ApiJson<Team>> {
    let team = fetch_in_org(&state.db, &caller.org_id, &id).await?;
    sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND technician_id = $2")
        .bind(&team.id)
        .bind(&technician_id)
        .execute(&state.db.pool)
        .await?;
    Ok(ApiJson(fetch_in_org(&state.db, &caller.org_id, &team.id).await?))
}
