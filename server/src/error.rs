//! The server's one error type and its mapping to HTTP responses.
//!
//! Every error answers `{"error":{"code":"stable_snake_case","message":"human text"}}`.
//! Internal failures are logged with detail and answered without it.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("sign in first")]
    Unauthenticated,
    #[error("wrong email or password")]
    BadCredentials,
    #[error("the current password is missing or wrong")]
    CurrentPasswordWrong,
    #[error("the CSRF token is missing or wrong; reload the page")]
    CsrfFailed,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("your role may not use {0} in this session")]
    RoleNotPermitted(&'static str),
    #[error("the session owner has withdrawn your right to use {0}")]
    RightWithdrawn(&'static str),
    #[error("only the session owner may {0}")]
    NotOwner(&'static str),
    #[error("you are not in this session; join it first")]
    NotInSession,
    #[error("only its author may {0}")]
    NotAuthor(&'static str),
    #[error("{0}")]
    LimitReached(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("the request body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    #[error("this address opens a live connection: connect to it with a WebSocket client")]
    WebSocketExpected,
    #[error("the request body is larger than the server accepts")]
    PayloadTooLarge,
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: u64 },
    #[error("this join code has expired; ask the technician for a new one")]
    JoinCodeExpired,
    #[error("no session is waiting for this join code; check the code with the technician")]
    InvalidJoinCode,
    #[error("the session has ended")]
    SessionEnded,
    #[error("this invitation is no longer active")]
    InvitationInactive,
    #[error("this invitation link is not valid; check that you opened the whole link, or ask the technician who invited you for a new invitation")]
    GuestLinkInvalid,
    #[error("this invitation link was already used; ask the admin or the technician who invited you for a new invitation")]
    GuestLinkUsed,
    #[error("this invitation was withdrawn; ask the admin or the technician who invited you for a new invitation")]
    GuestLinkRevoked,
    #[error("guest technicians join from a desktop computer; open the link in a browser on a desktop or laptop")]
    MobileDevice,
    #[error("a session started from a phone or tablet cannot invite guest technicians")]
    MobileSession,
    #[error("{0}")]
    InvalidImage(String),
    #[error("the image is {width}×{height} pixels; the largest accepted side is 8192")]
    ImageTooLarge { width: u32, height: u32 },
    #[error("no upload is expected for this command: it is unknown, takes no picture, or was already answered")]
    UploadNotExpected,
    #[error("the database is unavailable")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("internal error: {0}")]
    Internal(String),
    /// The audit trail's key cannot be read or created.
    #[error("audit key: {0}")]
    AuditKey(String),
    /// The secret shared with the TURN server cannot be read or used.
    #[error("TURN secret: {0}")]
    TurnSecret(String),
    /// A stored role, feature or end reason that is not a word of the vocabulary.
    #[error("stored data is not valid: {0}")]
    StoredWord(#[from] sightline_wire::UnknownWord),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The JSON body of every error answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `not_found`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::Unauthenticated | Error::BadCredentials => StatusCode::UNAUTHORIZED,
            Error::CsrfFailed
            | Error::CurrentPasswordWrong
            | Error::Forbidden(_)
            | Error::RoleNotPermitted(_)
            | Error::RightWithdrawn(_)
            | Error::NotOwner(_)
            | Error::NotInSession
            | Error::NotAuthor(_)
            | Error::MobileDevice
            | Error::MobileSession => StatusCode::FORBIDDEN,
            Error::NotFound(_) | Error::InvalidJoinCode | Error::GuestLinkInvalid => StatusCode::NOT_FOUND,
            Error::SessionEnded => StatusCode::CONFLICT,
            Error::Conflict(_) | Error::LimitReached(_) | Error::UploadNotExpected => StatusCode::CONFLICT,
            Error::InvalidInput(_) | Error::InvalidImage(_) | Error::ImageTooLarge { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::MalformedJson(_) | Error::WebSocketExpected => StatusCode::BAD_REQUEST,
            Error::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::JoinCodeExpired | Error::InvitationInactive | Error::GuestLinkUsed | Error::GuestLinkRevoked => StatusCode::GONE,
            Error::Database(_) | Error::Migration(_) | Error::Internal(_) | Error::AuditKey(_) | Error::TurnSecret(_) | Error::StoredWord(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Error::Unauthenticated => "unauthenticated",
            Error::BadCredentials => "bad_credentials",
            Error::CsrfFailed => "csrf_failed",
            Error::CurrentPasswordWrong => "current_password_wrong",
            Error::Forbidden(_) => "forbidden",
            Error::RoleNotPermitted(_) => "role_not_permitted",
            Error::RightWithdrawn(_) => "right_withdrawn",
            Error::NotOwner(_) => "not_owner",
            Error::NotInSession => "not_in_session",
            Error::NotAuthor(_) => "not_author",
            Error::LimitReached(_) => "limit_reached",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::InvalidInput(_) => "invalid_input",
            Error::InvalidImage(_) => "invalid_image",
            Error::ImageTooLarge { .. } => "image_too_large",
            Error::UploadNotExpected => "upload_not_expected",
            Error::MalformedJson(_) => "malformed_json",
            Error::UnsupportedMediaType => "unsupported_media_type",
            Error::WebSocketExpected => "websocket_expected",
            Error::PayloadTooLarge => "payload_too_large",
            Error::RateLimited { .. } => "rate_limited",
            Error::JoinCodeExpired => "join_code_expired",
            Error::InvalidJoinCode => "invalid_join_code",
            Error::SessionEnded => "session_ended",
            Error::InvitationInactive => "invitation_inactive",
            Error::GuestLinkInvalid => "guest_link_invalid",
            Error::GuestLinkUsed => "guest_link_used",
            Error::GuestLinkRevoked => "guest_link_revoked",
            Error::MobileDevice => "mobile_device",
            Error::MobileSession => "mobile_session",
            Error::Database(_) | Error::Migration(_) | Error::Internal(_) | Error::AuditKey(_) | Error::TurnSecret(_) | Error::StoredWord(_) => "internal",
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
            "something went wrong on the server; it has been logged".to_owned()
        } else {
            self.to_string()
        };
        let body = ErrorBody { error: ErrorDetail { code: self.code().to_owned(), message } };
        let mut response = (status, axum::Json(body)).into_response();
        if let Error::RateLimited { retry_after_secs } = self {
            if let Ok(value) = retry_after_secs.to_string().parse() {
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
            }
        }
        response
    }
}

impl From<sightline_picture::Error> for Error {
    fn from(err: sightline_picture::Error) -> Error {
        match err {
            sightline_picture::Error::TooLarge { width, height } => Error::ImageTooLarge { width, height },
            sightline_picture::Error::Encode(_) => Error::Internal(err.to_string()),
            refused => Error::InvalidImage(refused.to_string()),
        }
    }
}

impl From<JsonRejection> for Error {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Error::UnsupportedMediaType,
            JsonRejection::JsonDataError(err) => Error::InvalidInput(err.body_text()),
            JsonRejection::JsonSyntaxError(err) => Error::MalformedJson(err.body_text()),
            JsonRejection::BytesRejection(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => Error::PayloadTooLarge,
            other => Error::MalformedJson(other.body_text()),
        }
    }
}

impl From<PathRejection> for Error {
    fn from(rejection: PathRejection) -> Self {
        Error::InvalidInput(rejection.body_text())
    }
}

impl From<WebSocketUpgradeRejection> for Error {
    fn from(_: WebSocketUpgradeRejection) -> Self {
        Error::WebSocketExpected
    }
}

impl From<QueryRejection> for Error {
    fn from(rejection: QueryRejection) -> Self {
        Error::InvalidInput(rejection.body_text())
    }
}
