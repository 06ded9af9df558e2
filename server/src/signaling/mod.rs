//! The live connection of each participant: a WebSocket carrying the signaling
//! protocol (`sightline_wire::signal`). Technicians authenticate with their
//! console cookie; the customer's app with the token from its join.

pub(crate) mod commands;
mod connection;
mod customer;
mod inbox;
mod peer;
mod technician;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(commands::post_command)).routes(routes!(technician::live)).routes(routes!(customer::live)).routes(routes!(inbox::live))
}
