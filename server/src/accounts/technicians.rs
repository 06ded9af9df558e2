//! Technicians (and org admins): who may sign in to the console.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::technicians::{self as store, Change, NewRow};
use super::validate;
use crate::auth::sign_ins;
use sightline_wire::signal::EndReason;
use crate::auth::{password, Admin, Caller};
use crate::db::{new_id, now_ms, Db};
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::rate_limit;
use crate::state::AppState;

pub use super::store::technicians::Technician;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_technicians, create_technician))
        .routes(routes!(get_technician, update_technician))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTechnician {
    pub email: String,
    pub display_name: String,
    /// At least 10 characters.
    pub password: String,
    #[serde(default)]
    pub is_admin: bool,
}

/// Fields a technician may change on themselves; `is_admin` and `disabled` only an admin may change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTechnician {
    pub display_name: Option<String>,
    pub extended_availability: Option<bool>,
    pub password: Option<String>,
    /// Required with `password` when changing one's own.
    pub current_password: Option<String>,
    pub is_admin: Option<bool>,
    pub disabled: Option<bool>,
}

pub async fn fetch(db: &Db, id: &str) -> Result<Technician> {
    store::fetch(&db.pool, id).await?.ok_or(Error::NotFound("technician"))
}

/// A technician of `org_id`, or not found (never another org's).
pub async fn fetch_in_org(db: &Db, org_id: &str, id: &str) -> Result<Technician> {
    let technician = fetch(db, id).await?;
    if technician.org_id != org_id {
        return Err(Error::NotFound("technician"));
    }
    Ok(technician)
}

/// Creates a technician in `org_id` after validating every field.
pub async fn create(db: &Db, org_id: &str, new: NewTechnician) -> Result<Technician> {
    let email = validate::email(&new.email)?;
    let display_name = validate::text("display_name", &new.display_name, 80)?;
    password::validate(&new.password)?;
    let hash = password::hash(new.password).await?;
    let id = new_id();
    let row = NewRow { id: &id, org_id, email: &email, display_name: &display_name, password_hash: &hash, is_admin: new.is_admin, created_at: now_ms() };
    if !store::insert(db, row).await? {
        return Err(Error::Conflict("a technician with this email already exists".into()));
    }
    fetch(db, &id).await
}

/// Technicians of the caller's organisation.
#[utoipa::path(get, path = "/api/technicians", tag = "accounts",
    responses((status = 200, body = Vec<Technician>), (status = 401, body = ErrorBody)))]
async fn list_technicians(State(state): State<AppState>, caller: Caller) -> Result<ApiJson<Vec<Technician>>> {
    Ok(ApiJson(store::in_org(&state.db, &caller.org_id).await?))
}

/// Add a technician to the organisation (admins).
#[utoipa::path(post, path = "/api/technicians", tag = "accounts", request_body = NewTechnician,
    responses((status = 201, body = Technician), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_technician(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiJson(new): ApiJson<NewTechnician>,
) -> Result<(StatusCode, ApiJson<Technician>)> {
    Ok((StatusCode::CREATED, ApiJson(create(&state.db, &caller.org_id, new).await?)))
}

/// One technician of the caller's organisation.
#[utoipa::path(get, path = "/api/technicians/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = Technician), (status = 404, body = ErrorBody)))]
async fn get_technician(State(state): State<AppState>, caller: Caller, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Technician>> {
    Ok(ApiJson(fetch_in_org(&state.db, &caller.org_id, &id).await?))
}

/// Change a technician: themselves (name, availability, password with the current one) or, for
/// admins, anyone of the org. A new password ends the other sign-ins; disabling ends all.
#[utoipa::path(patch, path = "/api/technicians/{id}", tag = "accounts", params(("id" = String, Path)), request_body = UpdateTechnician,
    responses((status = 429, body = ErrorBody), (status = 200, body = Technician), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_technician(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(change): ApiJson<UpdateTechnician>,
) -> Result<ApiJson<Technician>> {
    let target = fetch_in_org(&state.db, &caller.org_id, &id).await?;
    let is_self = target.id == caller.technician_id;
    if !is_self && !caller.is_admin {
        return Err(Error::Forbidden("only an organisation admin may change another technician"));
    }
    if (change.is_admin.is_some() || change.disabled.is_some()) && !caller.is_admin {
        return Err(Error::Forbidden("only an organisation admin may change roles or disable accounts"));
    }
    if is_self && (change.is_admin == Some(false) || change.disabled == Some(true)) {
        return Err(Error::InvalidInput("an admin cannot demote or disable their own account".into()));
    }
    let display_name = change.display_name.as_deref().map(|n| validate::text("display_name", n, 80)).transpose()?;
    let password_hash = match change.password {
        Some(new) => {
            password::validate(&new)?;
            if is_self {
                require_current_password(&state, &target.id, change.current_password).await?;
            }
            Some(password::hash(new).await?)
        }
        None => None,
    };
    let stored = Change {
        display_name: display_name.as_deref(),
        extended_availability: change.extended_availability,
        password_hash: password_hash.as_deref(),
        is_admin: change.is_admin,
        disabled: change.disabled,
    };
    store::update(&state.db, &target.id, stored).await?;
    let password_changed = password_hash.is_some();
    if change.disabled == Some(true) {
        sign_ins::end_all(&state, &target.id, None, EndReason::AccountDisabled).await?;
    } else if password_changed {
        // One's own change keeps the sign-in it was made from; an admin's reset ends them all.
        let keep = is_self.then_some(caller.token_hash.as_str());
        sign_ins::end_all(&state, &target.id, keep, EndReason::PasswordChanged).await?;
    }
    Ok(ApiJson(fetch(&state.db, &target.id).await?))
}

/// `Ok` when `given` is the technician's current password; guesses are limited as sign-ins are.
async fn require_current_password(state: &AppState, technician_id: &str, given: Option<String>) -> Result<()> {
    let given = given.ok_or(Error::CurrentPasswordWrong)?;
    let key = format!("current-password:{technician_id}");
    rate_limit::take(&state.db, &[(&key, state.settings.login_limit)]).await?;
    let stored = store::password_hash(&state.db, technician_id).await?;
    if password::verify(given, Some(stored)).await? {
        rate_limit::clear(&state.db, &key).await
    } else {
        Err(Error::CurrentPasswordWrong)
    }
}
