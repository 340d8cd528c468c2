//! The browser side: the `WasmClient` the npm package wraps as `StytchB2BHeadlessClient`.
//! Every API method goes through one `call(method, params)`, driven by the core's method
//! table; the JS facade gives it Stytch's nested names (`client.otps.sms.send`).

mod http;
mod js;
mod state;
mod storage;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::future_to_promise;

use crate::core::constants::{state_key, DEFAULT_REQUEST_TIMEOUT_MS, REFRESH_INTERVAL_MS, SDK_PATH_PREFIX};
use crate::core::lifecycle::{self, Change, SessionField, Token, TokenStore, Transition};
use crate::core::methods::{self, Effect, Http, IstUse};
use crate::core::storage::{Names, Store};
use crate::core::validate::{validate, Field};
use crate::core::{config, refresh, stepup};
use state::{Cache, StatePlace, Subscribers, Topic};
use storage::{Cookies, Place, TokenBackend};

const IST_KEY: &str = "intermediate_session_token";
const FORCE_CLEAR: &str = "forceClear";
const BAD_TOKEN_STORAGE: &str =
    "tokenStorage must be 'cookies', 'localStorage', 'sessionStorage', 'memory' or an object with getItem, setItem and removeItem.";

struct Inner {
    public_token: String,
    base_url: String,
    timeout_ms: f64,
    keep_session_alive: bool,
    refresh_interval_ms: f64,
    /// `session_duration_minutes` of the last authenticate call, for `keepSessionAlive`.
    last_session_minutes: Option<f64>,
    tokens: Store<TokenBackend>,
    place: StatePlace,
    cache: Cache,
    /// Whether the cached session was confirmed by the server since this page loaded.
    confirmed: bool,
    subscribers: Subscribers,
    /// The pending refresh timer's handle, and the one callback every refresh timer uses.
    refresh: Option<JsValue>,
    refresh_callback: Option<Closure<dyn FnMut()>>,
    refresh_attempt: u32,
    storage_listener: Option<Closure<dyn FnMut(web_sys::StorageEvent)>>,
    /// After `destroy`, answers still in flight (a start-up confirmation, a refresh) must not
    /// write tokens another client on the page may own by then.
    destroyed: bool,
}

type Shared = Rc<RefCell<Inner>>;

#[wasm_bindgen]
pub struct WasmClient(Shared);

fn usage(method: &str, message: &str) -> JsValue {
    js::usage(method, message)
}

/// Options as in Stytch's client, plus `tokenStorage` and `requestTimeoutMs`.
fn read_options(public_token: &str, options: &JsValue) -> Result<Inner, JsValue> {
    const CTOR: &str = "StytchB2BHeadlessClient";
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        return Err(usage(CTOR, "options must be an object."));
    }
    let opt_str = |obj: &JsValue, key: &str| -> Result<Option<String>, JsValue> {
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
    let endpoints = if endpoints.is_object() {
        Some((opt_str(&endpoints, "testAPIURL")?.unwrap_or_default(), opt_str(&endpoints, "liveAPIURL")?.unwrap_or_default()))
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
            let place = Place::Custom(storage.clone());
            (Some(TokenBackend::Place(place.clone())), Some(place))
        }
        None if storage.is_undefined() || storage.is_null() => cookie_mode(&cookie_opts, &mut place_or_warn),
        Some("cookies") => cookie_mode(&cookie_opts, &mut place_or_warn),
        // Tokens and the cached state share the one Storage.
        Some("localStorage") => {
            let p = place_or_warn(Place::local());
            (p.clone().map(TokenBackend::Place), p)
        }
        Some("sessionStorage") => {
            let p = place_or_warn(Place::session());
            (p.clone().map(TokenBackend::Place), p)
        }
        Some("memory") => (None, None),
        _ => {
            return Err(usage(CTOR, BAD_TOKEN_STORAGE))
        }
    };
    if let Some(why) = warnings.first() {
        js::warn_memory_fallback("browser storage is unavailable", why, "tokens");
    }
    let tokens = Store::new(
        backend,
        names,
        Box::new(js::now_ms),
        Box::new(|why: &str| js::warn_memory_fallback("token storage failed", why, "tokens")),
    );
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
        refresh: None,
        refresh_callback: None,
        refresh_attempt: 0,
        storage_listener: None,
        destroyed: false,
    })
}

/// Cookies hold the tokens; the cached state goes to localStorage, as Stytch's client does.
fn cookie_mode(cookie_opts: &JsValue, place_or_warn: &mut impl FnMut(Result<Place, String>) -> Option<Place>) -> (Option<TokenBackend>, Option<Place>) {
    let cookies = Cookies::new(
        js::get_str(cookie_opts, "path"),
        js::get_str(cookie_opts, "domain"),
        js::get(cookie_opts, "availableToSubdomains").as_bool().unwrap_or(false),
    );
    (Some(TokenBackend::Cookies(cookies)), place_or_warn(Place::local()))
}

