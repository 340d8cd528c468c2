//! The OAuth and SSO starts: the JS facade's own implementation (`js/third-party.js` and
//! `js/redirects.js`'s PKCE, loaded as wasm-bindgen snippets as `js/driver.js` is), so both surfaces check the options, make the
//! PKCE pair and build the start URL with one code, and keep the verifier under the same key
//! (a flow started by either surface finishes in either). This file only turns the typed
//! options into the plain object that code reads.

use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::StytchError;
use crate::wasm::js;

#[wasm_bindgen(module = "/js/redirects.js")]
extern "C" {
    /// PKCE for one kind of redirect (`oauth`, `sso`) of one project.
    pub(crate) type Pkce;
    #[wasm_bindgen(constructor)]
    pub(crate) fn new(kind: &str, public_token: &str) -> Pkce;
    /// The verifier a start kept, if any.
    #[wasm_bindgen(method)]
    pub(crate) fn verifier(this: &Pkce) -> Option<String>;
    #[wasm_bindgen(method)]
    pub(crate) fn clear(this: &Pkce);
}

#[wasm_bindgen(module = "/js/third-party.js")]
extern "C" {
    /// `[path, params]`, or a string saying what is wrong with the options.
    #[wasm_bindgen(js_name = startParams)]
    fn start_params(provider: Option<&str>, options: &JsValue) -> JsValue;
    /// Resolves to the start URL, with a new PKCE challenge.
    #[wasm_bindgen(js_name = startUrl)]
    fn start_url_js(api_base: &str, start: &JsValue, public_token: &str, pkce: &Pkce) -> Promise;
}

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

/// The start URL of `oauth.<provider>.start` (`provider` given) or `sso.start`, with a new PKCE
/// challenge whose verifier `pkce` keeps.
pub(crate) async fn start_url(
    api_base: &str,
    public_token: &str,
    provider: Option<&str>,
    options: &JsValue,
    pkce: &Pkce,
) -> Result<String, StytchError> {
    let start = start_params(provider, options);
    if let Some(message) = start.as_string() {
        let method = match provider {
            Some(p) => format!("oauth.{p}.start"),
            None => "sso.start".into(),
        };
        return Err(StytchError::Usage { method, message });
    }
    let url = JsFuture::from(start_url_js(api_base, &start, public_token, pkce))
        .await
        .map_err(|e| StytchError::Unreachable { message: format!("the start URL could not be made ({})", js::error_name(&e)) })?;
    Ok(url.as_string().unwrap_or_default())
}

/// Leaves the page for `url`.
pub(crate) fn navigate(url: &str) -> Result<(), StytchError> {
    let window = web_sys::window().ok_or_else(|| StytchError::Unreachable { message: "window is not available.".into() })?;
    window.location().assign(url).map_err(|e| StytchError::Unreachable { message: format!("navigation failed ({})", js::error_name(&e)) })
}

/// `provider_params` as the object Stytch's options carry.
fn provider_params(pairs: &[(String, String)]) -> JsValue {
    let o = js::object();
    for (k, v) in pairs {
        js::set(&o, k, &JsValue::from_str(v));
    }
    o
}

fn set_opt(o: &JsValue, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        js::set(o, key, &JsValue::from_str(v));
    }
}

impl OAuthStartOptions {
    /// As Stytch's JS options.
    pub(crate) fn to_js(&self) -> JsValue {
        let o: JsValue = Object::new().into();
        set_opt(&o, "organization_id", &self.organization_id);
        set_opt(&o, "organization_slug", &self.organization_slug);
        set_opt(&o, "login_redirect_url", &self.login_redirect_url);
        set_opt(&o, "signup_redirect_url", &self.signup_redirect_url);
        if !self.custom_scopes.is_empty() {
            js::set(&o, "custom_scopes", &self.custom_scopes.iter().map(|s| JsValue::from_str(s)).collect::<Array>());
        }
        js::set(&o, "provider_params", &provider_params(&self.provider_params));
        o
    }
}

impl SsoStartOptions {
    /// As Stytch's JS options.
    pub(crate) fn to_js(&self) -> JsValue {
        let o: JsValue = Object::new().into();
        js::set(&o, "connection_id", &JsValue::from_str(&self.connection_id));
        set_opt(&o, "login_redirect_url", &self.login_redirect_url);
        set_opt(&o, "signup_redirect_url", &self.signup_redirect_url);
        js::set(&o, "provider_params", &provider_params(&self.provider_params));
        o
    }
}
