//! Google One Tap: `client.oauth().google_one_tap()`, run by the JS client's own code
//! (js/third-party.js, through js/bootstrap.js): Google's prompt, then the browser goes to the
//! redirect URL the API answers, whose token `oauth().authenticate` (or, for the discovery
//! flow, `oauth().discovery().authenticate`) takes.
//!
//! ```no_run
//! # use stytch_b2b_headless::typed::*;
//! # async fn f(client: &StytchB2BHeadlessClient) -> Result<(), StytchError> {
//! let options = GoogleOneTapStartOptions { organization_id: "organization-test-...".into(), ..Default::default() };
//! let shown = client.oauth().google_one_tap().start(&options).await?;
//! if !shown.success {
//!     println!("One Tap was not shown: {:?}", shown.reason);
//! }
//! # Ok(())
//! # }
//! ```

use serde::{Deserialize, Serialize};

use super::{to_js, StytchB2BHeadlessClient as Client, StytchError};

/// `google_one_tap().start(..)`: the organization, and where the member goes after Google.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GoogleOneTapStartOptions {
    pub organization_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_redirect_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signup_redirect_url: Option<String>,
    /// Whether a click outside the prompt dismisses it (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_on_tap_outside: Option<bool>,
}

/// `google_one_tap().discovery().start(..)`: where the person goes after Google.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GoogleOneTapDiscoveryStartOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery_redirect_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_on_tap_outside: Option<bool>,
}

/// Whether the prompt was shown, and if not, Google's reason (`user_cancel`, `tap_outside`, ...).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct OneTapRenderResult {
    pub success: bool,
    #[serde(default)]
    pub reason: Option<String>,
}

/// `client.oauth().google_one_tap()`.
pub struct GoogleOneTap<'a>(pub(super) &'a Client);

impl<'a> GoogleOneTap<'a> {
    /// Shows Google's One Tap prompt for a login to the organization.
    pub async fn start(&self, options: &GoogleOneTapStartOptions) -> Result<OneTapRenderResult, StytchError> {
        run(self.0, false, options).await
    }

    pub fn discovery(&self) -> GoogleOneTapDiscovery<'a> {
        GoogleOneTapDiscovery(self.0)
    }
}

/// `client.oauth().google_one_tap().discovery()`.
pub struct GoogleOneTapDiscovery<'a>(&'a Client);

impl GoogleOneTapDiscovery<'_> {
    /// Shows Google's One Tap prompt for a discovery login (no organization chosen yet).
    pub async fn start(&self, options: &GoogleOneTapDiscoveryStartOptions) -> Result<OneTapRenderResult, StytchError> {
        run(self.0, true, options).await
    }
}

async fn run(client: &Client, discovery: bool, options: &impl Serialize) -> Result<OneTapRenderResult, StytchError> {
    let method = if discovery { "oauth.googleOneTap.discovery.start" } else { "oauth.googleOneTap.start" };
    let options = to_js(options).map_err(|message| StytchError::Usage { method: method.into(), message })?;
    let shown = client.bootstrap.one_tap(discovery, options).await?;
    serde_wasm_bindgen::from_value(shown).map_err(|e| StytchError::Unreachable { message: format!("One Tap answered {e}") })
}
