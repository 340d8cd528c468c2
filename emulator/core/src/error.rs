//! Stytch-shaped errors: the protocol's `ErrorBody` (`{status_code, request_id, error_type,
//! error_message, error_url}`) at the top level, with a matching HTTP status.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use stytch_b2b_protocol::ErrorBody;
/// The one vocabulary of error types: an `ApiError` can only carry one of its variants.
pub use stytch_b2b_protocol::ErrorType;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub error_type: ErrorType,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, error_type: ErrorType, message: impl Into<String>) -> Self {
        Self { status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), error_type, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, ErrorType::BadRequest, message)
    }

    pub fn unauthorized_credentials() -> Self {
        Self::new(401, ErrorType::UnauthorizedCredentials, "Unauthorized credentials.")
    }

    pub fn session_not_found() -> Self {
        Self::new(404, ErrorType::SessionNotFound, "Session could not be found.")
    }

    pub fn organization_not_found() -> Self {
        Self::new(404, ErrorType::OrganizationNotFound, "Organization could not be found.")
    }

    pub fn member_not_found() -> Self {
        Self::new(404, ErrorType::MemberNotFound, "Member could not be found.")
    }

    pub fn body(&self) -> serde_json::Value {
        let body = ErrorBody::new(self.status.as_u16(), self.error_type.clone(), self.message.as_str(), crate::ids::request_id());
        serde_json::to_value(body).unwrap_or_default()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
