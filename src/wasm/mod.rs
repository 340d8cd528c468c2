//! The browser side: the core both surfaces share (the npm package's `WasmClient` and the
//! typed Rust API). It is sans-IO at the request: `pipeline::begin` checks a call and says
//! what to send, a driver sends it (`js/driver.js` for JS, `pipeline::call` for Rust), and
//! `pipeline::finish` decides what the answer means and stores it. The core keeps the state,
//! the cookies and storage, and the refresh timer; the drivers only carry values.
//!
//! - `options`: the constructor's options, read into an [`Inner`].
//! - `surface`: the `#[wasm_bindgen]` class `js/driver.js` and the JS facade wrap.
//! - `pipeline`: one API call, from parameters to a stored outcome.
//! - `changes`: carrying out a lifecycle transition (tokens, cache, timer, subscribers).
//! - `refresh`: the background session refresh.  `tabs`: other tabs' changes.
//! - `storage`, `state`, `js`: token places, the cached state, the JS the core calls.

#[cfg(feature = "npm")]
mod alloc;
mod changes;
pub(crate) mod js;
mod options;
pub(crate) mod pipeline;
mod refresh;
mod state;
mod storage;
#[cfg(feature = "npm")]
mod surface;
pub(crate) mod tabs;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::portable::constants::UPDATED_SESSION_LIFETIME_MS;
use crate::portable::lifecycle::{self, Change, SessionTokens, Token, TokenStore, Transition};
use crate::portable::stepup;
use crate::portable::storage::Store;
use state::{Cache, StatePlace, Subscribers};
use storage::TokenBackend;

pub(crate) use options::read_options;
pub(crate) use state::Topic;
#[cfg(feature = "npm")]
pub use surface::WasmClient;

pub(crate) struct Inner {
    pub(crate) public_token: String,
    pub(crate) base_url: String,
    pub(crate) timeout_ms: f64,
    pub(crate) keep_session_alive: bool,
    pub(crate) refresh_interval_ms: f64,
    /// `session_duration_minutes` of the last authenticate call, for `keepSessionAlive`.
    pub(crate) last_session_minutes: Option<f64>,
    pub(crate) tokens: Store<TokenBackend>,
    pub(crate) place: StatePlace,
    pub(crate) cache: Cache,
    /// Whether the cached session was confirmed by the server since this page loaded.
    pub(crate) confirmed: bool,
    pub(crate) subscribers: Subscribers,
    /// What the refresh timer calls: the driver's background `session.authenticate`.
    pub(crate) refresh_hook: Option<Function>,
    /// The pending refresh timer's handle.
    pub(crate) refresh: Option<JsValue>,
    pub(crate) refresh_attempt: u32,
    /// How many changes were applied (answers, other tabs' states, tokens the app set), and
    /// that count when the refresh in flight was sent: a refresh answered after a newer change
    /// is stale (`pipeline::finish`).
    pub(crate) changes_applied: u32,
    pub(crate) refresh_basis: u32,
    /// After `destroy`, answers still in flight (a start-up confirmation, a refresh) must not
    /// write tokens another client on the page may own by then.
    pub(crate) destroyed: bool,
}

pub(crate) type Shared = Rc<RefCell<Inner>>;

/// Why a call failed, before it becomes a JS error (`surface`) or a `StytchError` (`typed`).
pub(crate) enum Failure {
    /// Bad arguments, found before any request: the method's Stytch name and what is wrong.
    Usage { method: String, message: String },
    /// A Stytch error body (top-level JSON with `error_type`).
    Api(JsValue),
    /// Network failure, timeout, or a body that is not the JSON the API sends.
    Unreachable(String),
}

pub(crate) fn usage(method: &str, message: &str) -> Failure {
    Failure::Usage { method: method.to_string(), message: message.to_string() }
}

impl Inner {
    /// The step-up check: whether the cached session has `wanted` factor types (any of them,
    /// or `all`) authenticated within the last `minutes`.
    pub(crate) fn authenticated_within(&self, wanted: &[String], minutes: f64, all: bool) -> bool {
        let factors = js::get(&self.cache.session, "authentication_factors");
        // Only an array: `Array.from` throws on undefined (no session), and a JS exception
        // through the wasm would leave the client borrowed for good.
        if !js_sys::Array::is_array(&factors) {
            return false;
        }
        let factors: Vec<stepup::FactorSeen> = js_sys::Array::from(&factors)
            .iter()
            .filter_map(|f| {
                Some(stepup::FactorSeen {
                    factor_type: js::get_str(&f, "type")?,
                    last_authenticated_at_ms: js::parse_time_ms(&js::get_str(&f, "last_authenticated_at")?)?,
                })
            })
            .collect();
        stepup::authenticated_within(&factors, wanted, minutes * 60_000.0, js::now_ms(), all)
    }

    /// `(session_token, session_jwt)` while there is a session.
    pub(crate) fn session_tokens(&mut self) -> Option<(String, String)> {
        Some((self.tokens.get(Token::Session)?, self.tokens.get(Token::Jwt)?))
    }

    /// Stops the background refresh; answers still in flight and other tabs' changes then
    /// change nothing.
    pub(crate) fn destroy(&mut self) {
        self.destroyed = true;
        refresh::cancel(self);
        self.refresh_hook = None;
    }
}

/// Starts a client: with a session token, loads the cached state and confirms the session
/// with the server at once (as Stytch's client does), so one that ended elsewhere is cleared
/// now, not at the first refresh; without one, clears the cached state. `hook` makes the
/// refresh timer's callback from the client, held weakly.
pub(crate) fn start(mut inner: Inner, hook: impl FnOnce(Weak<RefCell<Inner>>) -> Function) -> Shared {
    // Read once: with cookies, each read of the token is a round trip to the cookie store.
    let has_session = inner.tokens.get(Token::Session).is_some();
    if has_session {
        inner.cache = inner.place.load();
    } else {
        // No session token (cookie expired, logged out elsewhere), so no session: the cached
        // member, session and organization are stale whatever they hold, and so is a JWT
        // left without its token. Stytch's client drops both at start; the IST stays.
        inner.tokens.remove(Token::Jwt);
        inner.place.save(&Cache::default());
    }
    Rc::new_cyclic(|weak| {
        inner.refresh_hook = Some(hook(weak.clone()));
        if has_session {
            refresh::schedule(&mut inner, 0.0);
        }
        RefCell::new(inner)
    })
}

/// `session.updateSession` of both surfaces (the JS class's and the typed API's): tokens
/// the app got elsewhere (its backend) stored as the session's, and the IST dropped, as
/// Stytch's `updateTokens`. The cached state stays; the refresh, due now, confirms the session.
/// An empty `jwt` is a token alone (Stytch's `session_jwt` is optional): a JWT held is
/// another session's and is dropped, and the refresh brings this session's.
pub(crate) fn update_session(shared: &Shared, token: String, jwt: String) {
    let mut inner = shared.borrow_mut();
    let expires_at_ms = js::get_str(&inner.cache.session, "expires_at")
        .and_then(|s| js::parse_time_ms(&s))
        .unwrap_or_else(|| js::now_ms() + UPDATED_SESSION_LIFETIME_MS);
    let token_alone = jwt.is_empty();
    let t = Transition { session: Change::Set(SessionTokens { token, jwt, expires_at_ms }), ist: Change::Clear, cache: Change::Keep };
    lifecycle::apply(&t, &mut inner.tokens);
    if token_alone {
        inner.tokens.remove(Token::Jwt);
    }
    inner.changes_applied = inner.changes_applied.wrapping_add(1);
    refresh::schedule(&mut inner, 0.0);
}
