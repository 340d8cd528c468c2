//! Other tabs: a `storage` event on the cached state's key means another tab of the same app
//! changed it. The drivers listen (`js/driver.js`, the typed API) and pass the event here.

use super::state::Cache;
use super::{changes, refresh, Shared};

/// Another tab changed `key` to `new_value`: take over its state and tell subscribers.
pub(crate) fn on_storage_event(shared: &Shared, key: Option<String>, new_value: Option<String>) {
    let due = {
        let mut inner = shared.borrow_mut();
        if inner.destroyed || key.as_deref() != Some(inner.place.key.as_str()) {
            return;
        }
        inner.changes_applied = inner.changes_applied.wrapping_add(1);
        let before = inner.cache.snapshot();
        inner.cache = new_value.and_then(|v| Cache::from_json(&v)).unwrap_or_default();
        let due = inner.subscribers.due(&before, &inner.cache, false);
        refresh::while_session(&mut inner);
        due
    };
    changes::notify(due);
}
