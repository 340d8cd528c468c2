//! `discovery.intermediateSessions.exchange`, served by `ops::discovery`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::ops::discovery::{self, ExchangeRequest};
use crate::state::App;

pub async fn exchange(State(app): State<App>, caller: Caller, Payload(req): Payload<ExchangeRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| discovery::exchange(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
