//! What each role may do in a session: SPEC's role table. Each role's row is its
//! ceiling; the owner's per-collaborator withdrawals narrow it (see `seat`).

pub use sightline_wire::Feature;

use super::model::Role;

/// The role's ceiling: whether the role may ever use `feature`. The customer is
/// not in the table: it chats and talks with the technicians and uses nothing else.
pub fn role_allows(role: Role, feature: Feature) -> bool {
    match role {
        Role::Primary => true,
        Role::Secondary => !matches!(feature, Feature::Notes | Feature::Record | Feature::InviteTechnician),
        Role::Guest => !matches!(feature, Feature::Notes | Feature::Snapshot | Feature::Record | Feature::InviteTechnician),
        Role::Customer => matches!(feature, Feature::Chat | Feature::Mic),
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
                .map(Feature::as_str)
                .collect::<Vec<_>>()
        };
        assert!(denied(Role::Primary).is_empty());
        assert_eq!(denied(Role::Secondary), ["notes", "record", "invite_technician"]);
        assert_eq!(denied(Role::Guest), ["notes", "snapshot", "record", "invite_technician"]);
        assert_eq!(denied(Role::Customer).len(), 13);
    }
}
