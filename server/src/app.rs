//! The whole HTTP application: every feature's router merged, with the OpenAPI
//! description generated from the same routes.

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::{middleware, Json, Router};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;
use crate::{accounts, auth, console, guard, guests, health, mail, sessions, signaling};

#[derive(OpenApi)]
#[openapi(
    info(title = "Sightline API", description = "Remote visual assistance: accounts, sessions, invitations, signaling."),
    tags(
        (name = "auth", description = "Technician sign-in"),
        (name = "accounts", description = "Organisations, technicians, teams, issue categories"),
        (name = "sessions", description = "Support sessions"),
        (name = "customer", description = "What the customer's app calls"),
        (name = "signaling", description = "Live connections (WebSocket) carrying the signaling protocol"),
        (name = "operations", description = "Health and metrics"),
        (name = "mail", description = "The mail outbox"),
        (name = "guests", description = "Guest technicians' single-use invitation links"),
    )
)]
struct ApiDoc;

const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; \
     connect-src 'self' ws: wss:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The API's routes and their OpenAPI description.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(auth::routes::router())
        .merge(accounts::router())
        .merge(sessions::router())
        .merge(guests::router())
        .merge(signaling::router())
        .merge(mail::router())
        .split_for_parts();
    crate::openapi::add_shared_errors(&mut openapi);
    (router, openapi)
}

/// The application, ready to serve.
pub fn app(state: AppState) -> Router {
    let (router, openapi) = api();
    let openapi = Arc::new(openapi);
    router
        .route("/api/openapi.json", get(move || async move { Json(openapi.as_ref().clone()) }))
        .fallback(console::serve)
        // `guard::read_body_first` bounds each body by its route (uploads are larger).
        .layer(DefaultBodyLimit::max(state.settings.max_body_bytes.max(state.settings.max_upload_bytes)))
        .layer(middleware::from_fn_with_state(state.clone(), guard::read_body_first))
        .layer(middleware::from_fn_with_state(state.clone(), health::count_requests))
        .layer(middleware::from_fn_with_state(state.clone(), guard::security_headers))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
