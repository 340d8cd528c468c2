//! Everything the core calls in JS, in one place: a few standard functions, `js/host.js`'s
//! browser operations, and small helpers over JS values. Few, coarse imports on purpose:
//! each distinct import costs glue in the download (README, "Performance").

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::portable::validate::Field;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// Writes `set` to `document.cookie` when given (answering `None`), else reads it.
    #[wasm_bindgen(catch)]
    pub fn cookie(set: Option<String>) -> Result<Option<String>, JsValue>;
    /// `localStorage` or `sessionStorage` (`undefined` where there is none).
    #[wasm_bindgen(catch, js_name = webStorage)]
    pub fn web_storage(name: &str) -> Result<JsValue, JsValue>;
    /// `getItem` (0), `setItem` (1) or `removeItem` (2) on Web Storage or an app's adapter.
    #[wasm_bindgen(catch, js_name = keyValue)]
    pub fn key_value(place: &JsValue, op: u8, key: &str, value: Option<String>) -> Result<JsValue, JsValue>;
    /// `location.hostname` or `location.host`.
    #[wasm_bindgen(js_name = locationPart)]
    pub fn location_part(name: &str) -> String;
    /// An HTTP date (cookies' `Expires`).
    #[wasm_bindgen(js_name = httpDate)]
    pub fn http_date(ms: f64) -> String;
}

#[wasm_bindgen]
extern "C" {
    /// Global `setTimeout`, its handle kept opaque: web-sys converts handles to `i32`, which
    /// breaks `clearTimeout` where ids are large (fake timers in test tools start at 10^12).
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(f: &Function, delay_ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(handle: &JsValue);
    #[wasm_bindgen(js_namespace = console)]
    pub fn warn(message: &str);
}

/// `obj[key]`, or `undefined` for primitives (and for getters that throw).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_object() || obj.is_function() {
        Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

pub fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

pub fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

pub fn field(obj: &JsValue, key: &str) -> Field {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        Field::Absent
    } else if let Some(s) = v.as_string() {
        Field::Str(s)
    } else if let Some(n) = v.as_f64() {
        Field::Num(n)
    } else if let Some(b) = v.as_bool() {
        Field::Bool(b)
    } else {
        Field::Other
    }
}

pub fn object() -> JsValue {
    Object::new().into()
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds since the epoch of an RFC 3339 timestamp, if it parses.
pub fn parse_time_ms(s: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(s);
    (!ms.is_nan()).then_some(ms)
}

pub fn stringify(v: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string())
}

pub fn parse_json(s: &str) -> Option<JsValue> {
    js_sys::JSON::parse(s).ok()
}

/// A thrown JS value as a short description for a warning: its `name` (`SecurityError`,
/// `QuotaExceededError`), never its message, which could quote a stored value.
pub fn error_name(e: &JsValue) -> String {
    get_str(e, "name").unwrap_or_else(|| "error".into())
}

/// The one warning when storage fails and `what` is kept in memory instead. `why` is an error
/// name or short description, never a stored value.
pub fn warn_memory_fallback(problem: &str, why: &str, what: &str) {
    let mut m = String::from("stytch: ");
    m.push_str(problem);
    m.push_str(" (");
    m.push_str(why);
    m.push_str("); keeping ");
    m.push_str(what);
    m.push_str(" in memory for this page.");
    warn(&m);
}
