//! Member sessions: `sessions.authenticate`, `sessions.revoke` and on the backend API
//! `sessions.get`, served by `ops::sessions`.

use axum::{
    extract::{Path, Query, State},
    Json,
};
use serde_json::Value;

use crate::error::ApiResult;
use stytch_b2b_protocol::backend::{SessionsGetQuery, SessionsRevokeRequest};
use stytch_b2b_protocol::requests::{
    SessionAttestOptions, SessionAuthenticateOptions, SessionExchangeAccessTokenOptions, SessionExchangeOptions,
};

use crate::extract::{Caller, Payload, Sent};
use crate::ops::sessions;
use crate::state::App;

/// The refreshed session's JWT is signed after the world lock is released (`App::operate_then_sign`).
pub async fn authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<SessionAuthenticateOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate_then_sign(|w, env| sessions::authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn revoke(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| sessions::revoke(w, env, &caller))?;
    Ok(caller.respond(out))
}

pub async fn backend_revoke(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<SessionsRevokeRequest>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| sessions::backend_revoke(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn get(State(app): State<App>, caller: Caller, Query(q): Query<SessionsGetQuery>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| sessions::get(w, env, &caller, q))?;
    Ok(caller.respond(out))
}

pub async fn exchange(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<SessionExchangeOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| sessions::exchange(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn revoke_for_member(State(app): State<App>, caller: Caller, Path(member_id): Path<String>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| sessions::revoke_for_member(w, env, &caller, member_id))?;
    Ok(caller.respond(out))
}

pub async fn exchange_access_token(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<SessionExchangeAccessTokenOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| sessions::exchange_access_token(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn attest(State(app): State<App>, caller: Caller, Payload(req): Payload<Sent<SessionAttestOptions>>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| sessions::attest(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
