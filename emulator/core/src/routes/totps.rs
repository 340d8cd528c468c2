//! TOTP as an MFA factor: `totp.create` and `totp.authenticate`, served by `ops::totp`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use stytch_b2b_protocol::requests::{TotpAuthenticateOptions, TotpCreateOptions};

use crate::extract::{Caller, Payload, Sent};
use crate::ops::totp;
use crate::state::App;

pub async fn create(State(app): State<App>, caller: Caller, Payload(req): Payload<Sent<TotpCreateOptions>>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| totp::create(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<TotpAuthenticateOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| totp::authenticate(w, env, &caller, req.into()))?;
    Ok(caller.respond(out))
}
