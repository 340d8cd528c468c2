//! dfp24 (#24): the stand-ins for the scripts a DFP- or captcha-protected page loads (Stytch's
//! telemetry script, Google's reCAPTCHA Enterprise script) and the calls their functions make,
//! at the emulator's root where a client's `dfpCdnUrl` / `dfppaUrl` point; and Stytch's Fraud
//! API lookup on the backend API. Served by `ops::protected_auth`.

use axum::{extract::State, response::IntoResponse, Json};
use serde_json::Value;
use stytch_b2b_protocol::fraud::{CaptchaExecute, CaptchaExecuted, FingerprintLookupRequest, TelemetrySubmit, TelemetrySubmitted};

use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::ops::protected_auth as ops;
use crate::state::App;

/// Where the stand-ins are served: `GET {base}/telemetry.js` (a client's DFP CDN URL),
/// `POST {base}/submit` (its DFP backend URL plus `/submit`), `GET
/// {base}/recaptcha/enterprise.js?render=KEY` and the token call beside it.
pub const TELEMETRY_SCRIPT: &str = "/telemetry.js";
pub const TELEMETRY_SUBMIT: &str = "/submit";
pub const RECAPTCHA_SCRIPT: &str = "/recaptcha/enterprise.js";
pub const RECAPTCHA_EXECUTE: &str = "/recaptcha/enterprise/execute";

/// `GET /telemetry.js`: defines `window.GetTelemetryID(publicToken, submitUrl)`.
pub async fn telemetry_script() -> impl IntoResponse {
    super::stand_in_script(include_str!("../../../stand-ins/telemetry.js"))
}

/// `GET /recaptcha/enterprise.js`: defines `window.grecaptcha.enterprise`.
pub async fn recaptcha_script() -> impl IntoResponse {
    super::stand_in_script(include_str!("../../../stand-ins/recaptcha-enterprise.js"))
}

/// `POST /submit`: a telemetry id carrying its device's verdict.
pub async fn submit(State(app): State<App>, Payload(req): Payload<TelemetrySubmit>) -> ApiResult<Json<TelemetrySubmitted>> {
    Ok(Json(app.operate(|w, env| ops::submit(w, env, req))?))
}

/// `POST /recaptcha/enterprise/execute`: a single-use captcha token.
pub async fn execute(State(app): State<App>, Payload(req): Payload<CaptchaExecute>) -> ApiResult<Json<CaptchaExecuted>> {
    Ok(Json(app.operate(|w, env| ops::execute(w, env, req))?))
}

/// `POST /v1/fingerprint/lookup` (Stytch's Fraud API, `fraud.fingerprint.lookup`).
pub async fn lookup(State(app): State<App>, caller: Caller, Payload(req): Payload<FingerprintLookupRequest>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| ops::lookup(w, env, req))?))
}
