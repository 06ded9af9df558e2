//! The `captures` table: one row per picture the phone uploaded for a command (its
//! kind, session, command, who asked, when, size, and where the blob store keeps it).

use sightline_wire::signal::{CaptureKind, CaptureView};

use crate::db::Db;
use crate::error::{Error, Result};

/// A capture as stored: what the technicians see of it, and its blob's key.
#[derive(Debug, Clone)]
pub struct StoredCapture {
    pub view: CaptureView,
    pub session_id: String,
    pub blob_key: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    session_id: String,
    kind: String,
    command_id: String,
    taken_by: String,
    taken_by_name: String,
    taken_at: i64,
    width: i64,
    height: i64,
    bytes: i64,
    blob_key: String,
}

impl TryFrom<Row> for StoredCapture {
    type Error = Error;

    fn try_from(row: Row) -> Result<Self> {
        let size = |value: i64| u32::try_from(value).map_err(|_| Error::Internal(format!("a stored capture has the size {value}")));
        Ok(StoredCapture {
            view: CaptureView {
                id: row.id,
                kind: row.kind.parse()?,
                command_id: row.command_id,
                taken_by: row.taken_by,
                taken_by_name: row.taken_by_name,
                taken_at: row.taken_at,
                width: size(row.width)?,
                height: size(row.height)?,
                bytes: u64::try_from(row.bytes).map_err(|_| Error::Internal("a stored capture has a negative length".into()))?,
            },
            session_id: row.session_id,
            blob_key: row.blob_key,
        })
    }
}

const COLUMNS: &str = "id, session_id, kind, command_id, taken_by, taken_by_name, taken_at, width, height, bytes, blob_key";

/// Stores a capture; a second one for the same command is refused (`Error::UploadNotExpected`).
pub async fn insert(db: &Db, capture: &StoredCapture) -> Result<()> {
    let view = &capture.view;
    sqlx::query(&format!("INSERT INTO captures ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"))
        .bind(&view.id)
        .bind(&capture.session_id)
        .bind(view.kind.as_str())
        .bind(&view.command_id)
        .bind(&view.taken_by)
        .bind(&view.taken_by_name)
        .bind(view.taken_at)
        .bind(i64::from(view.width))
        .bind(i64::from(view.height))
        .bind(i64::try_from(view.bytes).unwrap_or(i64::MAX))
        .bind(&capture.blob_key)
        .execute(&db.pool)
        .await
        .map_err(|err| match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => Error::UploadNotExpected,
            _ => Error::Database(err),
        })?;
    Ok(())
}

/// The session's captures of `kind`, oldest first.
pub async fn of_session(db: &Db, session_id: &str, kind: CaptureKind) -> Result<Vec<StoredCapture>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM captures WHERE session_id = $1 AND kind = $2 ORDER BY taken_at, id"))
        .bind(session_id)
        .bind(kind.as_str())
        .fetch_all(&db.pool)
        .await?;
    rows.into_iter().map(StoredCapture::try_from).collect()
}

/// One capture of the session.
pub async fn fetch(db: &Db, session_id: &str, id: &str) -> Result<Option<StoredCapture>> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM captures WHERE session_id = $1 AND id = $2"))
        .bind(session_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(StoredCapture::try_from).transpose()
}

/// The capture uploaded for a command, if any.
pub async fn for_command(db: &Db, command_id: &str) -> Result<Option<StoredCapture>> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM captures WHERE command_id = $1"))
        .bind(command_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(StoredCapture::try_from).transpose()
}
