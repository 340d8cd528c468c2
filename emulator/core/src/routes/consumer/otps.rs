//! `POST /v1/otps/sms/send` and `POST /v1/otps/authenticate`, served by `ops::consumer::otps`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use stytch_b2b_protocol::consumer::{OtpAuthenticateRequest, SmsSendRequest};

use crate::extract::{ConsumerCaller, Payload, Sent};
use crate::ops::consumer::otps;
use crate::state::App;

pub async fn sms_send(
    State(app): State<App>,
    caller: ConsumerCaller,
    Payload(req): Payload<Sent<SmsSendRequest>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate_consumer(|w, env| otps::sms_send(w, env, req))?;
    Ok(caller.respond(out))
}

pub async fn authenticate(
    State(app): State<App>,
    caller: ConsumerCaller,
    Payload(req): Payload<Sent<OtpAuthenticateRequest>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate_consumer_then_sign(|w, env| otps::authenticate(w, env, req))?;
    Ok(caller.respond(out))
}
