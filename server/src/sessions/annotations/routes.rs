//! The annotations over HTTP: the same functions the live connection uses.

use axum::extract::State;
use axum::http::StatusCode;
use sightline_wire::{Annotation, NewAnnotation};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Member;
use crate::error::{ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::sessions::seat;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_annotations, add_annotation, clear_annotations)).routes(routes!(remove_annotation))
}

/// The session's annotations, oldest first.
#[utoipa::path(get, path = "/api/sessions/{id}/annotations", tag = "annotations", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Annotation>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_annotations(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Vec<Annotation>>> {
    let (_, seat) = seat::for_member(&state.db, &member, &id).await?;
    Ok(ApiJson(super::list(&state, &seat).await?))
}

/// Draw an annotation over the picture.
#[utoipa::path(post, path = "/api/sessions/{id}/annotations", tag = "annotations", params(("id" = String, Path)), request_body = NewAnnotation,
    responses((status = 201, body = Annotation), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_annotation(
    State(state): State<AppState>,
    member: Member,
    ApiPath(id): ApiPath<String>,
    ApiJson(new): ApiJson<NewAnnotation>,
) -> Result<(StatusCode, ApiJson<Annotation>)> {
    let (_, seat) = seat::for_member(&state.db, &member, &id).await?;
    Ok((StatusCode::CREATED, ApiJson(super::add(&state, &seat, &new).await?)))
}

/// Remove every annotation (the session's owner only).
#[utoipa::path(delete, path = "/api/sessions/{id}/annotations", tag = "annotations", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn clear_annotations(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<StatusCode> {
    let (_, seat) = seat::for_member(&state.db, &member, &id).await?;
    super::clear(&state, &seat).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove one of your own annotations.
#[utoipa::path(delete, path = "/api/sessions/{id}/annotations/{annotation_id}", tag = "annotations",
    params(("id" = String, Path), ("annotation_id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_annotation(State(state): State<AppState>, member: Member, ApiPath((id, annotation_id)): ApiPath<(String, String)>) -> Result<StatusCode> {
    let (_, seat) = seat::for_member(&state.db, &member, &id).await?;
    super::remove(&state, &seat, &annotation_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
