//! OAuth and SSO with the emulator as the identity provider, served by `ops::idp`: the start
//! URLs answer the provider's consent page, the consent redirects back to the app with a
//! single-use token, and `oauth.authenticate` / `sso.authenticate` exchange it.

use axum::{
    extract::{Path, Query, State},
    http::{header, StatusCode},
    response::{Html, IntoResponse, Response},
    Json,
};
use serde_json::Value;

use crate::error::ApiResult;
use stytch_b2b_protocol::requests::{OAuthAuthenticateOptions, OAuthDiscoveryAuthenticateOptions, SsoAuthenticateOptions};

use crate::extract::{Caller, Payload, Sent};
use crate::ops::idp::{self, ConsentQuery, StartQuery};
use crate::state::App;

pub async fn oauth_start(State(app): State<App>, Path(provider): Path<String>, Query(q): Query<StartQuery>) -> ApiResult<Html<String>> {
    let page = app.operate(|w, env| idp::oauth_start(w, env, provider, q))?;
    Ok(Html(page))
}

pub async fn sso_start(State(app): State<App>, Query(q): Query<StartQuery>) -> ApiResult<Html<String>> {
    let page = app.operate(|w, env| idp::sso_start(w, env, q))?;
    Ok(Html(page))
}

/// The consent page's form: a redirect back to the app.
pub async fn consent(State(app): State<App>, Query(q): Query<ConsentQuery>) -> ApiResult<Response> {
    let location = app.operate(|w, env| idp::consent(w, env, q))?;
    Ok((StatusCode::FOUND, [(header::LOCATION, location)], "").into_response())
}

pub async fn oauth_authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<OAuthAuthenticateOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| idp::oauth_authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn sso_authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<Sent<SsoAuthenticateOptions>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| idp::sso_authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn oauth_discovery_start(
    State(app): State<App>,
    Path(provider): Path<String>,
    Query(q): Query<StartQuery>,
) -> ApiResult<Html<String>> {
    let page = app.operate(|w, env| idp::oauth_discovery_start(w, env, provider, q))?;
    Ok(Html(page))
}

pub async fn oauth_discovery_authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<OAuthDiscoveryAuthenticateOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| idp::oauth_discovery_authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
