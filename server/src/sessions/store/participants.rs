//! The `participants` table and the rights withdrawn from participants (`withdrawn_rights`):
//! the one place either is read or written. Others ask these functions, never the tables.

use std::collections::HashMap;

use crate::db::{new_id, now_ms, Db};
use crate::error::{Error, Result};
use crate::sessions::model::Role;
use crate::sessions::rights::Feature;

/// A participant as stored: a technician (primary, secondary), a guest or the customer.
#[derive(Debug, Clone)]
pub struct StoredParticipant {
    pub id: String,
    pub session_id: String,
    pub technician_id: Option<String>,
    pub display_name: String,
    pub role: Role,
    pub joined_at: i64,
    pub left_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    session_id: String,
    technician_id: Option<String>,
    display_name: String,
    role: String,
    joined_at: i64,
    left_at: Option<i64>,
}

impl TryFrom<Row> for StoredParticipant {
    type Error = Error;

    fn try_from(row: Row) -> Result<Self> {
        Ok(StoredParticipant {
            role: row.role.parse()?,
            id: row.id,
            session_id: row.session_id,
            technician_id: row.technician_id,
            display_name: row.display_name,
            joined_at: row.joined_at,
            left_at: row.left_at,
        })
    }
}

const COLUMNS: &str = "id, session_id, technician_id, display_name, role, joined_at, left_at";

/// A right the owner withdrew from a participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub participant_id: String,
    pub feature: Feature,
}

#[derive(sqlx::FromRow)]
struct WithdrawalRow {
    participant_id: String,
    feature: String,
}

/// Who joins a session.
#[derive(Debug, Clone, Copy)]
pub struct Newcomer<'a> {
    pub session_id: &'a str,
    pub role: Role,
    pub display_name: &'a str,
    /// The technician behind a primary or secondary seat.
    pub technician_id: Option<&'a str>,
    /// The hash of the secret a customer's app or a guest's browser holds.
    pub token_hash: Option<&'a str>,
}

impl<'a> Newcomer<'a> {
    /// A technician of the organisation, as primary or secondary.
    pub fn technician(session_id: &'a str, technician_id: &'a str, display_name: &'a str, role: Role) -> Self {
        Newcomer { session_id, role, display_name, technician_id: Some(technician_id), token_hash: None }
    }

    /// The customer or a guest, known by the hash of its secret.
    pub fn holding(session_id: &'a str, role: Role, display_name: &'a str, token_hash: &'a str) -> Self {
        Newcomer { session_id, role, display_name, technician_id: None, token_hash: Some(token_hash) }
    }
}

/// The stored kind of a role's participant.
fn kind(role: Role) -> &'static str {
    match role {
        Role::Primary | Role::Secondary => "technician",
        Role::Guest => "guest",
        Role::Customer => "customer",
    }
}

fn typed(rows: Vec<Row>) -> Result<Vec<StoredParticipant>> {
    rows.into_iter().map(StoredParticipant::try_from).collect()
}

/// Adds a participant to its session now; returns it as it now reads.
pub async fn add<'e, E>(executor: E, newcomer: Newcomer<'_>) -> Result<StoredParticipant>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let id = new_id();
    let joined_at = now_ms();
    sqlx::query(
        "INSERT INTO participants (id, session_id, technician_id, kind, role, display_name, token_hash, joined_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(newcomer.session_id)
    .bind(newcomer.technician_id)
    .bind(kind(newcomer.role))
    .bind(newcomer.role.as_str())
    .bind(newcomer.display_name)
    .bind(newcomer.token_hash)
    .bind(joined_at)
    .execute(executor)
    .await?;
    Ok(StoredParticipant {
        id,
        session_id: newcomer.session_id.to_owned(),
        technician_id: newcomer.technician_id.map(str::to_owned),
        display_name: newcomer.display_name.to_owned(),
        role: newcomer.role,
        joined_at,
        left_at: None,
    })
}

