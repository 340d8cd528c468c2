//! Discovery login: `magicLinks.email.discovery.send`, `magicLinks.discovery.authenticate`,
//! `discovery.organizations.list` / `.create` and `discovery.intermediateSessions.exchange`,
//! served by `ops::discovery`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use stytch_b2b_protocol::requests::{
    DiscoveryOrganizationsCreateOptions, DiscoveryOrganizationsListOptions, IntermediateSessionsExchangeOptions,
    MagicLinksDiscoveryAuthenticateOptions, MagicLinksDiscoverySendOptions,
};

use crate::extract::{Caller, Payload, Sent};
use crate::ops::discovery;
use crate::state::App;

pub async fn exchange(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<IntermediateSessionsExchangeOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| discovery::exchange(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn send(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<MagicLinksDiscoverySendOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| discovery::send(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<MagicLinksDiscoveryAuthenticateOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| discovery::authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn list(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<DiscoveryOrganizationsListOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| discovery::list(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn create(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<DiscoveryOrganizationsCreateOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| discovery::create(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
