//! The request pipeline: every API method, whichever surface called it. Sans-IO: `begin`
//! checks a call and describes its request, a driver sends it, `finish` reads the answer and
//! stores what it means. The drivers: `js/driver.js` for the npm package (whose wasm then has
//! no futures at all), `typed::driver` for the typed API.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{prelude::*, JsCast};

use super::{changes, js, refresh, usage, Failure, Shared};
use crate::portable::constants::SDK_PATH_PREFIX;
use crate::portable::ffi::slot;
use crate::portable::lifecycle::{self, SessionField, Token, TokenStore, Transition};
use crate::portable::methods::{Effect, IstUse, METHODS};
use crate::portable::storage::push_decimal;
use crate::portable::validate::{validate, Field};

const IST_KEY: &str = "intermediate_session_token";
const FORCE_CLEAR: &str = "forceClear";
const MEMBER_ID: &str = "member_id";
/// The background refresh's route (`session.authenticate`).
const SESSION_AUTHENTICATE: &str = "/b2b/sessions/authenticate";
/// `Http`'s variants as fetch names them.
const HTTP_METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];

/// What `finish` must know of the request it answers, carried by the driver as one number:
/// the method's index in the method table and three flags.
#[derive(Clone, Copy)]
pub(crate) struct Ticket(pub u32);

const SENT_SESSION: u32 = 1 << 8;
const FORCE: u32 = 1 << 9;
const BACKGROUND: u32 = 1 << 10;
/// A `DestroyIfSelf` call names the cached member.
const SELF: u32 = 1 << 11;

impl Ticket {
    fn has(self, flag: u32) -> bool {
        self.0 & flag != 0
    }
}

/// One call's request, as the drivers send it: an array by `portable::ffi::slot`, `[url,
/// method, authorization, body, timeoutMs, ticket]` (`js/driver.js`'s `send` reads the first five).
///
/// `index` is the method's in the method table (`name` is for messages only: empty from the
/// npm surface, whose driver adds the name to its errors); a background call is the session
/// refresh, whatever `index` says.
pub(crate) fn begin(shared: &Shared, index: usize, name: &str, params: JsValue, background: bool) -> Result<Array, Failure> {
    let index = if background { METHODS.iter().position(|m| m.path() == SESSION_AUTHENTICATE).unwrap_or(index) } else { index };
    let method = METHODS.get(index).ok_or_else(|| usage(name, "is not a method of this client."))?;
    let mut inner = shared.borrow_mut();
    let params = if background {
        // The background refresh keeps the session's length with `keepSessionAlive`.
        let p = js::object();
        if let (true, Some(m)) = (inner.keep_session_alive, inner.last_session_minutes) {
            js::set(&p, "session_duration_minutes", &JsValue::from_f64(m));
        }
        p
    } else if params.is_undefined() || params.is_null() {
        if !method.params_optional() {
            return Err(usage(name, "expects an object of parameters."));
        }
        js::object()
    } else if !params.is_object() || Array::is_array(&params) {
        return Err(usage(name, "expects an object of parameters."));
    } else {
        params
    };
    validate(method.params(), |k| js::field(&params, k)).map_err(|e| usage(name, &e.0))?;

    let mut ticket = index as u32;
    if background {
        ticket |= BACKGROUND;
        inner.refresh_basis = inner.changes_applied;
    }
    if method.effect == Effect::DestroyIfSelf && js::get_str(&params, MEMBER_ID) == js::get_str(&inner.cache.member, MEMBER_ID) {
        ticket |= SELF;
    }
    // The path's `{name}` (an `Id`, checked above) and a GET's query are filled in by the
    // driver's `send`, from this body: a few lines of JS for both surfaces.
    let mut url = inner.base_url.clone();
    url.push_str(SDK_PATH_PREFIX);
    url.push_str(method.path());
    let body: JsValue = Object::assign(&Object::new(), params.unchecked_ref()).into();
    if method.effect == Effect::Revoke {
        if js::get(&body, FORCE_CLEAR).as_bool() == Some(true) {
            ticket |= FORCE;
        }
        let _ = Reflect::delete_property(body.unchecked_ref::<Object>(), &JsValue::from_str(FORCE_CLEAR));
    }
    if let Some(stored) = inner.tokens.get(Token::Ist).filter(|_| method.has_body()) {
        let caller_ist = js::get(&body, IST_KEY);
        if method.ist == IstUse::StoredWins || (method.ist == IstUse::CallerWins && (caller_ist.is_undefined() || caller_ist.is_null())) {
            js::set(&body, IST_KEY, &JsValue::from_str(&stored));
        }
    }
    if let Field::Num(n) = js::field(&params, "session_duration_minutes") {
        inner.last_session_minutes = Some(n);
    }
    let session = inner.tokens.get(Token::Session);
    if session.is_some() {
        ticket |= SENT_SESSION;
    }
    let authorization = crate::portable::auth::authorization(&inner.public_token, session.as_deref());
    let request = Array::new();
    request.set(slot::URL, url.into());
    request.set(slot::METHOD, JsValue::from_str(HTTP_METHODS[method.http as usize]));
    request.set(slot::AUTHORIZATION, authorization.into());
    request.set(slot::BODY, body);
    request.set(slot::TIMEOUT_MS, JsValue::from_f64(inner.timeout_ms));
    request.set(slot::TICKET, JsValue::from_f64(f64::from(ticket)));
    Ok(request)
}