/// Everyone who has been in the session, in joining order.
pub async fn of_session(db: &Db, session_id: &str) -> Result<Vec<StoredParticipant>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM participants WHERE session_id = $1 ORDER BY joined_at, id"))
        .bind(session_id)
        .fetch_all(&db.pool)
        .await?;
    typed(rows)
}

/// The participants of each of `session_ids` (a list's sessions), in joining order, in
/// one query; a session without any has no entry.
pub async fn of_sessions(db: &Db, session_ids: &[&str]) -> Result<HashMap<String, Vec<StoredParticipant>>> {
    if session_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let placeholders: Vec<String> = (1..=session_ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!("SELECT {COLUMNS} FROM participants WHERE session_id IN ({}) ORDER BY joined_at, id", placeholders.join(", "));
    let mut query = sqlx::query_as(&sql);
    for id in session_ids {
        query = query.bind(*id);
    }
    let rows: Vec<Row> = query.fetch_all(&db.pool).await?;
    let mut by_session: HashMap<String, Vec<StoredParticipant>> = HashMap::new();
    for participant in typed(rows)? {
        by_session.entry(participant.session_id.clone()).or_default().push(participant);
    }
    Ok(by_session)
}

/// Everyone in the session now (joined and not left), in joining order.
pub async fn present(db: &Db, session_id: &str) -> Result<Vec<StoredParticipant>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM participants WHERE session_id = $1 AND left_at IS NULL ORDER BY joined_at, id"
    ))
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    typed(rows)
}

/// One participant, whether or not it has left.
pub async fn by_id(db: &Db, id: &str) -> Result<Option<StoredParticipant>> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM participants WHERE id = $1")).bind(id).fetch_optional(&db.pool).await?;
    row.map(StoredParticipant::try_from).transpose()
}

/// The technician's place in the session, if they are in it now.
pub async fn present_technician(db: &Db, session_id: &str, technician_id: &str) -> Result<Option<StoredParticipant>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM participants WHERE session_id = $1 AND technician_id = $2 AND left_at IS NULL \
         ORDER BY joined_at, id LIMIT 1"
    ))
    .bind(session_id)
    .bind(technician_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(StoredParticipant::try_from).transpose()
}

/// The participant of `role` whose secret hashes to `token_hash`, left or not.
pub async fn by_token(db: &Db, token_hash: &str, role: Role) -> Result<Option<StoredParticipant>> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM participants WHERE token_hash = $1 AND role = $2"))
        .bind(token_hash)
        .bind(role.as_str())
        .fetch_optional(&db.pool)
        .await?;
    row.map(StoredParticipant::try_from).transpose()
}

/// Whether the technician has ever been in the session.
pub async fn has_taken_part(db: &Db, session_id: &str, technician_id: &str) -> Result<bool> {
    let seats: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM participants WHERE session_id = $1 AND technician_id = $2")
        .bind(session_id)
        .bind(technician_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(seats > 0)
}

/// The condition "technician `$2` has been in session `s`", for a query over `sessions s`.
pub const TAKEN_PART_IN_S: &str = "EXISTS (SELECT 1 FROM participants p WHERE p.session_id = s.id AND p.technician_id = $2)";

/// The sessions the technician is in now.
pub async fn sessions_of(db: &Db, technician_id: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT session_id FROM participants WHERE technician_id = $1 AND left_at IS NULL")
        .bind(technician_id)
        .fetch_all(&db.pool)
        .await?)
}

/// Whether a technician in the session now goes by `name` (case aside).
pub async fn technician_named(db: &Db, session_id: &str, name: &str) -> Result<bool> {
    let named: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM participants WHERE session_id = $1 AND role IN ($2, $3) AND left_at IS NULL \
         AND LOWER(display_name) = LOWER($4)",
    )
    .bind(session_id)
    .bind(Role::Primary.as_str())
    .bind(Role::Secondary.as_str())
    .bind(name)
    .fetch_one(&db.pool)
    .await?;
    Ok(named > 0)
}

