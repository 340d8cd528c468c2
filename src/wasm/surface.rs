//! The `#[wasm_bindgen]` class the JS facade (`js/client.js`) wraps: plain JS values in and
//! out, every API method through [`pipeline::call`].

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::future_to_promise;

use super::options::read_options;
use super::state::Topic;
use super::{js, pipeline, usage, Failure, Shared};
use crate::portable::validate::Field;
use crate::portable::config;

#[wasm_bindgen]
pub struct WasmClient(Shared);

#[wasm_bindgen]
impl WasmClient {
    /// Throws `StytchSDKUsageError` for a bad public token or options.
    #[wasm_bindgen(constructor)]
    pub fn new(public_token: JsValue, options: JsValue) -> Result<WasmClient, JsValue> {
        let token = public_token.as_string().unwrap_or_default();
        config::check_public_token(&token).map_err(|e| to_js(usage("StytchB2BHeadlessClient", &e.0)))?;
        let inner = read_options(&token, &options).map_err(to_js)?;
        Ok(WasmClient(super::start(inner)))
    }

    /// Calls an API method by its Stytch name (e.g. `otps.sms.send`). Always a Promise.
    pub fn call(&self, method: String, params: JsValue) -> Promise {
        let shared = self.0.clone();
        future_to_promise(async move { pipeline::call(&shared, &method, params).await.map_err(to_js) })
    }

    /// The API base the client calls (without `/sdk/v1`), for the OAuth and SSO redirects.
    #[wasm_bindgen(js_name = apiBase)]
    pub fn api_base(&self) -> String {
        self.0.borrow().base_url.clone()
    }

    #[wasm_bindgen(js_name = sessionSync)]
    pub fn session_sync(&self) -> JsValue {
        self.0.borrow().cache.session.clone()
    }

    #[wasm_bindgen(js_name = memberSync)]
    pub fn member_sync(&self) -> JsValue {
        self.0.borrow().cache.member.clone()
    }

    #[wasm_bindgen(js_name = organizationSync)]
    pub fn organization_sync(&self) -> JsValue {
        self.0.borrow().cache.organization.clone()
    }

    /// `{session, fromCache}`: `fromCache` until the server confirms the session.
    #[wasm_bindgen(js_name = sessionInfo)]
    pub fn session_info(&self) -> JsValue {
        let inner = self.0.borrow();
        let o = js::object();
        js::set(&o, "session", &inner.cache.session);
        // True only while a cached session awaits the server's answer, as in Stytch's client.
        js::set(&o, "fromCache", &JsValue::from(inner.cache.session.is_object() && !inner.confirmed));
        o
    }

    /// `{session_token, session_jwt}`, or null without a session.
    pub fn tokens(&self) -> JsValue {
        match self.0.borrow_mut().session_tokens() {
            Some((t, j)) => {
                let o = js::object();
                js::set(&o, "session_token", &JsValue::from_str(&t));
                js::set(&o, "session_jwt", &JsValue::from_str(&j));
                o
            }
            _ => JsValue::NULL,
        }
    }

    /// Subscribes to 0 state, 1 session, 2 member, 3 organization; returns the unsubscribe function.
    pub fn subscribe(&self, topic: u8, callback: JsValue) -> Result<JsValue, JsValue> {
        let f: Function = callback.dyn_into().map_err(|_| to_js(usage("onChange", "callback must be a function.")))?;
        let topic = Topic::from_u8(topic).ok_or_else(|| to_js(usage("onChange", "unknown topic.")))?;
        let id = self.0.borrow_mut().subscribers.add(topic, f);
        let weak = Rc::downgrade(&self.0);
        Ok(Closure::once_into_js(move || {
            if let Some(shared) = weak.upgrade() {
                shared.borrow_mut().subscribers.remove(id);
            }
        }))
    }

    /// The step-up check: `{factor_types, within_minutes, require?: 'any' | 'all'}` → boolean.
    #[wasm_bindgen(js_name = authenticatedWithin)]
    pub fn authenticated_within(&self, params: JsValue) -> Result<bool, JsValue> {
        const NAME: &str = "session.authenticatedWithin";
        let types = js::get(&params, "factor_types");
        let wanted: Vec<String> = if let Some(s) = types.as_string() {
            vec![s]
        } else if js_sys::Array::is_array(&types) {
            js_sys::Array::from(&types).iter().filter_map(|v| v.as_string()).collect()
        } else {
            return Err(to_js(usage(NAME, "factor_types must be a factor type or an array of them.")));
        };
        let minutes = match js::field(&params, "within_minutes") {
            Field::Num(n) if n > 0.0 && n.is_finite() => n,
            _ => return Err(to_js(usage(NAME, "within_minutes must be a positive number."))),
        };
        let all = match js::get_str(&params, "require").as_deref() {
            None | Some("any") => false,
            Some("all") => true,
            Some(_) => return Err(to_js(usage(NAME, "require must be 'any' or 'all'."))),
        };
        Ok(self.0.borrow().authenticated_within(&wanted, minutes, all))
    }

    /// Bytes of wasm linear memory (for the benchmark's leak check; it only ever grows).
    #[wasm_bindgen(js_name = memoryBytes)]
    pub fn memory_bytes(&self) -> f64 {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64
    }

    /// Stops the background refresh and cross-tab listener (for tests and teardown).
    pub fn destroy(&self) {
        self.0.borrow_mut().destroy();
    }
}

/// The error classes, so the package entry exports the very classes the client throws.
#[wasm_bindgen(js_name = errorClasses)]
pub fn error_classes() -> JsValue {
    js::error_classes()
}

/// A failure as the JS error object the facade rejects with (classes of `js/errors.js`).
fn to_js(f: Failure) -> JsValue {
    match f {
        Failure::Usage { method, message } => js::usage(&method, &message),
        Failure::Api(body) => js::api_error(&body),
        Failure::Unreachable(message) => js::unreachable(&message),
    }
}
