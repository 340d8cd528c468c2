//! Fault rules (`/_emulator/faults`): what a test asks the emulator to do to matching SDK
//! requests (a status, a body, a delay, a dropped connection). Applied by
//! `control::middleware::inject_faults`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Marks a response whose connection the server must close without answering.
#[derive(Clone, Copy)]
pub struct DropConnection;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fault {
    /// An SDK path (`/sdk/v1/b2b/totp` or just `/b2b/totp`); a trailing `*` matches a prefix.
    pub path: String,
    pub status: Option<u16>,
    /// Sent verbatim when a string, as JSON otherwise; default: a Stytch-shaped error.
    pub body: Option<Value>,
    pub content_type: Option<String>,
    pub delay_ms: Option<u64>,
    #[serde(default)]
    pub drop: bool,
    /// How many matching requests to affect; unlimited when absent.
    pub times: Option<u32>,
}

impl Fault {
    pub fn matches(&self, path: &str) -> bool {
        let want = if self.path.starts_with("/sdk/") { self.path.clone() } else { format!("/sdk/v1{}", self.path) };
        match want.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == want,
        }
    }
}
