//! `POST /v1/otps/sms/send` and `POST /v1/otps/authenticate`, served by `ops::consumer::otps`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use crate::extract::{ConsumerCaller, Payload};
use crate::ops::consumer::otps::{self, AuthenticateRequest, SendRequest};
use crate::state::App;

pub async fn sms_send(State(app): State<App>, caller: ConsumerCaller, Payload(req): Payload<SendRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate_consumer(|w, env| otps::sms_send(w, env, req))?;
    Ok(caller.respond(out))
}

pub async fn authenticate(
    State(app): State<App>,
    caller: ConsumerCaller,
    Payload(req): Payload<AuthenticateRequest>,
) -> ApiResult<Json<Value>> {
    let out = app.operate_consumer_then_sign(|w, env| otps::authenticate(w, env, req))?;
    Ok(caller.respond(out))
}
