//! Issue categories: what a session is about, and whether "request help" may be sent on it.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::categories::{self as store, Fields};
use super::{teams, validate};
use crate::auth::{Admin, Caller};
use crate::db::{new_id, now_ms, Db};
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;

pub use super::store::categories::IssueCategory;

/// The answer to a name another category of the organisation has.
const TAKEN: &str = "a category with this name already exists";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_categories, create_category))
        .routes(routes!(update_category, delete_category))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryFields {
    pub name: Option<String>,
    pub team_id: Option<String>,
    pub request_help: Option<bool>,
}

/// A category of `org_id`, or not found (never another org's).
pub async fn fetch_in_org(db: &Db, org_id: &str, id: &str) -> Result<IssueCategory> {
    store::fetch_in_org(db, org_id, id).await?.ok_or(Error::NotFound("issue category"))
}

/// Checks the category's settings: request help needs a team to route to.
async fn checked_fields(db: &Db, org_id: &str, team_id: Option<&str>, request_help: bool) -> Result<()> {
    if let Some(team_id) = team_id {
        teams::fetch_in_org(db, org_id, team_id).await?;
    }
    if request_help && team_id.is_none() {
        return Err(Error::InvalidInput("request help needs a team to route to".into()));
    }
    Ok(())
}

/// Issue categories of the caller's organisation.
#[utoipa::path(get, path = "/api/categories", tag = "accounts",
    responses((status = 200, body = Vec<IssueCategory>), (status = 401, body = ErrorBody)))]
async fn list_categories(State(state): State<AppState>, caller: Caller) -> Result<ApiJson<Vec<IssueCategory>>> {
    Ok(ApiJson(store::in_org(&state.db, &caller.org_id).await?))
}

/// Create an issue category (admins).
#[utoipa::path(post, path = "/api/categories", tag = "accounts", request_body = CategoryFields,
    responses((status = 201, body = IssueCategory), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_category(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiJson(fields): ApiJson<CategoryFields>,
) -> Result<(StatusCode, ApiJson<IssueCategory>)> {
    let name = validate::text("name", fields.name.as_deref().unwrap_or(""), 80)?;
    let request_help = fields.request_help.unwrap_or(false);
    checked_fields(&state.db, &caller.org_id, fields.team_id.as_deref(), request_help).await?;
    let id = new_id();
    let stored = Fields { name: &name, team_id: fields.team_id.as_deref(), request_help };
    if !store::insert(&state.db, &id, &caller.org_id, stored, now_ms()).await? {
        return Err(Error::Conflict(TAKEN.into()));
    }
    Ok((StatusCode::CREATED, ApiJson(fetch_in_org(&state.db, &caller.org_id, &id).await?)))
}

/// Change an issue category (admins). An empty `team_id` string removes the team.
#[utoipa::path(patch, path = "/api/categories/{id}", tag = "accounts", params(("id" = String, Path)), request_body = CategoryFields,
    responses((status = 200, body = IssueCategory), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_category(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiPath(id): ApiPath<String>,
    ApiJson(fields): ApiJson<CategoryFields>,
) -> Result<ApiJson<IssueCategory>> {
    let current = fetch_in_org(&state.db, &caller.org_id, &id).await?;
    let name = match fields.name.as_deref() {
        Some(name) => validate::text("name", name, 80)?,
        None => current.name,
    };
    let team_id = match fields.team_id {
        Some(team) if team.is_empty() => None,
        Some(team) => Some(team),
        None => current.team_id,
    };
    let request_help = fields.request_help.unwrap_or(current.request_help);
    checked_fields(&state.db, &caller.org_id, team_id.as_deref(), request_help).await?;
    if !store::update(&state.db, &current.id, Fields { name: &name, team_id: team_id.as_deref(), request_help }).await? {
        return Err(Error::Conflict(TAKEN.into()));
    }
    Ok(ApiJson(fetch_in_org(&state.db, &caller.org_id, &current.id).await?))
}

/// Delete an issue category (admins).
#[utoipa::path(delete, path = "/api/categories/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_category(State(state): State<AppState>, Admin(caller): Admin, ApiPath(id): ApiPath<String>) -> Result<StatusCode> {
    let current = fetch_in_org(&state.db, &caller.org_id, &id).await?;
    store::delete(&state.db, &current.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
