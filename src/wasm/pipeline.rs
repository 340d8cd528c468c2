//! The request pipeline: every API method, whichever surface called it.

use wasm_bindgen::{prelude::*, JsCast};

use super::{changes, http, js, usage, Failure, Shared};
use crate::portable::constants::SDK_PATH_PREFIX;
use crate::portable::lifecycle::{self, SessionField, Token, TokenStore, Transition};
use crate::portable::methods::{self, Effect, Http, IstUse};
use crate::portable::validate::{validate, Field};

const IST_KEY: &str = "intermediate_session_token";
const FORCE_CLEAR: &str = "forceClear";

/// One API call by its Stytch name: checks the parameters (a usage error before any
/// request), adds the stored IST and session, sends, and carries out what the answer means
/// for the stored tokens.
pub(crate) async fn call(shared: &Shared, name: &str, params: JsValue) -> Result<JsValue, Failure> {
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
        let authorization = crate::portable::auth::authorization(&inner.public_token, session.as_deref());
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
            .map_err(|e| Failure::Unreachable(e.0.to_string()))?;
            let t = lifecycle::on_success(method.effect, outcome, js::now_ms());
            changes::update(shared, &t, Some(&data));
            Ok(data)
        }
        Err(Failure::Api(body)) => {
            let error_type = js::get_str(&body, "error_type").unwrap_or_default();
            // A revoke clears on any server answer (forceClear or not); see `on_api_error`.
            let t = lifecycle::on_api_error(method, &error_type, sent_session);
            changes::update(shared, &t, None);
            Err(Failure::Api(body))
        }
        // Unreachable (`send` makes no usage failures).
        Err(failure) => {
            if force_clear {
                changes::update(shared, &Transition::CLEAR_ALL, None);
            }
            Err(failure)
        }
    }
}
