//! The customer's side: joining a waiting session with its code.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use sightline_wire::join_code;
use sightline_wire::signal::DeviceInfo;

use super::{audit, details};
use super::model::Role;
use super::store::participants::{self, Newcomer};
use super::store::sessions;
use crate::accounts::validate;
use crate::auth::secret;
use crate::db::now_ms;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ClientAddr};
use crate::rate_limit;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(join))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    /// The nine-digit code, or the join link that carries it.
    pub code: String,
    /// How the customer is shown to technicians; defaults to "Customer".
    pub display_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Joined {
    pub session_id: String,
    pub participant_id: String,
    /// The customer's secret for the session's live connection. Shown once.
    pub token: String,
}

/// Join a waiting session as its customer. Attempts are rate-limited per client address (successes are given back).
#[utoipa::path(post, path = "/api/join", tag = "customer", request_body = JoinRequest,
    responses((status = 201, body = Joined), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn join(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(request): ApiJson<JoinRequest>,
) -> Result<(StatusCode, ApiJson<Joined>)> {
    let joined = claim(&state, &client, &request.code, request.display_name.as_deref(), None).await?;
    Ok((StatusCode::CREATED, ApiJson(joined)))
}

/// Claims a waiting session for its customer with the code (or link) they typed.
/// Failed attempts count against `client`. The device its SDK described is kept with the session.
pub async fn claim(state: &AppState, client: &str, typed_code: &str, display_name: Option<&str>, device: Option<&DeviceInfo>) -> Result<Joined> {
    let display_name = match display_name {
        Some(name) => validate::text("display_name", name, 80)?,
        None => "Customer".to_owned(),
    };
    if let Some(device) = device {
        details::check(device)?;
    }
    let key = format!("join:{client}");
    rate_limit::take(&state.db, &[(&key, state.settings.join_limit)]).await?;
    let Some(code) = join_code::from_code_or_link(typed_code) else {
        return Err(Error::InvalidJoinCode);
    };
    let Some(session) = sessions::waiting_with_code(&state.db, &code).await? else {
        return Err(Error::InvalidJoinCode);
    };
    if session.code_expires_at <= now_ms() {
        return Err(Error::JoinCodeExpired);
    }
    let session_id = session.id;
    let token = secret::new_token();
    let mut tx = state.db.pool.begin().await?;
    // Only one customer can take a code: the status check makes the second one lose.
    if !sessions::mark_connected(&mut *tx, &session_id).await? {
        return Err(Error::InvalidJoinCode);
    }
    let token_hash = secret::hash_token(&token);
    let participant_id = participants::add(&mut *tx, Newcomer::holding(&session_id, Role::Customer, &display_name, &token_hash)).await?.id;
    if let Some(device) = device {
        details::store::save_device(&mut *tx, &session_id, device).await?;
    }
    audit::record(&mut *tx, &state.settings.audit_key, &session_id, Some(&participant_id), "customer_joined", json!({ "display_name": display_name })).await?;
    tx.commit().await?;
    // A code that worked is not a guess: its attempt is given back.
    rate_limit::give_back(&state.db, &key).await?;
    Ok(Joined { session_id, participant_id, token })
}
