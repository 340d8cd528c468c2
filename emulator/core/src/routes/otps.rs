//! SMS one-time passcodes as an MFA factor: `otps.sms.send` and `otps.sms.authenticate`,
//! served by `ops::otps`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::mfa::CodeStep;
use crate::ops::otps::{self, SendRequest};
use crate::state::App;

pub async fn sms_send(State(app): State<App>, caller: Caller, Payload(req): Payload<SendRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| otps::sms_send(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn sms_authenticate(State(app): State<App>, caller: Caller, Payload(req): Payload<CodeStep>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| otps::sms_authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
