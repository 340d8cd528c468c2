//! `POST /v1/passwords` and `POST /v1/passwords/authenticate`, served by
//! `ops::consumer::passwords`. A password is hashed or verified between two operations, off
//! the world lock (see `hashing`).

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use std::mem::take;

use stytch_b2b_protocol::consumer::{PasswordAuthenticateRequest, PasswordCreateRequest};

use crate::extract::{ConsumerCaller, Payload, Sent};
use crate::ops::consumer::passwords;
use crate::state::App;

pub async fn create(
    State(app): State<App>,
    caller: ConsumerCaller,
    Payload(mut req): Payload<PasswordCreateRequest>,
) -> ApiResult<Json<Value>> {
    app.operate_consumer(|w, env| passwords::create_check(w, env, &req))?;
    let hash = passwords::hash(app.passwords(), take(&mut req.password)).await?;
    let out = app.operate_consumer_then_sign(|w, env| passwords::create(w, env, req, hash))?;
    Ok(caller.respond(out))
}

pub async fn authenticate(
    State(app): State<App>,
    caller: ConsumerCaller,
    Payload(mut req): Payload<Sent<PasswordAuthenticateRequest>>,
) -> ApiResult<Json<Value>> {
    let candidate = app.operate_consumer(|w, env| passwords::authenticate_candidate(w, env, &req))?;
    let verified = passwords::verify(app.passwords(), candidate, take(&mut req.options.password)).await;
    let out = app.operate_consumer_then_sign(|w, env| passwords::authenticate(w, env, req, verified))?;
    Ok(caller.respond(out))
}
