//! Email one-time passcodes (#22 flows): `otps.email.loginOrSignup` / `authenticate` and
//! their discovery pair, served by `ops::email_otps`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::ops::email_otps::{self, AuthenticateRequest, DiscoveryAuthenticateRequest, DiscoverySendRequest, LoginOrSignupRequest};
use crate::state::App;

pub async fn login_or_signup(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<LoginOrSignupRequest>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_otps::login_or_signup(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn authenticate(State(app): State<App>, caller: Caller, Payload(req): Payload<AuthenticateRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_otps::authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn discovery_send(State(app): State<App>, caller: Caller, Payload(req): Payload<DiscoverySendRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_otps::discovery_send(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn discovery_authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<DiscoveryAuthenticateRequest>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_otps::discovery_authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
