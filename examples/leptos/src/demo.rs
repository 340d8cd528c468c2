//! The demo's settings and helpers shared with the JS examples (`examples/shared/demo-config.js`,
//! loaded by index.html as `window.DEMO`): which organizations and accounts to offer, the words
//! for errors, and the calls to the example server. Everything Stytch is done in Rust, with the
//! typed client; only these demo helpers are JS, so the three examples say the same things.

use js_sys::{Function, Promise, Reflect};
use serde::Deserialize;
use stytch_b2b_headless::typed::{DiscoveryAuthenticateResponse, Member, StytchError};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::flow::PickerOrganization;

#[derive(Clone, Debug, Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    /// Its SSO connection (a real app reads it from the organization).
    #[serde(default)]
    pub sso: Option<String>,
}

/// The data part of `window.DEMO`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Demo {
    pub public_token: String,
    pub api_base: String,
    pub organizations: Vec<Organization>,
    pub accounts: Vec<String>,
    pub password: String,
    pub session_minutes: i64,
    pub step_up_minutes: u32,
}

fn global() -> JsValue {
    Reflect::get(&js_sys::global(), &"DEMO".into()).unwrap_or(JsValue::UNDEFINED)
}

/// One field of `window.DEMO`, read with serde.
fn field<T: serde::de::DeserializeOwned>(name: &str) -> T {
    let v = Reflect::get(&global(), &name.into()).unwrap_or(JsValue::UNDEFINED);
    serde_wasm_bindgen::from_value(v).unwrap_or_else(|e| panic!("DEMO.{name}: {e}"))
}

pub fn settings() -> Demo {
    Demo {
        public_token: field("publicToken"),
        api_base: field("apiBase"),
        organizations: field("organizations"),
        accounts: field("accounts"),
        password: field("password"),
        session_minutes: field("sessionMinutes"),
        step_up_minutes: field("stepUpMinutes"),
    }
}

fn call(name: &str, args: &[JsValue]) -> JsValue {
    let demo = global();
    let f: Function = Reflect::get(&demo, &name.into()).ok().and_then(|f| f.dyn_into().ok()).unwrap_or_else(|| panic!("DEMO.{name}"));
    let args: js_sys::Array = args.iter().collect();
    f.apply(&demo, &args).unwrap_or(JsValue::UNDEFINED)
}

async fn call_async(name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let promise: Promise = call(name, args).dyn_into().map_err(|_| format!("DEMO.{name} is not async"))?;
    JsFuture::from(promise).await.map_err(|e| Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_default())
}

/// The error in words a member understands (`DEMO.explain`, given the error as the JS
/// client would have raised it).
pub fn explain(e: &StytchError) -> String {
    let o = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = Reflect::set(&o, &k.into(), &v.into());
    };
    match e {
        StytchError::Api { error_type, error_message, .. } => {
            set("name", "StytchAPIError");
            set("error_type", error_type.as_str());
            set("error_message", error_message);
            set("message", error_message);
        }
        StytchError::Unreachable { message } => {
            set("name", "StytchAPIUnreachableError");
            set("message", message);
        }
        StytchError::Usage { method, message } => {
            set("name", "StytchSDKUsageError");
            set("message", &format!("Invalid call to stytch.{method}\n{message}"));
        }
    }
    call("explain", &[o.into()]).as_string().unwrap_or_else(|| e.to_string())
}

/// Errors after which the flow cannot go on and the member must sign in again.
pub fn must_restart(e: &StytchError) -> bool {
    matches!(e.error_type().map(|t| t.as_str()), Some("intermediate_session_not_found" | "session_not_found"))
}

/// What the sensitive action (done by the example server) came to.
pub enum Sensitive {
    Done(String),
    StepUp,
}

/// `POST /api/sensitive` on the example server, which checks the session with Stytch's Node SDK.
pub async fn sensitive() -> Result<Sensitive, String> {
    let r = call_async("sensitive", &[]).await?;
    let get = |k: &str| Reflect::get(&r, &k.into()).unwrap_or(JsValue::UNDEFINED);
    if get("done").as_bool() == Some(true) {
        Ok(Sensitive::Done(get("message").as_string().unwrap_or_default()))
    } else {
        Ok(Sensitive::StepUp)
    }
}

/// After a step-up: the action again.
pub async fn after_step_up() -> String {
    call_async("afterStepUp", &[]).await.ok().and_then(|v| v.as_string()).unwrap_or_default()
}

/// What the example server makes of this browser's session, in a sentence.
pub async fn server_view() -> String {
    call_async("serverView", &[]).await.ok().and_then(|v| v.as_string()).unwrap_or_else(|| "The server could not be asked.".into())
}

/// How to name an organization's allowed sign-in methods.
pub fn describe_methods(allowed: &[String]) -> String {
    let list: js_sys::Array = allowed.iter().map(|s| JsValue::from_str(s)).collect();
    call("describeMethods", &[list.into()]).as_string().unwrap_or_default()
}

/// This page's address without an emailed link's token: where emails lead back to.
pub fn app_url() -> String {
    call("appUrl", &[]).as_string().unwrap_or_default()
}

/// The `(kind, token)` of an emailed link that opened this page, taken out of the address bar.
pub fn take_link_token() -> Option<(String, String)> {
    let link = call("takeLinkToken", &[]);
    let get = |k: &str| Reflect::get(&link, &k.into()).ok().and_then(|v| v.as_string());
    Some((get("type")?, get("token")?))
}

/// A typed value as the plain JS object the demo helpers read.
fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::UNDEFINED)
}

/// The organization picker's rows for a discovery answer, in the JS examples' words
/// (`DEMO.pickerStep`: the membership described, whether entering needs MFA).
pub fn picker(r: &DiscoveryAuthenticateResponse) -> Vec<PickerOrganization> {
    let step = call("pickerStep", &[to_js(r)]);
    let rows = Reflect::get(&step, &"organizations".into()).unwrap_or(JsValue::UNDEFINED);
    serde_wasm_bindgen::from_value(rows).unwrap_or_default()
}

/// A member's second factors in a few words ("SMS + TOTP", "no second factor").
pub fn describe_factors(member: &Member) -> String {
    call("describeFactors", &[to_js(member)]).as_string().unwrap_or_default()
}
