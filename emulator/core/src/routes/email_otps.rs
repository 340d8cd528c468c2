//! Email one-time passcodes (#22 flows): `otps.email.loginOrSignup` / `authenticate` and
//! their discovery pair, served by `ops::email_otps`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use stytch_b2b_protocol::requests::{
    EmailOtpAuthenticateOptions, EmailOtpDiscoveryAuthenticateOptions, EmailOtpDiscoverySendOptions, EmailOtpLoginOrSignupOptions,
};

use crate::extract::{Caller, Payload, Sent};
use crate::ops::email_otps;
use crate::state::App;

pub async fn login_or_signup(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<EmailOtpLoginOrSignupOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_otps::login_or_signup(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<EmailOtpAuthenticateOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_otps::authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn discovery_send(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<EmailOtpDiscoverySendOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_otps::discovery_send(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn discovery_authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<EmailOtpDiscoveryAuthenticateOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_otps::discovery_authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
