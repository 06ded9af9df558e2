//! The trail as a file for the session's primary and the organisation's admins: JSON that
//! `sightline audit verify` checks on its own (session, head, every entry with its seal),
//! or CSV for spreadsheets.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::chain::{Entry, Head};
use crate::auth::Member;
use crate::db::now_ms;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiPath, ApiQuery};
use crate::sessions::model::{self, Role};
use crate::sessions::store::participants;
use crate::sessions::store::sessions::StoredSession;
use crate::state::AppState;

/// What names a file as an exported trail of this format.
pub const FORMAT: &str = "sightline-audit-trail-v1";

/// An exported trail: everything its verification needs but the key.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// `sightline-audit-trail-v1`.
    pub format: String,
    pub session_id: String,
    pub exported_at: i64,
    /// The trail's end as sealed: none for a session without entries.
    pub head: Option<Head>,
    pub entries: Vec<Entry>,
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export_audit))
}

/// The session if the caller may read its whole trail: the session's primary technician
/// (also after it ended) or an admin of its organisation. A guest or a secondary is
/// refused; a session the caller may not see is not found.
pub async fn for_auditor(state: &AppState, member: &Member, id: &str) -> Result<StoredSession> {
    const REFUSED: Error = Error::Forbidden("only the session's primary technician and admins may read its whole trail");
    if member.guest.as_ref().is_some_and(|guest| guest.session_id == id) {
        return Err(REFUSED);
    }
    let caller = member.technician.as_ref().ok_or(Error::NotFound("session"))?;
    let session = model::visible_to(&state.db, caller, id).await?;
    if caller.is_admin {
        return Ok(session);
    }
    let people = participants::of_session(&state.db, &session.id).await?;
    let primary = people.iter().any(|p| p.role == Role::Primary && p.technician_id.as_deref() == Some(caller.technician_id.as_str()));
    if primary {
        Ok(session)
    } else {
        Err(REFUSED)
    }
}

/// The file formats of an export.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Json,
    Csv,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ExportQuery {
    /// `json` (the default, verifiable with `sightline audit verify`) or `csv`.
    #[param(inline)]
    pub format: Option<Format>,
}

/// The session's whole trail as a download (primary technician and admins).
#[utoipa::path(get, path = "/api/sessions/{id}/audit/export", tag = "sessions", params(("id" = String, Path), ExportQuery),
    responses((status = 200, description = "JSON, or CSV with `format=csv`", content((Export = "application/json"), (String = "text/csv"))), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn export_audit(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>, ApiQuery(query): ApiQuery<ExportQuery>) -> Result<Response> {
    let session = for_auditor(&state, &member, &id).await?;
    let export = Export {
        format: FORMAT.to_owned(),
        exported_at: now_ms(),
        head: super::head(&state.db, &session.id).await?,
        entries: super::entries(&state.db, &session.id).await?,
        session_id: session.id,
    };
    let (content_type, extension, body) = match query.format.unwrap_or_default() {
        Format::Json => ("application/json", "json", serde_json::to_vec_pretty(&export).map_err(|err| Error::Internal(err.to_string()))?),
        Format::Csv => ("text/csv; charset=utf-8", "csv", csv(&export)?),
    };
    let disposition = HeaderValue::try_from(format!("attachment; filename=\"sightline-audit-{}.{extension}\"", export.session_id))
        .map_err(|err| Error::Internal(err.to_string()))?;
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
    ];
    Ok((headers, body).into_response())
}

/// One line per entry: place, time, actor, kind, detail (JSON) and seal.
fn csv(export: &Export) -> Result<Vec<u8>> {
    let failed = |err: csv::Error| Error::Internal(format!("writing CSV: {err}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["session_id", "seq", "at", "actor", "kind", "detail", "seal"]).map_err(failed)?;
    for entry in &export.entries {
        let (seq, at, detail) = (entry.seq.to_string(), entry.at.to_string(), entry.detail.to_string());
        let actor = entry.actor.as_deref().unwrap_or("");
        let seal = entry.seal.as_deref().unwrap_or("");
        writer.write_record([export.session_id.as_str(), &seq, &at, actor, &entry.kind, &detail, seal]).map_err(failed)?;
    }
    writer.into_inner().map_err(|err| Error::Internal(format!("writing CSV: {err}")))
}
