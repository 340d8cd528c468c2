//! Names and numbers shared with Stytch's own client, in one place.

pub const SESSION_COOKIE: &str = "stytch_session";
pub const JWT_COOKIE: &str = "stytch_session_jwt";
pub const IST_COOKIE: &str = "stytch_intermediate_session_token";
/// Cached member/organization/session live under this prefix plus the public token.
pub const STATE_KEY_PREFIX: &str = "stytch_sdk_state_";

pub const TEST_API_URL: &str = "https://test.stytch.com";
pub const LIVE_API_URL: &str = "https://api.stytch.com";
pub const SDK_PATH_PREFIX: &str = "/sdk/v1";

/// An intermediate session token is kept ten minutes, whatever the storage.
pub const IST_LIFETIME_MS: f64 = 10.0 * 60.0 * 1000.0;
/// Tokens the app hands `session.updateSession` are kept this long unless the cached session
/// says when it ends (Stytch's client writes them as browser-session cookies); the next
/// refresh, a few minutes later, stores the server's own expiry.
pub const UPDATED_SESSION_LIFETIME_MS: f64 = 60.0 * 60.0 * 1000.0;
/// While a session exists it is refreshed this often (as Stytch's client does).
pub const REFRESH_INTERVAL_MS: f64 = 3.0 * 60.0 * 1000.0;
/// Stytch's client has no request timeout; ours defaults to this.
pub const DEFAULT_REQUEST_TIMEOUT_MS: f64 = 30_000.0;

/// Error types after which the session the request carried is gone for good.
pub const SESSION_INVALID_ERRORS: [&str; 4] =
    ["unauthorized_credentials", "user_unauthenticated", "invalid_secret_authentication", "session_not_found"];

pub fn state_key(public_token: &str) -> String {
    let mut k = String::with_capacity(STATE_KEY_PREFIX.len() + public_token.len());
    k.push_str(STATE_KEY_PREFIX);
    k.push_str(public_token);
    k
}

/// What Stytch's API answers (not as JSON) when Device Fingerprinting challenges a call that a
/// captcha would let through; js/driver.js has the JS client's copy (tests/js_facade.rs checks
/// they agree).
pub const CAPTCHA_REQUIRED: &str = "Captcha required";
