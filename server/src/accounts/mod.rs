//! Organisations, technicians, teams and issue categories.

pub mod bootstrap;
pub mod categories;
pub mod orgs;
pub mod presence;
pub mod store;
pub mod teams;
pub mod technicians;
pub mod validate;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(orgs::router())
        .merge(technicians::router())
        .merge(teams::router())
        .merge(categories::router())
}
