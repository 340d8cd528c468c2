//! Discovery login: `magicLinks.email.discovery.send`, `magicLinks.discovery.authenticate`,
//! `discovery.organizations.list` / `.create` and `discovery.intermediateSessions.exchange`,
//! served by `ops::discovery`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::ops::discovery::{self, AuthenticateRequest, CreateRequest, ExchangeRequest, ListRequest, SendRequest};
use crate::state::App;

pub async fn exchange(State(app): State<App>, caller: Caller, Payload(req): Payload<ExchangeRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| discovery::exchange(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn send(State(app): State<App>, caller: Caller, Payload(req): Payload<SendRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| discovery::send(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn authenticate(State(app): State<App>, caller: Caller, Payload(req): Payload<AuthenticateRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| discovery::authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn list(State(app): State<App>, caller: Caller, Payload(req): Payload<ListRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| discovery::list(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn create(State(app): State<App>, caller: Caller, Payload(req): Payload<CreateRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| discovery::create(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
