//! dfp24 (#24): DFP Protected Auth and captcha on the SDK API: the one middleware that checks
//! the protected calls (`dfp::PROTECTED_SDK_PATHS`) before any handler runs, so a refused call
//! changes nothing.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde_json::Value;

use crate::dfp::{Decision, CAPTCHA_REQUIRED, PROTECTED_SDK_PATHS};
use crate::guard::Verbatim;
use crate::routes::SDK_PREFIX;
use crate::state::App;

/// Whether a request's path is one of [`PROTECTED_SDK_PATHS`] on the SDK API.
pub fn is_protected(path: &str) -> bool {
    path.strip_prefix(SDK_PREFIX).is_some_and(|rest| PROTECTED_SDK_PATHS.contains(&rest))
}

/// Checks every protected SDK call while DFP Protected Auth or captcha is on: reads the
/// `dfp_telemetry_id` and `captcha_token` the client added to the body, lets the request go on,
/// answers [`CAPTCHA_REQUIRED`] or refuses it, and marks the answer with what was decided
/// (`record_requests` logs it). A request the check stops never reaches its handler.
pub async fn enforce(State(app): State<App>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST || !is_protected(req.uri().path()) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    // `guard::read_body` has already read and bounded the body; this only takes it over.
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let sent: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    // A value that is not a string (or an empty one) counts as none sent.
    let field = |name: &str| sent.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
    let (telemetry_id, captcha_token) = (field("dfp_telemetry_id"), field("captcha_token"));
    let checked = app.operate(|w, env| crate::ops::protected_auth::check(w, env, telemetry_id.as_deref(), captcha_token.as_deref()));
    let request = Request::from_parts(parts, Body::from(bytes));
    let Some((decision, record)) = checked else { return next.run(request).await };
    let mut resp = match decision {
        Decision::Proceed => next.run(request).await,
        Decision::CaptchaRequired => captcha_required(),
        Decision::Refuse(e) => e.into_response(),
    };
    resp.extensions_mut().insert(record);
    resp
}

/// `403 Captcha required` as plain text: what makes Stytch's client retry once with a
/// telemetry id and a captcha token. Marked verbatim, so `guard::json_errors` keeps it.
fn captcha_required() -> Response {
    let mut resp = (StatusCode::FORBIDDEN, CAPTCHA_REQUIRED).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    resp.extensions_mut().insert(Verbatim);
    resp
}
