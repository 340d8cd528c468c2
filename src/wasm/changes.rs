//! Carrying out a lifecycle transition: tokens, the cached state and its storage, the
//! refresh timer, then the subscribers (last, so they see the new state).

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::state::Cache;
use super::{js, refresh, Shared};
use crate::portable::lifecycle::{self, Change, Token, TokenStore, Transition};

/// Applies a transition: tokens, cache, storage, refresh timer, then subscribers.
pub(super) fn update(shared: &Shared, t: &Transition, data: Option<&JsValue>) {
    let due = {
        let mut guard = shared.borrow_mut();
        let inner = &mut *guard; // split borrows: the cache is saved into the place
        if !t.changes_anything() || inner.destroyed {
            return;
        }
        let before = inner.cache.snapshot();
        let was_cached = inner.cache.session.is_object() && !inner.confirmed;
        lifecycle::apply(t, &mut inner.tokens);
        match (&t.cache, data) {
            (Change::Set(()), Some(d)) => {
                inner.cache =
                    Cache { member: js::get(d, "member"), organization: js::get(d, "organization"), session: js::get(d, "member_session") };
                inner.confirmed = true;
                inner.place.save(&inner.cache);
            }
            (Change::Clear, _) => {
                inner.cache = Cache::default();
                inner.place.save(&inner.cache);
            }
            _ => {}
        }
        let due = inner.subscribers.due(&before, &inner.cache, was_cached);
        match (&t.session, inner.tokens.get(Token::Session).is_some()) {
            (Change::Set(_), true) => {
                inner.refresh_attempt = 0;
                refresh::schedule(inner, inner.refresh_interval_ms);
            }
            (_, false) => refresh::cancel(inner),
            _ => {}
        }
        due
    };
    notify(due);
}

pub(super) fn notify(due: Vec<(Function, JsValue)>) {
    for (f, arg) in due {
        // A subscriber that throws must not break the client or the other subscribers.
        if f.call1(&JsValue::NULL, &arg).is_err() {
            js::warn("stytch: a change subscriber threw an error.");
        }
    }
}
