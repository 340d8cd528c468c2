//! The typed API's driver, the Rust twin of `js/driver.js`: it sends the core's requests with
//! that file's `send` (one request code for both surfaces), runs the background refresh, and
//! passes other tabs' changes on.

use std::cell::RefCell;
use std::rc::Weak;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::portable::constants::CAPTCHA_REQUIRED;
use crate::portable::ffi::slot;
use crate::wasm::pipeline::{self, Ticket};
use crate::wasm::{tabs, Failure, Inner, Shared};

#[wasm_bindgen(module = "/js/driver.js")]
extern "C" {
    /// Resolves (never rejects) to `[status, body]`.
    pub(crate) fn send(request: &Array) -> Promise;
}

/// One call: `begin`, `send`, `finish`.
pub(crate) async fn call(shared: &Shared, name: &str, params: JsValue, background: bool) -> Result<JsValue, Failure> {
    let index = crate::portable::methods::index_of(name).unwrap_or(usize::MAX);
    let request = pipeline::begin(shared, index, name, params, background)?;
    let ticket = Ticket(request.get(slot::TICKET).as_f64().unwrap_or_default() as u32);
    let answer = Array::from(&JsFuture::from(send(&request)).await.unwrap_or_default());
    let body = answer.get(1);
    let outcome = pipeline::finish(shared, ticket, answer.get(0).as_f64().unwrap_or_default(), &body);
    // A challenge answers a body that is not JSON (the core kept everything): said so, for
    // the retry js/third-party.js makes with a captcha token, as js/driver.js's `run` does.
    match body.as_string() {
        Some(text) if outcome.is_err() && text.contains(CAPTCHA_REQUIRED) => Err(Failure::Unreachable(CAPTCHA_REQUIRED.into())),
        _ => outcome,
    }
}

/// What the refresh timer calls: a background `session.authenticate`.
pub(crate) fn refresh_hook(weak: Weak<RefCell<Inner>>) -> Function {
    Closure::<dyn FnMut()>::new(move || {
        if let Some(shared) = weak.upgrade() {
            spawn_local(async move {
                let _ = call(&shared, "session.authenticate", JsValue::UNDEFINED, true).await;
            });
        }
    })
    .into_js_value()
    .unchecked_into()
}

/// Other tabs' changes, while the listener lives (the client drops it when it stops).
pub(crate) struct TabsListener(Closure<dyn FnMut(web_sys::StorageEvent)>);

impl TabsListener {
    pub(crate) fn new(shared: &Shared) -> Option<Self> {
        let weak = std::rc::Rc::downgrade(shared);
        let listener = Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
            if let Some(shared) = weak.upgrade() {
                tabs::on_storage_event(&shared, e.key(), e.new_value());
            }
        });
        web_sys::window()?.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref()).ok()?;
        Some(Self(listener))
    }
}

impl Drop for TabsListener {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback("storage", self.0.as_ref().unchecked_ref());
        }
    }
}
