use serde::Serialize;

/// The client's options, as in Stytch's client (`customBaseUrl`, `cookieOptions`,
/// `keepSessionAlive`, ...) plus where tokens are kept and a request timeout. Every field is
/// optional: `ClientOptions::default()` is Stytch's defaults.
///
/// ```
/// use stytch_b2b_headless::typed::{ClientOptions, TokenStorage};
///
/// let options = ClientOptions {
///     custom_base_url: Some("http://127.0.0.1:8787".into()),
///     token_storage: Some(TokenStorage::LocalStorage),
///     ..Default::default()
/// };
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientOptions {
    /// The API's base URL (`https://test.stytch.com` or `https://api.stytch.com` by the
    /// token's kind); any http(s) URL, e.g. the emulator's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_base_url: Option<String>,
    /// Where the session tokens and the IST are kept; cookies by default, as in Stytch's client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_storage: Option<TokenStorage>,
    /// Milliseconds before a request is abandoned (`StytchError::Unreachable`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_timeout_ms: Option<u32>,
    /// Milliseconds between background `session.authenticate` calls (1000 to 86400000; 180000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_refresh_interval_ms: Option<u32>,
    /// Whether the background refresh extends the session by its last duration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_session_alive: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookie_options: Option<CookieOptions>,
    /// Where the DFP script reports (Stytch's `dfppaUrl`; `https://telemetry.stytch.com`):
    /// a URL, its scheme, port and path kept (the emulator's `http://localhost:...` too), or a
    /// domain. Read when DFP first needs it: anything else is `StytchError::Usage` from that
    /// call, before its request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dfppa_url: Option<String>,
    /// Where the DFP script is loaded from (Stytch's `dfpCdnUrl`; `https://elements.stytch.com`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dfp_cdn_url: Option<String>,
}

/// Where the client keeps tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TokenStorage {
    /// Cookies readable by the page (Stytch's default); the cached member and session go to
    /// localStorage.
    Cookies,
    LocalStorage,
    SessionStorage,
    /// This page only: a reload signs out.
    Memory,
}

/// Cookie names and scope, as Stytch's `cookieOptions`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CookieOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opaque_token_cookie_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jwt_cookie_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ist_cookie_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_to_subdomains: Option<bool>,
}
