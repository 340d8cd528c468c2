//! The background session refresh: `session.authenticate` on an interval while there is a
//! session, with capped backoff after failures.

use wasm_bindgen::{prelude::*, JsCast};

use super::{js, pipeline, Inner, Shared};
use crate::portable::lifecycle::{Token, TokenStore};
use crate::portable::refresh::backoff_ms;

/// Gives the client the one callback every refresh timer uses (it holds the client weakly).
pub(super) fn install(shared: &Shared) {
    let weak = std::rc::Rc::downgrade(shared);
    shared.borrow_mut().refresh_callback = Some(Closure::<dyn FnMut()>::new(move || {
        if let Some(shared) = weak.upgrade() {
            shared.borrow_mut().refresh = None;
            wasm_bindgen_futures::spawn_local(run(shared));
        }
    }));
}

/// Refreshes on the usual interval while there is a session; stops when there is none.
pub(super) fn while_session(shared: &Shared) {
    let (has_session, interval) = {
        let mut inner = shared.borrow_mut();
        (inner.tokens.get(Token::Session).is_some(), inner.refresh_interval_ms)
    };
    if has_session {
        schedule(shared, interval);
    } else {
        cancel(&mut shared.borrow_mut());
    }
}

pub(super) fn cancel(inner: &mut Inner) {
    if let Some(handle) = inner.refresh.take() {
        js::clear_timeout(&handle);
    }
}

pub(super) fn schedule(shared: &Shared, delay_ms: f64) {
    let mut inner = shared.borrow_mut();
    cancel(&mut inner);
    let handle = inner.refresh_callback.as_ref().and_then(|c| js::set_timeout(c.as_ref().unchecked_ref(), delay_ms));
    inner.refresh = handle;
}

/// One background refresh: success reschedules (in `update`); an unrecoverable error has
/// cleared the session (in `update`); anything else retries with capped backoff.
async fn run(shared: Shared) {
    let params = js::object();
    {
        let inner = shared.borrow();
        if let (true, Some(m)) = (inner.keep_session_alive, inner.last_session_minutes) {
            js::set(&params, "session_duration_minutes", &JsValue::from_f64(m));
        }
    }
    if pipeline::call(&shared, "session.authenticate", params).await.is_ok() {
        return;
    }
    let attempt = {
        let mut inner = shared.borrow_mut();
        if inner.tokens.get(Token::Session).is_none() {
            return;
        }
        inner.refresh_attempt += 1;
        inner.refresh_attempt
    };
    let jitter = js_sys::Math::random() * 350.0 - 175.0;
    schedule(&shared, backoff_ms(attempt, jitter));
}
