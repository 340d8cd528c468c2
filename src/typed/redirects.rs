//! The OAuth and SSO starts, as the JS facade does them (`js/redirects.js`): a PKCE pair from
//! Web Crypto, the verifier kept in localStorage under the same key (so a flow started by
//! either surface finishes in either), then a navigation to the API's public start URL.

use base64::Engine;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::StytchError;

const PKCE_KEY: &str = "stytch_b2b_wasm_pkce";

/// `oauth().google().start(..)` / `oauth().microsoft().start(..)`: where the member goes
/// after the provider, and for which organization (its id or its slug).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OAuthStartOptions {
    pub organization_id: Option<String>,
    pub organization_slug: Option<String>,
    pub login_redirect_url: Option<String>,
    pub signup_redirect_url: Option<String>,
    pub custom_scopes: Vec<String>,
    /// Sent to the provider as `provider_<name>=<value>`.
    pub provider_params: Vec<(String, String)>,
}

/// `sso().start(..)`: the organization's connection, and where the member goes after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SsoStartOptions {
    pub connection_id: String,
    pub login_redirect_url: Option<String>,
    pub signup_redirect_url: Option<String>,
    pub provider_params: Vec<(String, String)>,
}

/// PKCE for one kind of redirect (`oauth`, `sso`) of one project.
pub(crate) struct Pkce {
    key: String,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn unreachable(what: &str) -> StytchError {
    StytchError::Unreachable { message: format!("{what} is not available in this browser.") }
}

impl Pkce {
    pub(crate) fn new(kind: &str, public_token: &str) -> Self {
        Pkce { key: format!("{PKCE_KEY}:{kind}:{public_token}") }
    }

    /// A new verifier, kept; returns its challenge (base64url of its SHA-256).
    async fn start(&self) -> Result<String, StytchError> {
        let window = web_sys::window().ok_or_else(|| unreachable("window"))?;
        let crypto = window.crypto().map_err(|_| unreachable("Web Crypto"))?;
        let mut random = [0u8; 32];
        crypto.get_random_values_with_u8_array(&mut random).map_err(|_| unreachable("crypto.getRandomValues"))?;
        let verifier: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let data = js_sys::Uint8Array::from(verifier.as_bytes());
        let digest = crypto.subtle().digest_with_str_and_buffer_source("SHA-256", &data).map_err(|_| unreachable("crypto.subtle"))?;
        let digest = JsFuture::from(digest).await.map_err(|_| unreachable("SHA-256"))?;
        let digest = js_sys::Uint8Array::new(&digest).to_vec();
        // Storage refused (private mode, quota): the flow goes on without PKCE's second half,
        // and the server refuses the token with a clear error rather than this page failing.
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(&self.key, &verifier);
        }
        Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest))
    }

    pub(crate) fn verifier(&self) -> Option<String> {
        local_storage()?.get_item(&self.key).ok()?.filter(|v| !v.is_empty())
    }

    pub(crate) fn clear(&self) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(&self.key);
        }
    }
}

/// Builds the start URL (Stytch's parameter names and order: the redirect URLs last) and
/// navigates to it.
pub(crate) async fn start(api_base: &str, path: &str, public_token: &str, params: Vec<(String, Option<String>)>, pkce: &Pkce) -> Result<(), StytchError> {
    let url = web_sys::Url::new(&format!("{api_base}{path}")).map_err(|_| unreachable("URL"))?;
    let query = url.search_params();
    query.set("public_token", public_token);
    let (redirects, others): (Vec<_>, Vec<_>) = params.into_iter().partition(|(name, _)| name.ends_with("_redirect_url"));
    for (name, value) in others.into_iter().chain([("pkce_code_challenge".to_string(), Some(pkce.start().await?))]).chain(redirects) {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            query.set(&name, &value);
        }
    }
    let window = web_sys::window().ok_or_else(|| unreachable("window"))?;
    window.location().assign(&url.href()).map_err(|e: JsValue| StytchError::Unreachable {
        message: e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| "navigation failed".into()),
    })
}

pub(crate) fn oauth_params(o: &OAuthStartOptions) -> Vec<(String, Option<String>)> {
    let mut params = vec![("organization_id".to_string(), o.organization_id.clone()), ("slug".to_string(), o.organization_slug.clone())];
    if !o.custom_scopes.is_empty() {
        params.push(("custom_scopes".into(), Some(o.custom_scopes.join(" "))));
    }
    params.extend(o.provider_params.iter().map(|(k, v)| (format!("provider_{k}"), Some(v.clone()))));
    params.push(("login_redirect_url".into(), o.login_redirect_url.clone()));
    params.push(("signup_redirect_url".into(), o.signup_redirect_url.clone()));
    params
}

pub(crate) fn sso_params(o: &SsoStartOptions) -> Vec<(String, Option<String>)> {
    let mut params = vec![("connection_id".to_string(), Some(o.connection_id.clone()))];
    params.extend(o.provider_params.iter().map(|(k, v)| (format!("provider_{k}"), Some(v.clone()))));
    params.push(("login_redirect_url".into(), o.login_redirect_url.clone()));
    params.push(("signup_redirect_url".into(), o.signup_redirect_url.clone()));
    params
}
