//! What each role may do in a session: SPEC's role table. Each role's row is its
//! ceiling; the owner's per-collaborator withdrawals narrow it (see `seat`).

use super::model::Role;

/// A feature of the role table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    Chat,
    Video,
    Annotation,
    Zoom,
    Notes,
    Snapshot,
    LiveText,
    Freeze,
    Record,
    Mic,
    InviteTechnician,
    SessionDetails,
    Flash,
    Qr,
    Barcode,
}

impl Feature {
    /// Every feature, in the order of SPEC's role table.
    pub const ALL: [Feature; 15] = [
        Feature::Chat,
        Feature::Video,
        Feature::Annotation,
        Feature::Zoom,
        Feature::Notes,
        Feature::Snapshot,
        Feature::LiveText,
        Feature::Freeze,
        Feature::Record,
        Feature::Mic,
        Feature::InviteTechnician,
        Feature::SessionDetails,
        Feature::Flash,
        Feature::Qr,
        Feature::Barcode,
    ];

    pub fn parse(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Feature::Chat => "chat",
            Feature::Video => "video",
            Feature::Annotation => "annotation",
            Feature::Zoom => "zoom",
            Feature::Notes => "notes",
            Feature::Snapshot => "snapshot",
            Feature::LiveText => "live_text",
            Feature::Freeze => "freeze",
            Feature::Record => "record",
            Feature::Mic => "mic",
            Feature::InviteTechnician => "invite_technician",
            Feature::SessionDetails => "session_details",
            Feature::Flash => "flash",
            Feature::Qr => "qr",
            Feature::Barcode => "barcode",
        }
    }
}

/// The role's ceiling: whether the role may ever use `feature`. The customer is
/// not in the table: it chats with the technicians and uses nothing else.
pub fn role_allows(role: Role, feature: Feature) -> bool {
    match role {
        Role::Primary => true,
        Role::Secondary => !matches!(feature, Feature::Notes | Feature::Record | Feature::InviteTechnician),
        Role::Guest => !matches!(feature, Feature::Notes | Feature::Snapshot | Feature::Record | Feature::InviteTechnician),
        Role::Customer => feature == Feature::Chat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_table_ceilings() {
        let denied = |role| {
            Feature::ALL
                .into_iter()
                .filter(|f| !role_allows(role, *f))
            .map(Feature::name)
            .collect::<Vec<_>>()
        };
        assert!(denied(Role::Primary).is_empty());
        assert_eq!(denied(Role::Secondary), ["notes", "record", "invite_technician"]);
        assert_eq!(denied(Role::Guest), ["notes", "snapshot", "record", "invite_technician"]);
        assert_eq!(denied(Role::Customer).len(), 14);
        assert!(Feature::ALL.iter().all(|f| Feature::parse(f.name()) == Some(*f)));
    }
}
