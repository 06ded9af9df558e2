//! The `recordings` table: one row per stored recording of a session.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::Db;
use crate::error::{Error, Result};

/// A recording as its session's primary sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RecordingView {
    pub id: String,
    /// The participant id of the technician who started it, and its name then.
    pub started_by: String,
    pub started_by_name: String,
    pub started_at: i64,
    pub duration_ms: u64,
    pub bytes: u64,
    /// `vp8+opus` (WebM) or `h264+opus` (MP4).
    pub format: String,
    /// The download's content type.
    pub content_type: String,
}

/// A recording as stored: the view and its blob's key.
#[derive(Debug, Clone)]
pub struct StoredRecording {
    pub view: RecordingView,
    pub session_id: String,
    pub blob_key: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    session_id: String,
    started_by: String,
    started_by_name: String,
    started_at: i64,
    duration_ms: i64,
    bytes: i64,
    format: String,
    blob_key: String,
}

const COLUMNS: &str = "id, session_id, started_by, started_by_name, started_at, duration_ms, bytes, format, blob_key";

impl TryFrom<Row> for StoredRecording {
    type Error = Error;

    fn try_from(row: Row) -> Result<Self> {
        let count = |value: i64| u64::try_from(value).map_err(|_| Error::Internal(format!("a stored recording has the size {value}")));
        let content_type = super::content_type(&row.format)?.to_owned();
        Ok(StoredRecording {
            view: RecordingView {
                id: row.id,
                started_by: row.started_by,
                started_by_name: row.started_by_name,
                started_at: row.started_at,
                duration_ms: count(row.duration_ms)?,
                bytes: count(row.bytes)?,
                format: row.format,
                content_type,
            },
            session_id: row.session_id,
            blob_key: row.blob_key,
        })
    }
}

pub async fn insert(db: &Db, recording: &StoredRecording) -> Result<()> {
    let view = &recording.view;
    sqlx::query(&format!("INSERT INTO recordings ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"))
        .bind(&view.id)
        .bind(&recording.session_id)
        .bind(&view.started_by)
        .bind(&view.started_by_name)
        .bind(view.started_at)
        .bind(i64::try_from(view.duration_ms).unwrap_or(i64::MAX))
        .bind(i64::try_from(view.bytes).unwrap_or(i64::MAX))
        .bind(&view.format)
        .bind(&recording.blob_key)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The session's recordings, oldest first.
pub async fn of_session(db: &Db, session_id: &str) -> Result<Vec<StoredRecording>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM recordings WHERE session_id = $1 ORDER BY started_at, id"))
        .bind(session_id)
        .fetch_all(&db.pool)
        .await?;
    rows.into_iter().map(StoredRecording::try_from).collect()
}

/// One recording of the session.
pub async fn fetch(db: &Db, session_id: &str, id: &str) -> Result<Option<StoredRecording>> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM recordings WHERE session_id = $1 AND id = $2"))
        .bind(session_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(StoredRecording::try_from).transpose()
}
