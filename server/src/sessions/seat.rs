//! A participant's seat in a session: its role now and the rights the owner has
//! withdrawn from it. This is the one place that decides "may this participant do
//! this in this session"; every HTTP handler and live message asks it.

use super::model::{self, Role, SessionRow};
use super::rights::{role_allows, Feature};
use crate::auth::{Caller, Member};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::live::Recipient;

#[derive(Debug, Clone)]
pub struct Seat {
    pub session_id: String,
    pub participant_id: String,
    pub technician_id: Option<String>,
    pub display_name: String,
    pub role: Role,
    pub joined_at: i64,
    /// Rights the owner withdrew from this collaborator.
    pub withdrawn: Vec<Feature>,
}

impl Recipient for Seat {
    fn participant_id(&self) -> &str {
        &self.participant_id
    }
}

impl Seat {
    /// Whether this participant may use `feature` now.
    pub fn may(&self, feature: Feature) -> bool {
        role_allows(self.role, feature) && !self.withdrawn.contains(&feature)
    }

    /// `Ok` when this participant may use `feature` now; else why not.
    pub fn require(&self, feature: Feature) -> Result<()> {
        if !role_allows(self.role, feature) {
            Err(Error::RoleNotPermitted(feature.as_str()))
        } else if self.withdrawn.contains(&feature) {
            Err(Error::RightWithdrawn(feature.as_str()))
        } else {
            Ok(())
        }
    }

    /// The features this participant may use now.
    pub fn rights(&self) -> Vec<Feature> {
        Feature::ALL.into_iter().filter(|f| self.may(*f)).collect()
    }

    pub fn is_owner(&self) -> bool {
        self.role == Role::Primary
    }

    /// `Ok` for the session's owner; else `NotOwner` naming what was attempted.
    pub fn require_owner(&self, action: &'static str) -> Result<()> {
        if self.is_owner() {
            Ok(())
        } else {
            Err(Error::NotOwner(action))
        }
    }

    /// A technician of the session's organisation (primary or secondary).
    pub fn is_internal(&self) -> bool {
        matches!(self.role, Role::Primary | Role::Secondary)
    }
}

type SeatRow = (String, String, Option<String>, String, String, i64);

const SEAT_COLUMNS: &str = "id, session_id, technician_id, display_name, role, joined_at";

/// Everyone in the session now (joined and not left), in joining order.
pub async fn seats(db: &Db, session_id: &str) -> Result<Vec<Seat>> {
    let rows: Vec<SeatRow> = sqlx::query_as(&format!(
        "SELECT {SEAT_COLUMNS} FROM participants WHERE session_id = $1 AND left_at IS NULL ORDER BY joined_at, id"
    ))
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    let withdrawn: Vec<(String, String)> = sqlx::query_as(
        "SELECT w.participant_id, w.feature FROM withdrawn_rights w JOIN participants p ON p.id = w.participant_id \
         WHERE p.session_id = $1 AND p.left_at IS NULL",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            let mut seat = from_row(row)?;
            seat.withdrawn = withdrawn.iter().filter(|(p, _)| *p == seat.participant_id).map(|(_, f)| f.parse()).collect::<Result<_, _>>()?;
            Ok(seat)
        })
        .collect()
}

/// The participant's seat while it is in its session.
pub async fn of_participant(db: &Db, participant_id: &str) -> Result<Seat> {
    let row: Option<SeatRow> =
        sqlx::query_as(&format!("SELECT {SEAT_COLUMNS} FROM participants WHERE id = $1 AND left_at IS NULL"))
            .bind(participant_id)
            .fetch_optional(&db.pool)
            .await?;
    let mut seat = from_row(row.ok_or(Error::NotInSession)?)?;
    let withdrawn: Vec<(String,)> = sqlx::query_as("SELECT feature FROM withdrawn_rights WHERE participant_id = $1")
        .bind(participant_id)
        .fetch_all(&db.pool)
        .await?;
    seat.withdrawn = withdrawn.iter().map(|(f,)| f.parse()).collect::<Result<_, _>>()?;
    Ok(seat)
}

/// The session if the caller may see it (else not found), and the caller's seat in
/// it (else `NotInSession`).
pub async fn for_caller(db: &Db, caller: &Caller, session_id: &str) -> Result<(SessionRow, Seat)> {
    let session = model::visible_to(db, caller, session_id).await?;
    let participant = model::active_participant(db, &session.id, &caller.technician_id).await?.ok_or(Error::NotInSession)?;
    let seat = of_participant(db, &participant.id).await?;
    Ok((session, seat))
}

/// The caller's seat in the session it asks about: as the guest of this session,
/// else as a technician (see `for_caller`).
pub async fn for_member(db: &Db, member: &Member, session_id: &str) -> Result<(SessionRow, Seat)> {
    if let Some(guest) = member.guest.as_ref().filter(|g| g.session_id == session_id) {
        let seat = of_participant(db, &guest.participant_id).await?;
        let session = model::fetch_row(db, &seat.session_id).await?.ok_or(Error::NotFound("session"))?;
        return Ok((session, seat));
    }
    match &member.technician {
        Some(caller) => for_caller(db, caller, session_id).await,
        None => Err(Error::NotFound("session")),
    }
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
            .bind(crate::db::now_ms())
            .execute(executor)
            .await?
    };
    Ok(changed.rows_affected() > 0)
}

/// The session, the caller's seat and the technician behind it, when the caller may
/// invite there (the owner); guests and secondaries are refused by their role.
pub async fn for_inviter<'m>(db: &Db, member: &'m Member, session_id: &str) -> Result<(SessionRow, Seat, &'m Caller)> {
    let (session, seat) = for_member(db, member, session_id).await?;
    seat.require(Feature::InviteTechnician)?;
    Ok((session, seat, member.technician("invite technicians")?))
}

fn from_row((participant_id, session_id, technician_id, display_name, role, joined_at): SeatRow) -> Result<Seat> {
    Ok(Seat { session_id, participant_id, technician_id, display_name, role: role.parse()?, joined_at, withdrawn: Vec::new() })
}
