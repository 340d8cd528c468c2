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
        inner.changes_applied = inner.changes_applied.wrapping_add(1);
        let before = inner.cache.snapshot();
        let was_cached = inner.cache.session.is_object() && !inner.confirmed;
        lifecycle::apply(t, &mut inner.tokens);
        match (&t.cache, data) {
            (Change::Set(()), Some(d)) => {
                // The parts the answer carries (an authenticate carries all three; a member
                // or organization call, its own), as Stytch's `updateState` merges them.
                let part = |key, old: &JsValue| Some(js::get(d, key)).filter(JsValue::is_object).unwrap_or_else(|| old.clone());
                let c = &inner.cache;
                inner.cache = Cache {
                    member: part("member", &c.member),
                    organization: part("organization", &c.organization),
                    session: part("member_session", &c.session),
                };
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
