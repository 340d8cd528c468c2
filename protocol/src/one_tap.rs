//! Google One Tap (onetap24, issue #24): what Stytch's client sends around Google's prompt
//! (`oauth.googleOneTap.start` and `.discovery.start` each make one start and, once the person
//! picks an account, one submit), and what the emulator's local stand-in for Google Identity
//! Services takes and answers (`/gsi/credential`). No client method sends exactly one of
//! these, so they are no `Request` of the method table.
//!
//! Fields left `None` are left out of a request, as Stytch's client leaves them out; the PKCE
//! challenge (`pkce_code_challenge`) is added by the client beside these, as in its other flows.

use serde::{Deserialize, Serialize};

params! {
    /// `POST /sdk/v1/b2b/oauth/google/onetap/submit`: the ID token Google's prompt gave, for an
    /// organization's login or sign-up.
    pub struct OneTapSubmitOptions {
        /// The Google ID token (`credential` of Google's callback).
        pub id_token: String,
        pub organization_id: String,
        pub signup_redirect_url: Option<String>,
        pub login_redirect_url: Option<String>,
    }
}

params! {
    /// `POST /sdk/v1/b2b/oauth/google/onetap/discovery/submit`: the ID token, for a login
    /// before any organization is chosen.
    pub struct OneTapDiscoverySubmitOptions {
        pub id_token: String,
        pub discovery_redirect_url: Option<String>,
    }
}

response! {
    /// `GET /sdk/v1/b2b/oauth/google/onetap/start`: the Google client id the prompt is shown
    /// for; empty when the project has no Google One Tap (Stytch's client then refuses with
    /// `oauth_config_not_found`).
    pub struct OneTapStartResponse {
        pub google_client_id: String,
    }
}

response! {
    /// Both submits: where the browser goes next, the app's redirect URL carrying the
    /// single-use token (`?stytch_token_type=oauth|discovery_oauth&token=...`).
    pub struct OneTapSubmitResponse {
        pub redirect_url: String,
    }
}

params! {
    /// `POST /gsi/credential` (the emulator's own): the local Google account the stand-in's
    /// prompt signs in, for the client id the page initialized it with.
    pub struct GsiCredentialRequest {
        pub client_id: String,
        pub email: String,
        /// Whether Google says the address is verified (default true); false makes the ID token
        /// Stytch refuses with `oauth_unverified_email`, for testing that path.
        pub email_verified: Option<bool>,
    }
}

/// `POST /gsi/credential`'s answer: the Google ID token (a JWT signed by the local Google key).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GsiCredential {
    pub credential: String,
}
