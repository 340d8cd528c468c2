//! Recovery codes: single-use backup factors issued with a TOTP registration, served by
//! `ops::recovery_codes`.

use axum::{
    extract::{Path, State},
    Json,
};
use serde_json::Value;

use crate::error::ApiResult;
use stytch_b2b_protocol::backend::RecoveryCodesRequest;
use stytch_b2b_protocol::requests::RecoveryCodesRecoverOptions;

use crate::extract::{Caller, Payload, Sent};
use crate::ops::recovery_codes as codes;
use crate::state::App;

pub async fn recover(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<RecoveryCodesRecoverOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| codes::recover(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn get(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| codes::get(w, env, &caller))?;
    Ok(caller.respond(out))
}

pub async fn rotate(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| codes::rotate(w, env, &caller))?;
    Ok(caller.respond(out))
}

pub async fn backend_get(
    State(app): State<App>,
    caller: Caller,
    Path((organization_id, member_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let req = RecoveryCodesRequest { organization_id, member_id };
    let out = app.operate(|w, env| codes::backend_get(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn backend_rotate(State(app): State<App>, caller: Caller, Payload(req): Payload<RecoveryCodesRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| codes::backend_rotate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
