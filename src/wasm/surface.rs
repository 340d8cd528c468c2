//! The `#[wasm_bindgen]` class `js/driver.js` drives and the JS facade (`js/client.js`)
//! wraps: plain JS values in and out. A failure is thrown as `[kind, ...]` (the kinds are
//! `portable::ffi::failure`: usage, with the method and message; a Stytch API error body;
//! unreachable, with a message), which the driver turns into the error classes: building them
//! here would cost an import each and a second copy of the classes in every bundle.

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;

use super::options::read_options;
use super::pipeline::{self, Ticket};
use super::state::Topic;
use super::{js, tabs, usage, Failure, Shared};
use crate::portable::config;
use crate::portable::ffi::{failure, read};

const SESSION_TOKEN: &str = "session_token";
const SESSION_JWT: &str = "session_jwt";

#[wasm_bindgen]
pub struct WasmClient(Shared);

#[wasm_bindgen]
impl WasmClient {
    /// `refresh` is what the background refresh timer calls (the driver's hook); `changed` is
    /// told the state (`{member, organization, session}`) after every change, as a subscriber
    /// to the state topic. The JS keeps the app's subscribers and tells each its part
    /// (`js/driver.js` `subscribers`): a list of callbacks in the wasm cost the download more.
    #[wasm_bindgen(constructor)]
    pub fn new(public_token: JsValue, options: JsValue, refresh: Function, changed: Function) -> Result<WasmClient, JsValue> {
        let token = public_token.as_string().unwrap_or_default();
        config::check_public_token(&token).map_err(|e| to_js(usage("StytchB2BHeadlessClient", &e.0)))?;
        let inner = read_options(&token, &options).map_err(to_js)?;
        let shared = super::start(inner, |_| refresh);
        shared.borrow_mut().subscribers.add(Topic::State, changed);
        Ok(WasmClient(shared))
    }

    /// A call's request, `[url, method, authorization, body, timeoutMs, ticket]` (the slots of
    /// `portable::ffi::slot`), for `send`; `index` is the method's in the method table. Its
    /// usage failures name no method: the driver, which has the name, adds it (a string
    /// argument would cost the download its glue).
    pub fn begin(&self, index: u32, params: JsValue, background: bool) -> Result<Array, JsValue> {
        pipeline::begin(&self.0, index as usize, "", params, background).map_err(to_js)
    }

    /// The answer to the request `begin` gave `ticket`: the call's data, or a failure.
    pub fn finish(&self, ticket: u32, status: f64, body: JsValue) -> Result<JsValue, JsValue> {
        pipeline::finish(&self.0, Ticket(ticket), status, &body).map_err(to_js)
    }

    /// A `storage` event (`{key, newValue}`): another tab may have changed the cached state.
    #[wasm_bindgen(js_name = storageEvent)]
    pub fn storage_event(&self, event: JsValue) {
        // The event itself, not its two strings: passing strings costs the download glue.
        tabs::on_storage_event(&self.0, js::get_str(&event, "key"), js::get_str(&event, "newValue"));
    }

    /// What a subscriber to `topic` (`portable::ffi::topic`) would be given now: the cached
    /// session, member or organization (null when there is none), or the state; or one of the
    /// other reads (`portable::ffi::read`): the tokens, whether the session is from the cache,
    /// the API base. Null for a number that is neither.
    pub fn cached(&self, topic: u8) -> JsValue {
        let mut inner = self.0.borrow_mut();
        match topic {
            read::TOKENS => match inner.session_tokens() {
                Some((t, j)) => {
                    let o = js::object();
                    js::set(&o, SESSION_TOKEN, &JsValue::from_str(&t));
                    js::set(&o, SESSION_JWT, &JsValue::from_str(&j));
                    o
                }
                _ => JsValue::NULL,
            },
            read::FROM_CACHE => JsValue::from_bool(inner.cache.session.is_object() && !inner.confirmed),
            read::API_BASE => JsValue::from_str(&inner.base_url),
            _ => Topic::from_u8(topic).map_or(JsValue::NULL, |t| inner.cache.of(t)),
        }
    }

    /// `session.updateSession({session_token, session_jwt?})` (the facade checks the token is a
    /// non-empty string, and the JWT a string when given): tokens the app got elsewhere (its
    /// backend) stored as the session's, and the IST dropped, as Stytch's `updateTokens`. The cached state stays; the refresh,
    /// due now, confirms the session and stores its expiry. One object, not two strings: the
    /// glue that passes strings costs the download more than reading them here.
    #[wasm_bindgen(js_name = updateSession)]
    pub fn update_session(&self, tokens: JsValue) {
        let Some(token) = js::get_str(&tokens, SESSION_TOKEN) else { return };
        super::update_session(&self.0, token, js::get_str(&tokens, SESSION_JWT).unwrap_or_default());
    }

    /// Stops the background refresh (for tests and teardown).
    pub fn destroy(&self) {
        self.0.borrow_mut().destroy();
    }
}

/// A failure as the `[kind, ...]` array the driver turns into an error class.
fn to_js(f: Failure) -> JsValue {
    match f {
        Failure::Usage { method, message } => Array::of3(&failure::USAGE.into(), &method.into(), &message.into()),
        Failure::Api(body) => Array::of2(&failure::API.into(), &body),
        Failure::Unreachable(message) => Array::of2(&failure::UNREACHABLE.into(), &message.into()),
    }
    .into()
}
