//! Teams of technicians: the queues that "any technician" invitations go to.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::teams as store;
use super::{technicians, validate};
use crate::auth::{Admin, Caller};
use crate::db::{new_id, now_ms, Db};
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;

pub use super::store::teams::Team;

/// The answer to a name another team of the organisation has.
const TAKEN: &str = "a team with this name already exists";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_teams, create_team))
        .routes(routes!(get_team, rename_team, delete_team))
        .routes(routes!(add_member, remove_member))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamName {
    pub name: String,
}

/// A team of `org_id`, or not found (never another org's).
pub async fn fetch_in_org(db: &Db, org_id: &str, id: &str) -> Result<Team> {
    store::fetch_in_org(db, org_id, id).await?.ok_or(Error::NotFound("team"))
}

/// Teams of the caller's organisation.
#[utoipa::path(get, path = "/api/teams", tag = "accounts", responses((status = 200, body = Vec<Team>), (status = 401, body = ErrorBody)))]
async fn list_teams(State(state): State<AppState>, caller: Caller) -> Result<ApiJson<Vec<Team>>> {
    Ok(ApiJson(store::in_org(&state.db, &caller.org_id).await?))
}

/// Create a team (admins).
#[utoipa::path(post, path = "/api/teams", tag = "accounts", request_body = TeamName,
    responses((status = 201, body = Team), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_team(State(state): State<AppState>, Admin(caller): Admin, ApiJson(body): ApiJson<TeamName>) -> Result<(StatusCode, ApiJson<Team>)> {
    let name = validate::text("name", &body.name, 80)?;
    let id = new_id();
    if !store::insert(&state.db, &id, &caller.org_id, &name, now_ms()).await? {
        return Err(Error::Conflict(TAKEN.into()));
    }
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
    if !store::rename(&state.db, &team.id, &name).await? {
        return Err(Error::Conflict(TAKEN.into()));
    }
    Ok(ApiJson(fetch_in_org(&state.db, &caller.org_id, &team.id).await?))
}

/// Delete a team (admins); its categories keep existing without a team.
#[utoipa::path(delete, path = "/api/teams/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_team(State(state): State<AppState>, Admin(caller): Admin, ApiPath(id): ApiPath<String>) -> Result<StatusCode> {
    let team = fetch_in_org(&state.db, &caller.org_id, &id).await?;
    store::delete(&state.db, &team.id).await?;
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
    store::add_member(&state.db, &team.id, &technician.id).await?;
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
    store::remove_member(&state.db, &team.id, &technician_id).await?;
    Ok(ApiJson(fetch_in_org(&state.db, &caller.org_id, &team.id).await?))
}
