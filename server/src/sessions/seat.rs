//! A participant's seat in a session: its role now and the rights the owner has
//! withdrawn from it. This is the one place that decides "may this participant do
//! this in this session"; every HTTP handler and live message asks it.

use super::model::{self, Role};
use super::rights::{role_allows, Feature};
use super::store::participants::{self, StoredParticipant};
use super::store::sessions::{self, StoredSession};
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

    fn of(participant: StoredParticipant, withdrawn: Vec<Feature>) -> Seat {
        Seat {
            session_id: participant.session_id,
            participant_id: participant.id,
            technician_id: participant.technician_id,
            display_name: participant.display_name,
            role: participant.role,
            joined_at: participant.joined_at,
            withdrawn,
        }
    }
}

/// Everyone in the session now (joined and not left), in joining order.
pub async fn seats(db: &Db, session_id: &str) -> Result<Vec<Seat>> {
    let present = participants::present(db, session_id).await?;
    let withdrawn = participants::withdrawn_in(db, session_id).await?;
    Ok(present
        .into_iter()
        .map(|participant| {
            let own = withdrawn.iter().filter(|w| w.participant_id == participant.id).map(|w| w.feature).collect();
            Seat::of(participant, own)
        })
        .collect())
}

/// The participant's seat while it is in its session.
pub async fn of_participant(db: &Db, participant_id: &str) -> Result<Seat> {
    let participant = participants::by_id(db, participant_id).await?.filter(|p| p.left_at.is_none()).ok_or(Error::NotInSession)?;
    with_withdrawn(db, participant).await
}

/// The seat of a participant: the rights withdrawn from it read.
async fn with_withdrawn(db: &Db, participant: StoredParticipant) -> Result<Seat> {
    let withdrawn = participants::withdrawn_from(db, &participant.id).await?;
    Ok(Seat::of(participant, withdrawn))
}

/// The session if the caller may see it (else not found), and the caller's seat in
/// it (else `NotInSession`).
pub async fn for_caller(db: &Db, caller: &Caller, session_id: &str) -> Result<(StoredSession, Seat)> {
    let session = model::visible_to(db, caller, session_id).await?;
    let seat = of_technician(db, &session.id, &caller.technician_id).await?.ok_or(Error::NotInSession)?;
    Ok((session, seat))
}

/// The technician's seat in the session, if they are in it now.
pub async fn of_technician(db: &Db, session_id: &str, technician_id: &str) -> Result<Option<Seat>> {
    match participants::present_technician(db, session_id, technician_id).await? {
        Some(participant) => Ok(Some(with_withdrawn(db, participant).await?)),
        None => Ok(None),
    }
}

/// The same seat, found among everyone who has been in the session (`people`, as
/// `participants::of_session` reads them: in joining order) instead of read again.
pub async fn of_technician_among(db: &Db, people: &[StoredParticipant], technician_id: &str) -> Result<Option<Seat>> {
    let present = people.iter().find(|p| p.technician_id.as_deref() == Some(technician_id) && p.left_at.is_none());
    match present {
        Some(participant) => Ok(Some(with_withdrawn(db, participant.clone()).await?)),
        None => Ok(None),
    }
}

/// The caller's seat in the session it asks about: as the guest of this session,
/// else as a technician (see `for_caller`).
pub async fn for_member(db: &Db, member: &Member, session_id: &str) -> Result<(StoredSession, Seat)> {
    if let Some(guest) = member.guest.as_ref().filter(|g| g.session_id == session_id) {
        let seat = of_participant(db, &guest.participant_id).await?;
        let session = sessions::fetch(db, &seat.session_id).await?.ok_or(Error::NotFound("session"))?;
        return Ok((session, seat));
    }
    match &member.technician {
        Some(caller) => for_caller(db, caller, session_id).await,
        None => Err(Error::NotFound("session")),
    }
}

/// The session, the caller's seat and the technician behind it, when the caller may
/// invite there (the owner); guests and secondaries are refused by their role.
pub async fn for_inviter<'m>(db: &Db, member: &'m Member, session_id: &str) -> Result<(StoredSession, Seat, &'m Caller)> {
    let (session, seat) = for_member(db, member, session_id).await?;
    seat.require(Feature::InviteTechnician)?;
    Ok((session, seat, member.technician("invite technicians")?))
}
