use std::rc::Weak;

use js_sys::Function;
use serde::de::DeserializeOwned;
use wasm_bindgen::{prelude::*, JsCast};

use crate::wasm::{Inner, Shared, Topic};

/// A change callback; dropping it unsubscribes (as gloo's event listeners do), `forget`
/// keeps it for the client's life.
///
/// ```no_run
/// # fn f(client: stytch_b2b_headless::typed::StytchB2BHeadlessClient) {
/// let subscription = client.session().on_change(|session| {
///     println!("signed in: {}", session.is_some());
/// });
/// // ... later, or when the component unmounts:
/// drop(subscription);
/// # }
/// ```
#[must_use = "dropping a Subscription unsubscribes at once; keep it, or call forget()"]
pub struct Subscription {
    id: Option<u32>,
    client: Weak<std::cell::RefCell<Inner>>,
}

impl Subscription {
    pub(crate) fn new<T: DeserializeOwned + 'static>(shared: &Shared, topic: Topic, mut f: impl FnMut(T) + 'static) -> Self {
        let callback = Closure::<dyn FnMut(JsValue)>::new(move |value: JsValue| {
            // The pipeline caches only answers it checked; one that reads as no `T` (e.g. a
            // state another tab wrote by hand) is skipped rather than reported as `None`.
            if let Ok(value) = serde_wasm_bindgen::from_value(value) {
                f(value)
            }
        });
        let function: Function = callback.into_js_value().unchecked_into();
        let id = shared.borrow_mut().subscribers.add(topic, function);
        Self { id: Some(id), client: std::rc::Rc::downgrade(shared) }
    }

    /// Keeps the callback for as long as the client lives.
    pub fn forget(mut self) {
        self.id = None;
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let (Some(id), Some(shared)) = (self.id, self.client.upgrade()) {
            shared.borrow_mut().subscribers.remove(id);
        }
    }
}
