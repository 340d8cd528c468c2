//! The typed Rust API: the headless client for Rust web apps (Leptos, Yew, Dioxus), with the
//! JS client's names and the protocol crate's types. It shares the JS package's core
//! (request pipeline, token lifecycle, storage) and its request code (`js/driver.js`'s
//! `send`): values cross into it with serde-wasm-bindgen.
//!
//! ```no_run
//! use stytch_b2b_headless::typed::*;
//!
//! # async fn login() -> Result<(), StytchError> {
//! let client = StytchB2BHeadlessClient::new("public-token-test-...", ClientOptions::default())?;
//! let login = client
//!     .passwords()
//!     .authenticate(&PasswordAuthenticateOptions {
//!         organization_id: "organization-test-...".into(),
//!         email_address: "ada@example.com".into(),
//!         password: "correct horse battery staple".into(),
//!         session_duration_minutes: 60,
//!         ..Default::default()
//!     })
//!     .await?;
//! if let Some(mfa) = login.mfa_required {
//!     // The IST is stored; the MFA calls send it.
//!     if mfa.secondary_auth_initiated.is_none() {
//!         client.otps().sms().send(&SmsSendOptions {
//!             organization_id: login.organization_id.clone(),
//!             member_id: login.member_id.clone(),
//!             ..Default::default()
//!         }).await?;
//!     }
//!     let code = String::from("123456"); // from the member
//!     let signed_in = client.otps().sms().authenticate(&SmsAuthenticateOptions {
//!         organization_id: login.organization_id,
//!         member_id: login.member_id,
//!         code,
//!         session_duration_minutes: 60,
//!         ..Default::default()
//!     }).await?;
//!     assert_eq!(client.session().get_sync(), Some(signed_in.member_session));
//! }
//! # Ok(())
//! # }
//! ```

mod bootstrap;
mod driver;
mod google_one_tap;
mod namespaces;
mod options;
mod rbac;
mod redirects;
mod stytch_error;
mod subscription;

use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::JsValue;

pub use google_one_tap::{
    GoogleOneTap, GoogleOneTapDiscovery, GoogleOneTapDiscoveryStartOptions, GoogleOneTapStartOptions, OneTapRenderResult,
};
pub use namespaces::*;
pub use options::{ClientOptions, CookieOptions, TokenStorage};
pub use rbac::Rbac;
pub use redirects::{OAuthStartOptions, SsoStartOptions};
pub use stytch_b2b_protocol::sso_connections::*;
pub use stytch_b2b_protocol::*;
// scim24: the SCIM and impersonation request and answer types.
pub use stytch_b2b_protocol::scim::*;
pub use stytch_error::StytchError;
pub use subscription::Subscription;

use crate::portable::config;
use crate::wasm::{self, Shared};

/// The headless B2B client. Cheap to clone (clones share one client); the last clone dropped
/// stops its background refresh.
#[derive(Clone)]
pub struct StytchB2BHeadlessClient {
    owner: Rc<Owner>,
    /// The project's bootstrap: `rbac()` answers from it, and the email flows' PKCE follows it.
    bootstrap: Rc<bootstrap::Bootstrap>,
}

