//! Support sessions: starting, joining by code, viewing, ending, and the audit trail.

pub mod audit;
pub mod join;
pub mod lifecycle;
pub mod model;
mod qr;
pub mod rights;
pub mod routes;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(routes::router()).merge(join::router())
}
