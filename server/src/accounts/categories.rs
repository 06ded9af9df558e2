//! Issue categories: what a session is about, and whether "request help" may be sent on it.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{teams, validate};
use crate::auth::{Admin, Caller};
use crate::db::{new_id, now_ms, Db};
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_categories, create_category))
        .routes(routes!(update_category, delete_category))
}

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

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryFields {
    pub name: Option<String>,
    pub team_id: Option<String>,
    pub request_help: Option<bool>,
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

/// A category of `org_id`, or not found (never another org's).
pub async fn fetch_in_org(db: &Db, org_id: &str, id: &str) -> Result<IssueCategory> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, name, team_id, request_help, created_at FROM issue_categories WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(IssueCategory::from).ok_or(Error::NotFound("issue category"))
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
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, team_id, request_help, created_at FROM issue_categories WHERE org_id = $1 ORDER BY name, id",
    )
    .bind(&caller.org_id)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(ApiJson(rows.into_iter().map(IssueCategory::from).collect()))
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
    sqlx::query(
        "INSERT INTO issue_categories (id, org_id, name, team_id, request_help, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(&caller.org_id)
    .bind(&name)
    .bind(&fields.team_id)
    .bind(i64::from(request_help))
    .bind(now_ms())
    .execute(&state.db.pool)
    .await
    .map_err(Error::on_unique_violation("a category with this name already exists"))?;
    Ok((StatusCode::CREATED, ApiJson(fetch_in_org(&state.db, &caller.org_id, &id).await?)))
}

/// Change an issue category (admins). An empty `team_id` string removes the team.
#[utoipa::path(patch, path = "/api/categories/{id}", tag = "accounts", params(("id" = String, Path)), request_body = CategoryFields,
    responses((status = 200, body = IssueCategory), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
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
    sqlx::query("UPDATE issue_categories SET name = $1, team_id = $2, request_help = $3 WHERE id = $4")
        .bind(&name)
        .bind(&team_id)
        .bind(i64::from(request_help))
        .bind(&current.id)
        .execute(&state.db.pool)
        .await
        .map_err(Error::on_unique_violation("a category with this name already exists"))?;
    Ok(ApiJson(fetch_in_org(&state.db, &caller.org_id, &current.id).await?))
}

/// Delete an issue category (admins).
#[utoipa::path(delete, path = "/api/categories/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_category(State(state): State<AppState>, Admin(caller): Admin, ApiPath(id): ApiPath<String>) -> Result<StatusCode> {
    let current = fetch_in_org(&state.db, &caller.org_id, &id).await?;
    sqlx::query("DELETE FROM issue_categories WHERE id = $1").bind(&current.id).execute(&state.db.pool).await?;
    Ok(StatusCode::NO_CONTENT)
}
