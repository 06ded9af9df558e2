//! The session's annotations (`annotations`): one row each, its shape as the wire's
//! JSON. Adding checks the session's bounds in the same statement, so two technicians
//! drawing at once never pass them together.

use sightline_wire::{Annotation, Colour, NewAnnotation, Shape};

use crate::db::Db;
use crate::error::{Error, Result};
use crate::sessions::store::participants::StoredParticipant;

/// How many annotations, and how many of their points in all, a session holds at most.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub annotations: i64,
    pub points: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    participant_id: String,
    colour: String,
    width: f64,
    shape: String,
    created_at: i64,
}

const SELECT: &str = "SELECT id, participant_id, colour, width, shape, created_at FROM annotations";

/// Stores `new` as `id` by `participant_id`, unless the session would exceed `bounds`;
/// returns whether it was stored.
pub async fn insert<'e, E>(executor: E, session_id: &str, participant_id: &str, id: &str, new: &NewAnnotation, at: i64, bounds: Bounds) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let shape = serde_json::to_string(&new.shape).map_err(|err| Error::Internal(err.to_string()))?;
    let points = i64::try_from(new.shape.points().len()).map_err(|err| Error::Internal(err.to_string()))?;
    let inserted = sqlx::query(
        "INSERT INTO annotations (id, session_id, participant_id, colour, width, shape, points, created_at) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8 \
         WHERE (SELECT COUNT(*) FROM annotations WHERE session_id = $2) < $9 \
         AND (SELECT COALESCE(SUM(points), 0) FROM annotations WHERE session_id = $2) + $7 <= $10",
    )
    .bind(id)
    .bind(session_id)
    .bind(participant_id)
    .bind(new.colour.as_str())
    .bind(f64::from(new.width))
    .bind(shape)
    .bind(points)
    .bind(at)
    .bind(bounds.annotations)
    .bind(bounds.points)
    .execute(executor)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// The session's annotations, oldest first, each with its author's name from `people`.
pub async fn of_session(db: &Db, session_id: &str, people: &[StoredParticipant]) -> Result<Vec<Annotation>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE session_id = $1 ORDER BY created_at, id"))
        .bind(session_id)
        .fetch_all(&db.pool)
        .await?;
    rows.into_iter().map(|row| typed(row, people)).collect()
}

/// One annotation of the session.
pub async fn fetch(db: &Db, session_id: &str, id: &str, people: &[StoredParticipant]) -> Result<Option<Annotation>> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE session_id = $1 AND id = $2"))
        .bind(session_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|row| typed(row, people)).transpose()
}

/// Deletes one annotation of `participant_id`'s; returns whether there was one.
pub async fn delete_own<'e, E>(executor: E, session_id: &str, id: &str, participant_id: &str) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let deleted = sqlx::query("DELETE FROM annotations WHERE session_id = $1 AND id = $2 AND participant_id = $3")
        .bind(session_id)
        .bind(id)
        .bind(participant_id)
        .execute(executor)
        .await?
        .rows_affected();
    Ok(deleted == 1)
}

/// Deletes every annotation of the session; returns how many there were.
pub async fn delete_all<'e, E>(executor: E, session_id: &str) -> Result<u64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query("DELETE FROM annotations WHERE session_id = $1").bind(session_id).execute(executor).await?.rows_affected())
}

fn typed(row: Row, people: &[StoredParticipant]) -> Result<Annotation> {
    let author = people
        .iter()
        .find(|p| p.id == row.participant_id)
        .ok_or_else(|| Error::Internal(format!("annotation {} has no author", row.id)))?;
    let shape: Shape = serde_json::from_str(&row.shape).map_err(|err| Error::Internal(format!("a stored annotation does not parse: {err}")))?;
    Ok(Annotation {
        author_name: author.display_name.clone(),
        colour: row.colour.parse::<Colour>()?,
        width: row.width as f32,
        shape,
        created_at: row.created_at,
        author: row.participant_id,
        id: row.id,
    })
}