#[wasm_bindgen]
impl WasmClient {
    /// Throws `StytchSDKUsageError` for a bad public token or options.
    #[wasm_bindgen(constructor)]
    pub fn new(public_token: JsValue, options: JsValue) -> Result<WasmClient, JsValue> {
        let token = public_token.as_string().unwrap_or_default();
        config::check_public_token(&token).map_err(|e| usage("StytchB2BHeadlessClient", &e.0))?;
        let mut inner = read_options(&token, &options)?;
        inner.cache = inner.place.load();
        // A cached session without its token (cookie expired, logged out elsewhere) is stale.
        if inner.cache.session.is_object() && inner.tokens.get(Token::Session).is_none() {
            inner.cache = Cache::default();
            inner.place.save(&inner.cache);
        }
        let shared = Rc::new(RefCell::new(inner));
        let weak = Rc::downgrade(&shared);
        shared.borrow_mut().refresh_callback = Some(Closure::<dyn FnMut()>::new(move || {
            if let Some(shared) = weak.upgrade() {
                shared.borrow_mut().refresh = None;
                wasm_bindgen_futures::spawn_local(refresh_session(shared));
            }
        }));
        listen_to_other_tabs(&shared);
        // A stored session is confirmed with the server at once (as Stytch's client does),
        // so one that ended elsewhere is cleared now, not at the first refresh.
        let has_session = shared.borrow_mut().tokens.get(Token::Session).is_some();
        if has_session {
            schedule_refresh(&shared, 0.0);
        }
        Ok(WasmClient(shared))
    }

    /// Calls an API method by its Stytch name (e.g. `otps.sms.send`). Always a Promise.
    pub fn call(&self, method: String, params: JsValue) -> Promise {
        let shared = self.0.clone();
        future_to_promise(async move { call(&shared, &method, params).await })
    }

    /// The API base the client calls (without `/sdk/v1`), for the OAuth and SSO redirects.
    #[wasm_bindgen(js_name = apiBase)]
    pub fn api_base(&self) -> String {
        self.0.borrow().base_url.clone()
    }

    #[wasm_bindgen(js_name = sessionSync)]
    pub fn session_sync(&self) -> JsValue {
        self.0.borrow().cache.session.clone()
    }

    #[wasm_bindgen(js_name = memberSync)]
    pub fn member_sync(&self) -> JsValue {
        self.0.borrow().cache.member.clone()
    }

    #[wasm_bindgen(js_name = organizationSync)]
    pub fn organization_sync(&self) -> JsValue {
        self.0.borrow().cache.organization.clone()
    }

    /// `{session, fromCache}`: `fromCache` until the server confirms the session.
    #[wasm_bindgen(js_name = sessionInfo)]
    pub fn session_info(&self) -> JsValue {
        let inner = self.0.borrow();
        let o = js::object();
        js::set(&o, "session", &inner.cache.session);
        // True only while a cached session awaits the server's answer, as in Stytch's client.
        js::set(&o, "fromCache", &JsValue::from(inner.cache.session.is_object() && !inner.confirmed));
        o
    }

    /// `{session_token, session_jwt}`, or null without a session.
    pub fn tokens(&self) -> JsValue {
        let mut inner = self.0.borrow_mut();
        match (inner.tokens.get(Token::Session), inner.tokens.get(Token::Jwt)) {
            (Some(t), Some(j)) => {
                let o = js::object();
                js::set(&o, "session_token", &JsValue::from_str(&t));
                js::set(&o, "session_jwt", &JsValue::from_str(&j));
                o
            }
            _ => JsValue::NULL,
        }
    }

    /// Subscribes to 0 state, 1 session, 2 member, 3 organization; returns the unsubscribe function.
    pub fn subscribe(&self, topic: u8, callback: JsValue) -> Result<JsValue, JsValue> {
        let f: Function = callback.dyn_into().map_err(|_| usage("onChange", "callback must be a function."))?;
        let topic = Topic::from_u8(topic).ok_or_else(|| usage("onChange", "unknown topic."))?;
        let id = self.0.borrow_mut().subscribers.add(topic, f);
        let weak = Rc::downgrade(&self.0);
        Ok(Closure::once_into_js(move || {
            if let Some(shared) = weak.upgrade() {
                shared.borrow_mut().subscribers.remove(id);
            }
        }))
    }

