//! Email magic links: `magicLinks.email.loginOrSignup` and `magicLinks.authenticate`, served
//! by `ops::magic_links`.

use axum::{extract::State, Json};
use serde_json::Value;

use crate::error::ApiResult;
use stytch_b2b_protocol::backend::MagicLinksInviteRequest;
use stytch_b2b_protocol::requests::{MagicLinksAuthenticateOptions, MagicLinksLoginOrSignupOptions};

use crate::extract::{Caller, Payload, Sent};
use crate::ops::magic_links;
use crate::state::App;

pub async fn login_or_signup(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<MagicLinksLoginOrSignupOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| magic_links::login_or_signup(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<MagicLinksAuthenticateOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| magic_links::authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn invite(State(app): State<App>, caller: Caller, Payload(req): Payload<MagicLinksInviteRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| magic_links::invite(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
