//! Google One Tap (onetap24, issue #24), served by `ops::one_tap`: the SDK API's start and
//! submits, and at the emulator's root the local stand-in for Google Identity Services
//! (`/gsi/client`, the script a page loads in place of Google's; `/gsi/credential`, what its
//! prompt calls; `/gsi/certs`, the local Google key).

use axum::{extract::State, response::IntoResponse, Json};
use serde_json::Value;
use stytch_b2b_protocol::one_tap::{GsiCredential, GsiCredentialRequest, OneTapDiscoverySubmitOptions, OneTapSubmitOptions};

use crate::error::ApiResult;
use crate::extract::{Caller, Payload, Sent};
use crate::google;
use crate::ops::one_tap;
use crate::state::App;

pub async fn start(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| one_tap::start(w, env, &caller))?;
    Ok(caller.respond(out))
}

pub async fn submit(State(app): State<App>, caller: Caller, Payload(req): Payload<Sent<OneTapSubmitOptions>>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| one_tap::submit(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn discovery_submit(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<OneTapDiscoverySubmitOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| one_tap::discovery_submit(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

/// The stand-in's paths, at the emulator's root as Google's are at its host's (rows of `table`).
pub const GSI_CLIENT: &str = "/gsi/client";
pub const GSI_CREDENTIAL: &str = "/gsi/credential";
pub const GSI_CERTS: &str = "/gsi/certs";

/// The script, with the project's name for its prompt's title. Revalidated on each use
/// (`no-cache`): the name can change.
pub async fn client(State(app): State<App>) -> ApiResult<impl IntoResponse> {
    let script = app.operate(one_tap::client_script)?;
    Ok(super::stand_in_script(script))
}

pub async fn credential(State(app): State<App>, Payload(req): Payload<GsiCredentialRequest>) -> ApiResult<Json<GsiCredential>> {
    Ok(Json(app.operate(|w, env| one_tap::credential(w, env, req))?))
}

pub async fn certs() -> Json<Value> {
    Json(google::jwks())
}
