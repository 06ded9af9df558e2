//! Organisations: the unit of isolation. Every query elsewhere filters by the caller's org.

use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::orgs as store;
use super::validate;
use crate::auth::{Admin, Caller};
use crate::db::{new_id, now_ms, Db};
use crate::error::{Error, ErrorBody, Result};
use crate::extract::ApiJson;
use crate::state::AppState;

pub use super::store::orgs::Org;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_org, update_org))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrg {
    pub name: Option<String>,
    /// Minutes of chat history shown to joining technicians; `null` or absent keeps it, 0 means the whole history.
    pub chat_history_minutes: Option<i64>,
}

pub async fn fetch(db: &Db, id: &str) -> Result<Org> {
    store::fetch(db, id).await?.ok_or(Error::NotFound("organisation"))
}

/// Creates an organisation; returns its id.
pub async fn create(db: &Db, name: &str) -> Result<String> {
    let name = validate::text("name", name, 120)?;
    let id = new_id();
    store::insert(db, &id, &name, now_ms()).await?;
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
        store::set_name(&mut *tx, &caller.org_id, &name).await?;
    }
    if let Some(minutes) = change.chat_history_minutes {
        store::set_chat_history_minutes(&mut *tx, &caller.org_id, (minutes > 0).then_some(minutes)).await?;
    }
    tx.commit().await?;
    Ok(ApiJson(fetch(&state.db, &caller.org_id).await?))
}
