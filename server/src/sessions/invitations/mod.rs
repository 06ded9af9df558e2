//! Internal invitations: the session's owner invites a technician, a team's queue,
//! or requests help on an issue category; the invitee accepts or declines.

mod respond;
mod send;
pub mod store;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(send::router()).merge(respond::router())
}