    /// The step-up check: `{factor_types, within_minutes, require?: 'any' | 'all'}` → boolean.
    #[wasm_bindgen(js_name = authenticatedWithin)]
    pub fn authenticated_within(&self, params: JsValue) -> Result<bool, JsValue> {
        const NAME: &str = "session.authenticatedWithin";
        let types = js::get(&params, "factor_types");
        let wanted: Vec<String> = if let Some(s) = types.as_string() {
            vec![s]
        } else if js_sys::Array::is_array(&types) {
            js_sys::Array::from(&types).iter().filter_map(|v| v.as_string()).collect()
        } else {
            return Err(usage(NAME, "factor_types must be a factor type or an array of them."));
        };
        let minutes = match js::field(&params, "within_minutes") {
            Field::Num(n) if n > 0.0 && n.is_finite() => n,
            _ => return Err(usage(NAME, "within_minutes must be a positive number.")),
        };
        let all = match js::get_str(&params, "require").as_deref() {
            None | Some("any") => false,
            Some("all") => true,
            Some(_) => return Err(usage(NAME, "require must be 'any' or 'all'.")),
        };
        let inner = self.0.borrow();
        let factors: Vec<stepup::FactorSeen> = js_sys::Array::from(&js::get(&inner.cache.session, "authentication_factors"))
            .iter()
            .filter_map(|f| {
                Some(stepup::FactorSeen {
                    factor_type: js::get_str(&f, "type")?,
                    last_authenticated_at_ms: js::parse_time_ms(&js::get_str(&f, "last_authenticated_at")?)?,
                })
            })
            .collect();
        Ok(stepup::authenticated_within(&factors, &wanted, minutes * 60_000.0, js::now_ms(), all))
    }

    /// Bytes of wasm linear memory (for the benchmark's leak check; it only ever grows).
    #[wasm_bindgen(js_name = memoryBytes)]
    pub fn memory_bytes(&self) -> f64 {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64
    }

    /// Stops the background refresh and cross-tab listener (for tests and teardown).
    pub fn destroy(&self) {
        let mut inner = self.0.borrow_mut();
        inner.destroyed = true;
        cancel_refresh(&mut inner);
        inner.refresh_callback = None;
        if let (Some(l), Some(w)) = (inner.storage_listener.take(), js::window()) {
            let _ = w.remove_event_listener_with_callback("storage", l.as_ref().unchecked_ref());
        }
    }
}

/// The error classes, so the package entry exports the very classes the client throws.
#[wasm_bindgen(js_name = errorClasses)]
pub fn error_classes() -> JsValue {
    js::error_classes()
}

async fn call(shared: &Shared, name: &str, params: JsValue) -> Result<JsValue, JsValue> {
    let method = methods::find(name).ok_or_else(|| usage(name, "is not a method of this client."))?;
    let params = if params.is_undefined() || params.is_null() {
        if !method.params_optional() {
            return Err(usage(name, "expects an object of parameters."));
        }
        js::object()
    } else if !params.is_object() || js_sys::Array::is_array(&params) {
        return Err(usage(name, "expects an object of parameters."));
    } else {
        params
    };
    validate(method.params, |k| js::field(&params, k)).map_err(|e| usage(name, &e.0))?;
    let force_clear = method.effect == Effect::Revoke && js::get(&params, FORCE_CLEAR).as_bool() == Some(true);

    let (url, authorization, body, sent_session, timeout_ms) = {
        let mut inner = shared.borrow_mut();
        let session = inner.tokens.get(Token::Session);
        let ist = inner.tokens.get(Token::Ist);
        let body = match method.http {
            Http::Get => None,
            Http::Post => {
                let b = js::body_from(&params);
                if method.effect == Effect::Revoke {
                    let _ = js_sys::Reflect::delete_property(b.unchecked_ref::<js_sys::Object>(), &JsValue::from_str(FORCE_CLEAR));
                }
                let caller_ist = js::get(&b, IST_KEY);
                if let Some(stored) = &ist {
                    if method.ist == IstUse::StoredWins || (method.ist == IstUse::CallerWins && caller_ist.is_undefined()) {
                        js::set(&b, IST_KEY, &JsValue::from_str(stored));
                    }
                }
                js::stringify(&b)
            }
        };
        if let Field::Num(n) = js::field(&params, "session_duration_minutes") {
            inner.last_session_minutes = Some(n);
        }
        let mut url = inner.base_url.clone();
        url.push_str(SDK_PATH_PREFIX);
        url.push_str(method.path);
        let authorization = crate::core::auth::authorization(&inner.public_token, session.as_deref());
        (url, authorization, body, session.is_some(), inner.timeout_ms)
    };

    match http::send(method.http, &url, &authorization, body, timeout_ms).await {
        Ok(data) => {
            let session = js::get(&data, "member_session");
            let session_field = if session.is_object() {
                SessionField::Object {
                    id_ok: js::get_str(&session, "member_session_id").is_some_and(|id| !id.is_empty()),
                    expires_at_ms: js::get_str(&session, "expires_at").and_then(|s| js::parse_time_ms(&s)),
                }
            } else if session.is_undefined() || session.is_null() {
                SessionField::Absent
            } else {
                SessionField::Other
            };
            let outcome = lifecycle::read_outcome(
                method.effect,
                session_field,
                js::get_str(&data, "session_token"),
                js::get_str(&data, "session_jwt"),
                js::get_str(&data, IST_KEY),
            )
            // A body that is not the documented shape changes nothing.
            .map_err(|e| js::unreachable(e.0))?;
            let t = lifecycle::on_success(method.effect, outcome, js::now_ms());
            update(shared, &t, Some(&data));
            Ok(data)
        }
        Err(http::Failure::Api(body)) => {
            let error_type = js::get_str(&body, "error_type").unwrap_or_default();
            // A revoke clears on any server answer (forceClear or not); see `on_api_error`.
            let t = lifecycle::on_api_error(method, &error_type, sent_session);
            update(shared, &t, None);
            Err(js::api_error(&body))
        }
        Err(http::Failure::Unreachable(msg)) => {
            if force_clear {
                update(shared, &Transition::CLEAR_ALL, None);
            }
            Err(js::unreachable(&msg))
        }
    }
}