/// Stops the client when the last handle goes (the listener goes with it).
struct Owner(Shared, #[allow(dead_code)] Option<driver::TabsListener>); // .1: held for its Drop

impl Drop for Owner {
    fn drop(&mut self) {
        self.0.borrow_mut().destroy();
    }
}

impl StytchB2BHeadlessClient {
    /// A client for the project of `public_token`. Loads the stored session (and confirms it
    /// with the API in the background); fails with `StytchError::Usage` for a malformed token
    /// or options, before any request.
    pub fn new(public_token: &str, options: ClientOptions) -> Result<Self, StytchError> {
        const CTOR: &str = "StytchB2BHeadlessClient";
        let usage = |message: String| StytchError::Usage { method: CTOR.into(), message };
        config::check_public_token(public_token).map_err(|e| usage(e.0))?;
        let options = to_js(&options).map_err(usage)?;
        let inner = wasm::read_options(public_token, &options).map_err(StytchError::from_failure)?;
        let shared = wasm::start(inner, driver::refresh_hook);
        let bootstrap = Rc::new(bootstrap::Bootstrap::start(&shared, &options));
        let listener = driver::TabsListener::new(&shared);
        Ok(Self { owner: Rc::new(Owner(shared, listener)), bootstrap })
    }

    /// Any method, by its request type: `client.request(&SmsSendOptions { .. })` is
    /// `client.otps().sms().send(..)`.
    pub async fn request<R: Request>(&self, options: &R) -> Result<R::Response, StytchError> {
        let usage = |message: String| StytchError::Usage { method: R::METHOD.into(), message };
        let params = to_js(options).map_err(usage)?;
        let data = self.bootstrap.call(self.shared(), R::METHOD, params).await?;
        serde_wasm_bindgen::from_value(data)
            .map_err(|e| StytchError::Unreachable { message: format!("an answer to {} that is not Stytch's: {e}", R::METHOD) })
    }

    /// Calls `f` with the member, organization and session whenever any of them changes
    /// (in this tab or another).
    pub fn on_state_change(&self, f: impl FnMut(State) + 'static) -> Subscription {
        Subscription::new(self.shared(), wasm::Topic::State, f)
    }

    pub fn passwords(&self) -> Passwords<'_> {
        Passwords(self)
    }

    pub fn magic_links(&self) -> MagicLinks<'_> {
        MagicLinks(self)
    }

    pub fn discovery(&self) -> Discovery<'_> {
        Discovery(self)
    }

    pub fn oauth(&self) -> OAuth<'_> {
        OAuth(self)
    }

    pub fn sso(&self) -> Sso<'_> {
        Sso(self)
    }

    /// The session's organization's SCIM connection (scim24).
    pub fn scim(&self) -> Scim<'_> {
        Scim(self)
    }

    /// Signing in with an impersonation token (scim24).
    pub fn impersonation(&self) -> Impersonation<'_> {
        Impersonation(self)
    }

    pub fn otps(&self) -> Otps<'_> {
        Otps(self)
    }

    pub fn totp(&self) -> Totp<'_> {
        Totp(self)
    }

    pub fn recovery_codes(&self) -> RecoveryCodes<'_> {
        RecoveryCodes(self)
    }

    pub fn session(&self) -> Session<'_> {
        Session(self)
    }

    pub fn self_(&self) -> SelfMember<'_> {
        SelfMember(self)
    }

    /// Stytch's deprecated name for [`Self::self_`].
    pub fn member(&self) -> SelfMember<'_> {
        SelfMember(self)
    }

    pub fn organization(&self) -> OrganizationState<'_> {
        OrganizationState(self)
    }

    /// The consent and logout pages' calls when the app is a Connected Apps identity provider.
    pub fn idp(&self) -> Idp<'_> {
        Idp(self)
    }

    /// What the signed-in member's roles allow, by the project's RBAC policy.
    pub fn rbac(&self) -> Rbac<'_> {
        Rbac(self)
    }

    /// The Stytch token in a redirect URL (`href`, or the page's when `None`): `None` without
    /// `token` and `stytch_token_type`; `handled` when it is a type the client authenticates
    /// (as Stytch's `parseAuthenticateUrl`).
    ///
    /// ```no_run
    /// # use stytch_b2b_headless::typed::*;
    /// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
    /// if let Some(found) = client.parse_authenticate_url(None).filter(|u| u.token_type == "discovery") {
    ///     let options = MagicLinksDiscoveryAuthenticateOptions { discovery_magic_links_token: found.token };
    ///     let discovered = client.magic_links().discovery().authenticate(&options).await?;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn parse_authenticate_url(&self, href: Option<&str>) -> Option<AuthenticateUrl> {
        let href = match href {
            Some(h) => h.to_string(),
            None => web_sys::window()?.location().href().ok()?,
        };
        let params = web_sys::Url::new(&href).ok()?.search_params();
        let (token, token_type) = (params.get("token")?, params.get("stytch_token_type")?);
        if token.is_empty() || token_type.is_empty() {
            return None;
        }
        Some(AuthenticateUrl { handled: HANDLED_TOKEN_TYPES.contains(&token_type.as_str()), token, token_type })
    }

    fn shared(&self) -> &Shared {
        &self.owner.0
    }
}

/// A Stytch token found in a redirect URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthenticateUrl {
    /// Whether the client has the call for this token type (`discovery`, `discovery_oauth`,
    /// `oauth`, `sso`, `multi_tenant_magic_links`, `multi_tenant_impersonation`).
    pub handled: bool,
    pub token: String,
    /// `stytch_token_type`.
    pub token_type: String,
}

/// The token types Stytch's URL helpers authenticate, as `js/client.js`'s `byType` lists them.
const HANDLED_TOKEN_TYPES: &[&str] =
    &["discovery", "discovery_oauth", "oauth", "sso", "multi_tenant_magic_links", "multi_tenant_impersonation"];

/// The client's cached state, as `on_state_change` sees it.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct State {
    pub member: Option<Member>,
    pub organization: Option<Organization>,
    pub session: Option<MemberSession>,
}

/// A Rust value as the plain JS object the pipeline reads.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, String> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| e.to_string())
}
