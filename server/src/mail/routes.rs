//! The outbox as admins read it: every mail of their organisation and how far it got,
//! guest links hidden once the mail left (or always, when mail goes out by SMTP).

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::links;
use super::outbox::{self, MailState, OutboxEntry};
use super::sender::Delivery;
use crate::auth::Admin;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_outbox))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Outbox {
    pub delivery: Delivery,
    /// Newest first.
    pub mails: Vec<OutboxEntry>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OutboxQuery {
    /// How many of the newest mails to return (default 50, at most 500).
    pub limit: Option<i64>,
}

/// The organisation's mail outbox (admins).
#[utoipa::path(get, path = "/api/admin/outbox", tag = "mail", params(OutboxQuery),
    responses((status = 200, body = Outbox), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_outbox(State(state): State<AppState>, Admin(caller): Admin, ApiQuery(query): ApiQuery<OutboxQuery>) -> Result<ApiJson<Outbox>> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::InvalidInput(format!("limit must be between 1 and {MAX_LIMIT}")));
    }
    let mut mails = outbox::list_for_org(&state.db, &caller.org_id, limit).await?;
    // A link in a mail is the recipient's secret: shown only while the local outbox
    // is the way it reaches them (no SMTP, not delivered).
    let guest_links = state.settings.url_for("/guest/");
    for mail in mails.iter_mut().filter(|mail| state.mailer.delivers() || mail.state == MailState::Sent) {
        mail.text_body = links::hide(&mail.text_body, &guest_links);
    }
    Ok(ApiJson(Outbox { delivery: state.mailer.delivery(), mails }))
}
