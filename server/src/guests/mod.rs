//! Guest technicians: technicians from outside the organisation, invited by the
//! session's primary with a single-use email link, joining from a desktop browser
//! with the guest role's rights (narrowed further by the invitation's policy).

mod entry;
mod invite;
pub mod store;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(invite::router()).merge(entry::router())
}
