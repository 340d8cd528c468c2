//! Stytch-shaped errors: the protocol's `ErrorBody` (`{status_code, request_id, error_type,
//! error_message, error_url}`) at the top level, with a matching HTTP status.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use stytch_b2b_protocol::{ErrorBody, ErrorType};

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub error_type: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, error_type: &'static str, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            error_type,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "bad_request", message)
    }

    pub fn unauthorized_credentials() -> Self {
        Self::new(401, "unauthorized_credentials", "Unauthorized credentials.")
    }

    pub fn session_not_found() -> Self {
        Self::new(404, "session_not_found", "Session could not be found.")
    }

    pub fn organization_not_found() -> Self {
        Self::new(404, "organization_not_found", "Organization could not be found.")
    }

    pub fn member_not_found() -> Self {
        Self::new(404, "member_not_found", "Member could not be found.")
    }

    pub fn body(&self) -> serde_json::Value {
        let body = ErrorBody::new(self.status.as_u16(), ErrorType::from(self.error_type), self.message.as_str(), crate::util::request_id());
        serde_json::to_value(body).unwrap_or_default()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