/// Applies a transition: tokens, cache, storage, refresh timer, then subscribers.
fn update(shared: &Shared, t: &Transition, data: Option<&JsValue>) {
    if !t.changes_anything() || shared.borrow().destroyed {
        return;
    }
    let due = {
        let mut guard = shared.borrow_mut();
        let inner = &mut *guard; // split borrows: the cache is saved into the place
        let before = inner.cache.snapshot();
        lifecycle::apply(t, &mut inner.tokens);
        match (&t.cache, data) {
            (Change::Set(()), Some(d)) => {
                inner.cache = Cache {
                    member: js::get(d, "member"),
                    organization: js::get(d, "organization"),
                    session: js::get(d, "member_session"),
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
        let due = inner.subscribers.due(&before, &inner.cache);
        let has_session = inner.tokens.get(Token::Session).is_some();
        match (&t.session, has_session) {
            (Change::Set(_), true) => {
                inner.refresh_attempt = 0;
                let interval = inner.refresh_interval_ms;
                drop(guard);
                schedule_refresh(shared, interval);
            }
            (_, false) => cancel_refresh(inner),
            _ => {}
        }
        due
    };
    notify(due);
}

fn notify(due: Vec<(Function, JsValue)>) {
    for (f, arg) in due {
        // A subscriber that throws must not break the client or the other subscribers.
        if f.call1(&JsValue::NULL, &arg).is_err() {
            js::warn("stytch: a change subscriber threw an error.");
        }
    }
}

/// Refreshes on the usual interval while there is a session; stops when there is none.
fn refresh_while_session(shared: &Shared) {
    let (has_session, interval) = {
        let mut inner = shared.borrow_mut();
        (inner.tokens.get(Token::Session).is_some(), inner.refresh_interval_ms)
    };
    if has_session {
        schedule_refresh(shared, interval);
    } else {
        cancel_refresh(&mut shared.borrow_mut());
    }
}

fn cancel_refresh(inner: &mut Inner) {
    if let Some(handle) = inner.refresh.take() {
        js::clear_timeout(&handle);
    }
}

fn schedule_refresh(shared: &Shared, delay_ms: f64) {
    let mut inner = shared.borrow_mut();
    cancel_refresh(&mut inner);
    let handle = inner.refresh_callback.as_ref().and_then(|c| js::set_timeout(c.as_ref().unchecked_ref(), delay_ms));
    inner.refresh = handle;
}

/// One background refresh: success reschedules (in `update`); an unrecoverable error has
/// cleared the session (in `update`); anything else retries with capped backoff.
async fn refresh_session(shared: Shared) {
    let params = js::object();
    {
        let inner = shared.borrow();
        if let (true, Some(m)) = (inner.keep_session_alive, inner.last_session_minutes) {
            js::set(&params, "session_duration_minutes", &JsValue::from_f64(m));
        }
    }
    if call(&shared, "session.authenticate", params).await.is_ok() {
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
    schedule_refresh(&shared, refresh::backoff_ms(attempt, jitter));
}

/// Another tab changed the cached state: take it over and tell subscribers.
fn listen_to_other_tabs(shared: &Shared) {
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
        refresh_while_session(&shared);
        notify(due);
    });
    if window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref()).is_ok() {
        shared.borrow_mut().storage_listener = Some(listener);
    }
}

// A small free-list allocator instead of dlmalloc: about 7 KB less wasm. The client is
// single-threaded (no wasm threads), which is what makes `AssumeSingleThreaded` sound.
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: this wasm module never runs on more than one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
