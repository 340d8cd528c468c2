//! The constructor's options, as in Stytch's client plus `tokenStorage` and
//! `requestTimeoutMs`, read and checked before anything is stored.

use wasm_bindgen::prelude::*;

use super::state::{Cache, StatePlace, Subscribers};
use super::storage::{Cookies, Place, TokenBackend};
use super::{js, usage, Failure, Inner};
use crate::portable::config;
use crate::portable::constants::{state_key, DEFAULT_REQUEST_TIMEOUT_MS, LIVE_API_URL, REFRESH_INTERVAL_MS, TEST_API_URL};
use crate::portable::storage::{Names, Store};
use crate::portable::validate::Field;

const BAD_TOKEN_STORAGE: &str =
    "tokenStorage must be 'cookies', 'localStorage', 'sessionStorage', 'memory' or an object with getItem, setItem and removeItem.";

/// Options as in Stytch's client, plus `tokenStorage` and `requestTimeoutMs`.
pub(crate) fn read_options(public_token: &str, options: &JsValue) -> Result<Inner, Failure> {
    const CTOR: &str = "StytchB2BHeadlessClient";
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        return Err(usage(CTOR, "options must be an object."));
    }
    let opt_str = |obj: &JsValue, key: &str| -> Result<Option<String>, Failure> {
        match js::field(obj, key) {
            Field::Absent => Ok(None),
            Field::Str(s) => Ok(Some(s)),
            _ => {
                let mut m = String::from(key);
                m.push_str(" must be a string.");
                Err(usage(CTOR, &m))
            }
        }
    };
    let endpoints = js::get(options, "endpoints");
    // An entry left undefined (`process.env.X` unset) is Stytch's default for that kind, as in
    // Stytch's client (`endpoints?.testAPIURL ?? TEST_API_URL`).
    let endpoints = if endpoints.is_object() {
        let entry = |key: &str, default: &str| opt_str(&endpoints, key).map(|v| v.unwrap_or_else(|| default.into()));
        Some((entry("testAPIURL", TEST_API_URL)?, entry("liveAPIURL", LIVE_API_URL)?))
    } else {
        None
    };
    // Stytch's `endpointOptions.{apiDomain, testApiDomain}` name the API's host by token
    // kind; `customBaseUrl` wins over them, as a full base does.
    let endpoint_options = js::get(options, "endpointOptions");
    let domain_key = if config::is_test_token(public_token) { "testApiDomain" } else { "apiDomain" };
    let api_domain = if endpoint_options.is_object() { opt_str(&endpoint_options, domain_key)? } else { None };
    let custom = opt_str(options, "customBaseUrl")?.or(api_domain);
    let base_url = config::base_url(public_token, custom.as_deref(), endpoints.as_ref().map(|(t, l)| (t.as_str(), l.as_str())))
        .map_err(|e| usage(CTOR, &e.0))?;

    let timeout_ms = match js::field(options, "requestTimeoutMs") {
        Field::Absent => DEFAULT_REQUEST_TIMEOUT_MS,
        Field::Num(n) if n > 0.0 && n.is_finite() => n,
        _ => return Err(usage(CTOR, "requestTimeoutMs must be a positive number.")),
    };
    let refresh_interval_ms = match js::field(options, "sessionRefreshIntervalMs") {
        Field::Absent => REFRESH_INTERVAL_MS,
        Field::Num(n) if (1000.0..=86_400_000.0).contains(&n) => n,
        _ => return Err(usage(CTOR, "sessionRefreshIntervalMs must be a number of milliseconds from 1000 to 86400000.")),
    };
    let keep_session_alive = match js::field(options, "keepSessionAlive") {
        Field::Absent => false,
        Field::Bool(b) => b,
        _ => return Err(usage(CTOR, "keepSessionAlive must be a boolean.")),
    };

    let cookie_opts = js::get(options, "cookieOptions");
    let mut names = Names::default();
    if let Some(n) = opt_str(&cookie_opts, "opaqueTokenCookieName")? {
        names.session = n;
    }
    if let Some(n) = opt_str(&cookie_opts, "jwtCookieName")? {
        names.jwt = n;
    }
    if let Some(n) = opt_str(&cookie_opts, "istCookieName")? {
        names.ist = n;
    }

    let mut warnings = Vec::new();
    let mut place_or_warn = |p: Result<Place, String>| p.map_err(|why| warnings.push(why)).ok();
    let storage = js::get(options, "tokenStorage");
    let (backend, place) = match storage.as_string().as_deref() {
        None if storage.is_object() => {
            for f in ["getItem", "setItem", "removeItem"] {
                if !js::get(&storage, f).is_function() {
                    return Err(usage(CTOR, BAD_TOKEN_STORAGE));
                }
            }
            let place = Place(storage.clone());
            (Some(TokenBackend::Place(place.clone())), Some(place))
        }
        None if storage.is_undefined() || storage.is_null() => cookie_mode(&cookie_opts, &mut place_or_warn),
        Some("cookies") => cookie_mode(&cookie_opts, &mut place_or_warn),
        // Tokens and the cached state share the one Storage.
        Some("localStorage") => {
            let p = place_or_warn(Place::web("localStorage"));
            (p.clone().map(TokenBackend::Place), p)
        }
        Some("sessionStorage") => {
            let p = place_or_warn(Place::web("sessionStorage"));
            (p.clone().map(TokenBackend::Place), p)
        }
        Some("memory") => (None, None),
        _ => return Err(usage(CTOR, BAD_TOKEN_STORAGE)),
    };
    if let Some(why) = warnings.first() {
        js::warn_memory_fallback("browser storage is unavailable", why, "tokens");
    }
    let tokens = Store::new(backend, names);
    Ok(Inner {
        public_token: public_token.to_string(),
        base_url,
        timeout_ms,
        keep_session_alive,
        refresh_interval_ms,
        last_session_minutes: None,
        tokens,
        place: StatePlace { place, key: state_key(public_token) },
        cache: Cache::default(),
        confirmed: false,
        subscribers: Subscribers::default(),
        refresh_hook: None,
        refresh: None,
        refresh_attempt: 0,
        changes_applied: 0,
        refresh_basis: 0,
        destroyed: false,
    })
}

/// Cookies hold the tokens; the cached state goes to localStorage, as Stytch's client does.
fn cookie_mode(
    cookie_opts: &JsValue,
    place_or_warn: &mut impl FnMut(Result<Place, String>) -> Option<Place>,
) -> (Option<TokenBackend>, Option<Place>) {
    let cookies = Cookies::new(
        js::get_str(cookie_opts, "path"),
        js::get_str(cookie_opts, "domain"),
        js::get(cookie_opts, "availableToSubdomains").as_bool().unwrap_or(false),
    );
    (Some(TokenBackend::Cookies(cookies)), place_or_warn(Place::web("localStorage")))
}
