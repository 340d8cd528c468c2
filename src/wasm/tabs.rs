//! Other tabs: a `storage` event on the cached state's key means another tab of the same app
//! changed it.

use std::rc::Rc;

use wasm_bindgen::{prelude::*, JsCast};

use super::state::Cache;
use super::{changes, js, refresh, Shared};

/// Another tab changed the cached state: take it over and tell subscribers.
pub(super) fn listen(shared: &Shared) {
    let Some(window) = js::window() else { return };
    let weak = Rc::downgrade(shared);
    let listener = Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
        let Some(shared) = weak.upgrade() else { return };
        let due = {
            let mut inner = shared.borrow_mut();
            if e.key().as_deref() != Some(inner.place.key.as_str()) {
                return;
            }
            let before = inner.cache.snapshot();
            inner.cache = e.new_value().and_then(|v| Cache::from_json(&v)).unwrap_or_default();
            inner.subscribers.due(&before, &inner.cache)
        };
        refresh::while_session(&shared);
        changes::notify(due);
    });
    if window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref()).is_ok() {
        shared.borrow_mut().storage_listener = Some(listener);
    }
}
