//! The phone camera's last reported state, one row per session (`camera_states`): its
//! torch and its zoom each as the wire's JSON, so a technician who connects later, or
//! after a right was restored, sees the phone's real torch and zoom.

use serde::de::DeserializeOwned;
use serde::Serialize;
use sightline_wire::signal::CameraState;

use crate::db::{now_ms, Db};
use crate::error::{Error, Result};

#[derive(sqlx::FromRow)]
struct CameraRow {
    torch: Option<String>,
    zoom: Option<String>,
}

/// The session's camera state, if the phone reported one.
pub async fn load(db: &Db, session_id: &str) -> Result<Option<CameraState>> {
    let row: Option<CameraRow> = sqlx::query_as("SELECT torch, zoom FROM camera_states WHERE session_id = $1")
        .bind(session_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|row| Ok(CameraState { torch: parse(row.torch)?, zoom: parse(row.zoom)? })).transpose()
}

/// Stores what `report` says in one statement: its torch and its zoom each replace the
/// stored ones when present, so two reports at once never undo each other.
pub async fn merge(db: &Db, session_id: &str, report: &CameraState) -> Result<()> {
    sqlx::query(
        "INSERT INTO camera_states (session_id, torch, zoom, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (session_id) DO UPDATE SET torch = COALESCE(excluded.torch, camera_states.torch), \
         zoom = COALESCE(excluded.zoom, camera_states.zoom), updated_at = excluded.updated_at",
    )
    .bind(session_id)
    .bind(text(&report.torch)?)
    .bind(text(&report.zoom)?)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

fn parse<T: DeserializeOwned>(stored: Option<String>) -> Result<Option<T>> {
    stored
        .map(|text| serde_json::from_str(&text).map_err(|err| Error::Internal(format!("a stored camera state does not parse: {err}"))))
        .transpose()
}

fn text<T: Serialize>(part: &Option<T>) -> Result<Option<String>> {
    part.as_ref().map(|part| serde_json::to_string(part).map_err(|err| Error::Internal(err.to_string()))).transpose()
}
