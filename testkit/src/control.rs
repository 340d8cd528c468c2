//! What the emulator's control API (`/_emulator/...`) answers and takes, as a test reads it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `GET /_emulator/outbox[?to=]`.
#[derive(Clone, Debug, Deserialize)]
pub struct Outbox {
    pub messages: Vec<OutboxMessage>,
}

/// An SMS or email the emulator "sent".
#[derive(Clone, Debug, Deserialize)]
pub struct OutboxMessage {
    /// `sms` or `email`.
    pub channel: String,
    pub to: String,
    pub member_id: String,
    pub body: String,
    pub code: Option<String>,
    pub magic_link_token: Option<String>,
    pub password_reset_token: Option<String>,
}

/// `GET /_emulator/requests`: the newest API requests, oldest first.
#[derive(Clone, Debug, Deserialize)]
pub struct Requests {
    pub requests: Vec<RequestRecord>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    /// Headers except Authorization and Cookie.
    pub headers: serde_json::Map<String, Value>,
    /// The Basic credentials described, never shown (`null` without an Authorization header).
    pub authorization: Option<Authorization>,
    pub body_keys: Vec<String>,
    /// 0 for a dropped connection.
    pub status: u16,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Authorization {
    pub scheme: String,
    pub username: Option<String>,
    /// What the password was: `public_token`, `session_token`, `secret`, `not_the_secret`.
    pub password: Option<String>,
}

/// `POST /_emulator/faults`: what to do to matching SDK requests.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Fault {
    /// An SDK path (`/b2b/totp`); a trailing `*` matches a prefix.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Sent verbatim when a string, as JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub drop: bool,
    /// How many matching requests to affect; all when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

/// `GET /_emulator/clock`.
#[derive(Clone, Debug, Deserialize)]
pub struct Clock {
    pub now_unix: u64,
    pub offset_seconds: i64,
}
