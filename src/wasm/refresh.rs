//! The background session refresh: `session.authenticate` on an interval while there is a
//! session, with capped backoff after failures. The timer calls the driver's hook, which
//! runs the call through the pipeline like any other (flagged as background).

use super::{js, Inner};
use crate::portable::lifecycle::{Token, TokenStore};
use crate::portable::refresh::backoff_ms;

pub(super) fn cancel(inner: &mut Inner) {
    if let Some(handle) = inner.refresh.take() {
        js::clear_timeout(&handle);
    }
}

pub(super) fn schedule(inner: &mut Inner, delay_ms: f64) {
    cancel(inner);
    inner.refresh = inner.refresh_hook.as_ref().map(|hook| js::set_timeout(hook, delay_ms));
}

/// Refreshes on the usual interval while there is a session; stops when there is none.
pub(super) fn while_session(inner: &mut Inner) {
    if inner.tokens.get(Token::Session).is_some() {
        schedule(inner, inner.refresh_interval_ms);
    } else {
        cancel(inner);
    }
}

/// A background refresh failed without ending the session: retry with capped backoff. (An
/// answer that ends it has cleared the session, and with it the timer.)
pub(super) fn after_failure(inner: &mut Inner) {
    if inner.destroyed || inner.tokens.get(Token::Session).is_none() {
        return;
    }
    inner.refresh_attempt += 1;
    let jitter = js_sys::Math::random() * 350.0 - 175.0;
    schedule(inner, backoff_ms(inner.refresh_attempt, jitter));
}
