//! TOTP as an MFA factor: `totp.create` and `totp.authenticate`, served by `ops::totp`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::mfa::CodeStep;
use crate::ops::totp::{self, CreateRequest};
use crate::state::App;

pub async fn create(State(app): State<App>, caller: Caller, Payload(req): Payload<CreateRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| totp::create(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn authenticate(State(app): State<App>, caller: Caller, Payload(req): Payload<CodeStep>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| totp::authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