/// Takes one participant out of its session; false when it had already left.
pub async fn leave<'e, E>(executor: E, id: &str) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let left = sqlx::query("UPDATE participants SET left_at = $1 WHERE id = $2 AND left_at IS NULL")
        .bind(now_ms())
        .bind(id)
        .execute(executor)
        .await?;
    Ok(left.rows_affected() > 0)
}

/// Takes everyone still in the session out of it at `at`.
pub async fn leave_all<'e, E>(executor: E, session_id: &str, at: i64) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE participants SET left_at = $1 WHERE session_id = $2 AND left_at IS NULL")
        .bind(at)
        .bind(session_id)
        .execute(executor)
        .await?;
    Ok(())
}

/// Whether the participant is in its session now with `role`.
pub async fn holds_role<'e, E>(executor: E, id: &str, role: Role) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let held: Option<i64> = sqlx::query_scalar("SELECT 1 FROM participants WHERE id = $1 AND role = $2 AND left_at IS NULL")
        .bind(id)
        .bind(role.as_str())
        .fetch_optional(executor)
        .await?;
    Ok(held.is_some())
}

/// Gives the participant `to` as its role, if it is in its session now, or when
/// `from` is given, only if it holds that role now; false when nothing changed.
pub async fn change_role<'e, E>(executor: E, id: &str, from: Option<Role>, to: Role) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let changed = match from {
        Some(from) => {
            sqlx::query("UPDATE participants SET role = $2 WHERE id = $1 AND role = $3 AND left_at IS NULL")
                .bind(id)
                .bind(to.as_str())
                .bind(from.as_str())
                .execute(executor)
                .await?
        }
        None => {
            sqlx::query("UPDATE participants SET role = $2 WHERE id = $1 AND left_at IS NULL")
                .bind(id)
                .bind(to.as_str())
                .execute(executor)
                .await?
        }
    };
    Ok(changed.rows_affected() > 0)
}

/// The rights withdrawn from one participant.
pub async fn withdrawn_from(db: &Db, participant_id: &str) -> Result<Vec<Feature>> {
    let features: Vec<String> = sqlx::query_scalar("SELECT feature FROM withdrawn_rights WHERE participant_id = $1")
        .bind(participant_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(features.iter().map(|f| f.parse()).collect::<Result<_, _>>()?)
}

/// The rights withdrawn from everyone in the session now.
pub async fn withdrawn_in(db: &Db, session_id: &str) -> Result<Vec<Withdrawal>> {
    let rows: Vec<WithdrawalRow> = sqlx::query_as(
        "SELECT w.participant_id, w.feature FROM withdrawn_rights w JOIN participants p ON p.id = w.participant_id \
         WHERE p.session_id = $1 AND p.left_at IS NULL",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(|row| Ok(Withdrawal { feature: row.feature.parse()?, participant_id: row.participant_id })).collect()
}

/// Withdraws (`allowed: false`) or restores one right of a participant; false when
/// it already was so.
pub async fn switch_right<'e, E>(executor: E, participant_id: &str, feature: Feature, allowed: bool) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let changed = if allowed {
        sqlx::query("DELETE FROM withdrawn_rights WHERE participant_id = $1 AND feature = $2")
            .bind(participant_id)
            .bind(feature.as_str())
            .execute(executor)
            .await?
    } else {
        sqlx::query("INSERT INTO withdrawn_rights (participant_id, feature, withdrawn_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(participant_id)
            .bind(feature.as_str())
            .bind(now_ms())
            .execute(executor)
            .await?
    };
    Ok(changed.rows_affected() > 0)
}

/// Gives a participant back every right the owner withdrew from it.
pub async fn restore_all_rights<'e, E>(executor: E, participant_id: &str) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("DELETE FROM withdrawn_rights WHERE participant_id = $1").bind(participant_id).execute(executor).await?;
    Ok(())
}
