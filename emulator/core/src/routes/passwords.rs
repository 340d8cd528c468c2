//! Passwords: `passwords.authenticate`, the resets by email and by existing password, and
//! the strength check, served by `ops::passwords`. A password is hashed or verified between
//! two operations, off the world lock (see `hashing`).

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use std::mem::take;

use stytch_b2b_protocol::backend::PasswordsResetBySessionRequest;
use stytch_b2b_protocol::requests::{
    PasswordAuthenticateOptions, PasswordDiscoveryAuthenticateOptions, PasswordDiscoveryResetByEmailOptions,
    PasswordDiscoveryResetByEmailStartOptions, PasswordResetByEmailOptions, PasswordResetByEmailStartOptions,
    PasswordResetByExistingPasswordOptions, PasswordStrengthCheckOptions,
};

use crate::extract::{Caller, Payload, Sent};
use crate::ops::passwords;
use crate::ops::passwords_discovery;
use crate::state::App;

pub async fn authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(mut req): Payload<Sent<PasswordAuthenticateOptions>>,
) -> ApiResult<Json<Value>> {
    let candidate = app.operate(|w, env| passwords::authenticate_candidate(w, env, &req))?;
    let verified = passwords::verify(app.passwords(), candidate, take(&mut req.options.password)).await;
    let out = app.operate(|w, env| passwords::authenticate(w, env, &caller, req, verified))?;
    Ok(caller.respond(out))
}

pub async fn reset_start(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<PasswordResetByEmailStartOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| passwords::reset_start(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn reset_by_email(
    State(app): State<App>,
    caller: Caller,
    Payload(mut req): Payload<Sent<PasswordResetByEmailOptions>>,
) -> ApiResult<Json<Value>> {
    app.operate(|w, env| passwords::reset_by_email_check(w, env, &req))?;
    let hash = passwords::hash(app.passwords(), take(&mut req.options.password)).await?;
    let out = app.operate(|w, env| passwords::reset_by_email(w, env, &caller, req, hash))?;
    Ok(caller.respond(out))
}

pub async fn reset_by_existing(
    State(app): State<App>,
    caller: Caller,
    Payload(mut req): Payload<PasswordResetByExistingPasswordOptions>,
) -> ApiResult<Json<Value>> {
    let candidate = app.operate(|w, env| passwords::reset_by_existing_candidate(w, env, &req))?;
    let verified = passwords::verify(app.passwords(), candidate, take(&mut req.existing_password)).await;
    let member_id = app.operate(|w, env| passwords::reset_by_existing_verified(w, env, verified))?;
    let hash = passwords::hash(app.passwords(), take(&mut req.new_password)).await?;
    let out = app.operate(|w, env| passwords::reset_by_existing(w, env, &caller, req, member_id, hash))?;
    Ok(caller.respond(out))
}

pub async fn strength_check(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<PasswordStrengthCheckOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| passwords::strength_check(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn reset_by_session(
    State(app): State<App>,
    caller: Caller,
    Payload(mut req): Payload<Sent<PasswordsResetBySessionRequest>>,
) -> ApiResult<Json<Value>> {
    let token = app.operate(|w, env| passwords::reset_by_session_check(w, env, &caller, &req))?;
    let hash = passwords::hash(app.passwords(), take(&mut req.options.password)).await?;
    let out = app.operate(|w, env| passwords::reset_by_session(w, env, &caller, req, token, hash))?;
    Ok(caller.respond(out))
}

pub async fn discovery_authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(mut req): Payload<PasswordDiscoveryAuthenticateOptions>,
) -> ApiResult<Json<Value>> {
    let candidates = app.operate(|w, env| passwords_discovery::authenticate_candidates(w, env, &req))?;
    let verified = passwords_discovery::verify(app.passwords(), candidates, take(&mut req.password)).await;
    let out = app.operate(|w, env| passwords_discovery::authenticate(w, env, &caller, req, verified))?;
    Ok(caller.respond(out))
}

pub async fn discovery_reset_start(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<PasswordDiscoveryResetByEmailStartOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| passwords_discovery::reset_start(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn discovery_reset(
    State(app): State<App>,
    caller: Caller,
    Payload(mut req): Payload<Sent<PasswordDiscoveryResetByEmailOptions>>,
) -> ApiResult<Json<Value>> {
    app.operate(|w, env| passwords_discovery::reset_check(w, env, &req))?;
    let hash = passwords::hash(app.passwords(), take(&mut req.options.password)).await?;
    let out = app.operate(|w, env| passwords_discovery::reset(w, env, &caller, req, hash))?;
    Ok(caller.respond(out))
}
