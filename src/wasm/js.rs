//! Small helpers over JS values: reading fields, making objects, time, and the error classes
//! of `js/errors.js`.

use js_sys::{Object, Reflect};
use wasm_bindgen::{prelude::*, JsCast};

use crate::portable::validate::Field;

#[cfg(feature = "npm")]
#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = StytchAPIError)]
    type ApiErrorClass;
    #[wasm_bindgen(constructor, js_class = StytchAPIError)]
    fn new_api_error(details: &JsValue) -> ApiErrorClass;

    #[wasm_bindgen(js_name = StytchAPIUnreachableError)]
    type UnreachableClass;
    #[wasm_bindgen(constructor, js_class = StytchAPIUnreachableError)]
    fn new_unreachable(details: &str) -> UnreachableClass;

    #[wasm_bindgen(js_name = StytchSDKUsageError)]
    type UsageClass;
    #[wasm_bindgen(constructor, js_class = StytchSDKUsageError)]
    fn new_usage(method: &str, message: &str) -> UsageClass;

    #[wasm_bindgen(js_name = errorClasses)]
    pub fn error_classes() -> JsValue;
}

#[cfg(feature = "npm")]
pub fn api_error(body: &JsValue) -> JsValue {
    ApiErrorClass::new_api_error(body).into()
}

#[cfg(feature = "npm")]
pub fn unreachable(details: &str) -> JsValue {
    UnreachableClass::new_unreachable(details).into()
}

#[cfg(feature = "npm")]
pub fn usage(method: &str, message: &str) -> JsValue {
    let mut name = String::from("stytch.");
    name.push_str(method);
    UsageClass::new_usage(&name, message).into()
}

/// `obj[key]`, or `undefined` for primitives (functions have properties too, e.g. `AbortSignal.timeout`).
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

/// A copy of `params` without the keys whose value is `undefined` or `null`: keys with no
/// value are left out of requests, not sent as null.
pub fn body_from(params: &JsValue) -> JsValue {
    let body = object();
    if params.is_object() {
        for key in Object::keys(params.unchecked_ref::<Object>()).iter() {
            let v = Reflect::get(params, &key).unwrap_or(JsValue::UNDEFINED);
            if !v.is_undefined() && !v.is_null() {
                let _ = Reflect::set(&body, &key, &v);
            }
        }
    }
    body
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

pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
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

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// `setTimeout` with the handle kept as an opaque JS value: web-sys converts handles to `i32`,
/// which breaks `clearTimeout` where ids are large (the spec promises only a positive integer;
/// fake timers in test tools start at 10^12).
pub fn set_timeout(f: &js_sys::Function, delay_ms: f64) -> Option<JsValue> {
    let global = js_sys::global();
    let set: js_sys::Function = get(&global, "setTimeout").dyn_into().ok()?;
    set.call2(&global, f, &JsValue::from_f64(delay_ms)).ok()
}

pub fn clear_timeout(handle: &JsValue) {
    let global = js_sys::global();
    if let Ok(clear) = get(&global, "clearTimeout").dyn_into::<js_sys::Function>() {
        let _ = clear.call1(&global, handle);
    }
}
