//! Email magic links: `magicLinks.email.loginOrSignup` and `magicLinks.authenticate`, served
//! by `ops::magic_links`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::ops::magic_links::{self, AuthenticateRequest, LoginOrSignupRequest};
use crate::state::App;

pub async fn login_or_signup(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<LoginOrSignupRequest>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| magic_links::login_or_signup(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn authenticate(State(app): State<App>, caller: Caller, Payload(req): Payload<AuthenticateRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| magic_links::authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn invite(State(app): State<App>, caller: Caller, Payload(req): Payload<magic_links::InviteRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| magic_links::invite(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
