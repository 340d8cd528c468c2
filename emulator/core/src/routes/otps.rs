//! SMS one-time passcodes as an MFA factor: `otps.sms.send` and `otps.sms.authenticate`,
//! served by `ops::otps`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use stytch_b2b_protocol::requests::{SmsAuthenticateOptions, SmsSendOptions};

use crate::extract::{Caller, Payload, Sent};
use crate::ops::otps;
use crate::state::App;

pub async fn sms_send(State(app): State<App>, caller: Caller, Payload(req): Payload<Sent<SmsSendOptions>>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| otps::sms_send(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn sms_authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<SmsAuthenticateOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| otps::sms_authenticate(w, env, &caller, req.into()))?;
    Ok(caller.respond(out))
}
