//! One entry of the request log (`/_emulator/requests`): what a test may see of a request,
//! never its secrets. Recorded by `control::middleware::record_requests`.

use serde::Serialize;
use serde_json::Value;

#[derive(Clone, Debug, Serialize)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// Headers except Authorization and Cookie.
    pub headers: serde_json::Map<String, Value>,
    /// The Basic credentials described, never shown: which kind of secret was the password.
    pub authorization: Value,
    pub body_keys: Vec<String>,
    pub status: u16,
    pub received_at: String,
}
