use stytch_b2b_protocol::{ErrorBody, ErrorType};

use crate::wasm::Failure;

/// Why a call failed. The same three kinds as the JS client's error classes.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient, options: SmsAuthenticateOptions) {
/// match client.otps().sms().authenticate(&options).await {
///     Ok(signed_in) => println!("session {}", signed_in.member_session.member_session_id),
///     Err(StytchError::Api { error_type: ErrorType::OtpCodeNotFound, .. }) => println!("wrong code, try again"),
///     Err(StytchError::Unreachable { .. }) => println!("offline? the IST is kept; retry"),
///     Err(e) => println!("{e}"),
/// }
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StytchError {
    /// Bad arguments, found before any request was sent (`StytchSDKUsageError`).
    #[error("invalid call to stytch.{method}: {message}")]
    Usage { method: String, message: String },
    /// The API answered with an error (`StytchAPIError`).
    #[error("[{status_code}] {error_type}: {error_message}")]
    Api { status_code: u16, error_type: ErrorType, error_message: String, error_url: String, request_id: String },
    /// The API could not be reached, timed out, or answered with something that is not its
    /// JSON (`StytchAPIUnreachableError`). Nothing stored was changed.
    #[error("the Stytch API could not be reached: {message}")]
    Unreachable { message: String },
}

impl StytchError {
    /// The API's error type, for an `Api` error.
    pub fn error_type(&self) -> Option<&ErrorType> {
        match self {
            Self::Api { error_type, .. } => Some(error_type),
            _ => None,
        }
    }

    pub(crate) fn from_failure(f: Failure) -> Self {
        match f {
            Failure::Usage { method, message } => Self::Usage { method, message },
            Failure::Api(body) => match serde_wasm_bindgen::from_value::<ErrorBody>(body) {
                Ok(b) => Self::Api {
                    status_code: b.status_code,
                    error_type: b.error_type,
                    error_message: b.error_message,
                    error_url: b.error_url,
                    request_id: b.request_id,
                },
                Err(e) => Self::Unreachable { message: format!("an error body that is not Stytch's: {e}") },
            },
            Failure::Unreachable(message) => Self::Unreachable { message },
        }
    }

    /// What the JS client's code threw (js/driver.js's error classes, or any error), as the
    /// typed error: an API error's fields, a usage error's method and message.
    pub(crate) fn from_thrown(e: &wasm_bindgen::JsValue) -> Self {
        let name = crate::wasm::js::get_str(e, "name").unwrap_or_default();
        let message = crate::wasm::js::get_str(e, "message").unwrap_or_default();
        match name.as_str() {
            "StytchAPIError" => Self::from_failure(Failure::Api(e.clone())),
            "StytchSDKUsageError" => {
                // `Invalid call to stytch.<method>\n<message>`, as Stytch's class writes it.
                let (head, message) = message.split_once('\n').unwrap_or(("", &message));
                let method = head.strip_prefix("Invalid call to stytch.").unwrap_or(head).to_string();
                Self::Usage { method, message: message.to_string() }
            }
            _ => Self::Unreachable { message },
        }
    }
}
