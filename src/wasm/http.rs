//! One request to the API: `fetch` with credentials, aborted after the timeout, and the
//! response sorted into data, a Stytch API error, or "unreachable".

use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestCredentials, RequestInit, Response};

use super::{js, Failure};
use crate::portable::methods::Http;

fn unreachable(msg: &str) -> Failure {
    Failure::Unreachable(msg.to_string())
}

/// Sends the request and returns the `data` object of a 2xx answer.
pub async fn send(method: Http, url: &str, authorization: &str, body: Option<String>, timeout_ms: f64) -> Result<JsValue, Failure> {
    let window = js::window().ok_or_else(|| unreachable("No window: the client runs only in a browser."))?;
    let signal = timeout_signal(timeout_ms);
    let headers = Headers::new().map_err(|_| unreachable("Headers is not available."))?;
    let _ = headers.set("Authorization", authorization);
    let _ = headers.set("Content-Type", "application/json");
    if let Ok(origin) = window.location().origin() {
        let _ = headers.set("X-SDK-Parent-Host", &origin);
    }
    let init = RequestInit::new();
    init.set_method(if method == Http::Post { "POST" } else { "GET" });
    init.set_credentials(RequestCredentials::Include);
    init.set_headers(&headers);
    init.set_signal(signal.as_ref());
    if let Some(b) = &body {
        init.set_body(&JsValue::from_str(b));
    }

    let (status, text) = match fetch_text(&window, url, &init).await {
        Ok(a) => a,
        Err(()) if signal.as_ref().is_some_and(AbortSignal::aborted) => {
            let mut m = String::from("The request timed out after ");
            crate::portable::storage::push_decimal(&mut m, timeout_ms as u64);
            m.push_str(" ms.");
            return Err(Failure::Unreachable(m));
        }
        Err(()) => return Err(unreachable("The Stytch API could not be reached (network error).")),
    };
    let parsed = js::parse_json(&text).filter(|v| v.is_object());
    let ok = (200..300).contains(&status);
    match parsed {
        Some(body) if ok => {
            let data = js::get(&body, "data");
            if data.is_object() { Ok(data) } else { Err(unreachable("The API answered without a data object.")) }
        }
        Some(body) if js::get_str(&body, "error_type").is_some() => {
            if js::get(&body, "status_code").is_undefined() {
                js::set(&body, "status_code", &JsValue::from(status));
            }
            Err(Failure::Api(body))
        }
        _ => {
            let mut m = String::from("The API answered HTTP ");
            crate::portable::storage::push_decimal(&mut m, u64::from(status));
            m.push_str(" with a body that is not Stytch's JSON.");
            Err(Failure::Unreachable(m))
        }
    }
}

/// `AbortSignal.timeout(ms)`: the browser aborts the request (and reading its body) after `ms`,
/// with no timer or callback of ours. Browsers without it (before 2022) get no timeout.
fn timeout_signal(timeout_ms: f64) -> Option<AbortSignal> {
    let class = js::get(&js_sys::global(), "AbortSignal");
    let timeout: js_sys::Function = js::get(&class, "timeout").dyn_into().ok()?;
    timeout.call1(&class, &JsValue::from_f64(timeout_ms.min(2_147_483_647.0))).ok()?.dyn_into().ok()
}

async fn fetch_text(window: &web_sys::Window, url: &str, init: &RequestInit) -> Result<(u16, String), ()> {
    let resp: Response = JsFuture::from(window.fetch_with_str_and_init(url, init)).await.map_err(|_| ())?.dyn_into().map_err(|_| ())?;
    let text = JsFuture::from(resp.text().map_err(|_| ())?).await.map_err(|_| ())?;
    Ok((resp.status(), text.as_string().unwrap_or_default()))
}