/// The answer to a request `begin` described: `status` is the HTTP status (-1: timed out, 0:
/// the network failed) and `body` the parsed JSON body, if any. Returns the `data` object.
pub(crate) fn finish(shared: &Shared, ticket: Ticket, status: f64, body: &JsValue) -> Result<JsValue, Failure> {
    let method = METHODS.get((ticket.0 & 0xff) as usize).ok_or_else(|| usage("finish", "got an unknown ticket."))?;
    // A refresh sent before a change that was applied while it was in flight (a login's
    // answer, another tab's state) speaks of an older state: whatever it says (even that the
    // old session is gone), the newer change stands, and so does the timer it set.
    let stale = ticket.has(BACKGROUND) && {
        let inner = shared.borrow();
        inner.changes_applied != inner.refresh_basis
    };
    if stale {
        return read_answer(shared, status, body);
    }
    let answer = read_answer(shared, status, body);
    let effect = match method.effect {
        Effect::DestroyIfSelf if ticket.has(SELF) => Effect::Destroy,
        // Another member's answer leaves the cached member alone.
        Effect::MemberIfSelf if !answer.as_ref().is_ok_and(|data| is_cached_member(shared, data)) => Effect::None,
        effect => effect,
    };
    let transition = match &answer {
        Ok(data) => match read_outcome(effect, data) {
            Ok(outcome) => lifecycle::on_success(effect, outcome, js::now_ms()),
            // A body that is not the documented shape changes nothing.
            Err(failure) => return after(shared, ticket, Err(failure)),
        },
        Err(Failure::Api(body)) => {
            let error_type = js::get_str(body, "error_type").unwrap_or_default();
            // A revoke clears on any server answer (forceClear or not); see `on_api_error`.
            lifecycle::on_api_error(method, &error_type, ticket.has(SENT_SESSION))
        }
        // Unreachable: only a revoke with forceClear ends the local session anyway.
        Err(_) if ticket.has(FORCE) => Transition::CLEAR_ALL,
        Err(_) => Transition::KEEP,
    };
    changes::update(shared, &transition, answer.as_ref().ok());
    after(shared, ticket, answer)
}

/// A background refresh that failed retries with backoff.
fn after(shared: &Shared, ticket: Ticket, answer: Result<JsValue, Failure>) -> Result<JsValue, Failure> {
    if answer.is_err() && ticket.has(BACKGROUND) {
        refresh::after_failure(&mut shared.borrow_mut());
    }
    answer
}

/// Whether an answer's `member_id` is the cached member's.
fn is_cached_member(shared: &Shared, data: &JsValue) -> bool {
    let cached = js::get_str(&shared.borrow().cache.member, MEMBER_ID);
    cached.is_some() && js::get_str(data, MEMBER_ID) == cached
}

/// Sorts an answer into data, a Stytch API error, or "unreachable".
fn read_answer(shared: &Shared, status: f64, body: &JsValue) -> Result<JsValue, Failure> {
    if status < 0.0 {
        let mut m = String::from("The request timed out after ");
        push_decimal(&mut m, shared.borrow().timeout_ms as u64);
        m.push_str(" ms.");
        return Err(Failure::Unreachable(m));
    }
    if status == 0.0 {
        return Err(Failure::Unreachable("The Stytch API could not be reached (network error).".into()));
    }
    if body.is_object() {
        if (200.0..300.0).contains(&status) {
            let data = js::get(body, "data");
            return if data.is_object() { Ok(data) } else { Err(Failure::Unreachable("The API answered without a data object.".into())) };
        }
        if js::get_str(body, "error_type").is_some() {
            if js::get(body, "status_code").is_undefined() {
                js::set(body, "status_code", &JsValue::from_f64(status));
            }
            return Err(Failure::Api(body.clone()));
        }
    }
    let mut m = String::from("The API answered HTTP ");
    push_decimal(&mut m, status as u64);
    m.push_str(" with a body that is not Stytch's JSON.");
    Err(Failure::Unreachable(m))
}

/// What a success body carried, as far as the token lifecycle cares.
fn read_outcome(effect: Effect, data: &JsValue) -> Result<lifecycle::Outcome, Failure> {
    let session = js::get(data, "member_session");
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
    lifecycle::read_outcome(
        effect,
        session_field,
        js::get_str(data, "session_token"),
        js::get_str(data, "session_jwt"),
        js::get_str(data, IST_KEY),
    )
    .map_err(|e| Failure::Unreachable(e.0.to_string()))
}
