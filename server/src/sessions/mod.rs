//! Support sessions: starting, joining by code, who is in them with what rights,
//! invitations, chat, notes, details (device, network, times, people), annotations, captures
//! (snapshots, stills), freezes, the customer's pauses and consent (`video`), recordings, the audit trail and its report, and what a start finds
//! left over (`reconcile`); what the other nodes' hints change here (`hints`).

pub mod annotations;
pub mod audio;
pub mod audit;
pub mod camera;
pub mod captures;
pub mod chat;
pub mod details;
pub mod freeze;
pub mod hints;
pub mod invitations;
pub mod join;
pub mod lifecycle;
pub mod live_text;
pub mod model;
mod notes;
pub mod notify;
pub mod people;
mod qr;
pub mod reconcile;
pub mod recording;
mod report;
pub mod rights;
pub mod routes;
pub mod seat;
pub mod store;
pub mod video;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(routes::router())
        .merge(join::router())
        .merge(people::router())
        .merge(invitations::router())
        .merge(chat::router())
        .merge(notes::router())
        .merge(annotations::routes::router())
        .merge(captures::routes::router())
        .merge(audit::export::router())
        .merge(report::router())
        .merge(recording::routes::router())
}
