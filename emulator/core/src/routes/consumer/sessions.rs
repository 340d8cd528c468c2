//! `GET /v1/sessions`, `POST /v1/sessions/authenticate` and `.../revoke`, served by
//! `ops::consumer::sessions`.

use axum::{
    extract::{Query, State},
    Json,
};
use serde_json::Value;

use crate::error::ApiResult;
use stytch_b2b_protocol::consumer::{SessionAuthenticateRequest, SessionRevokeRequest, SessionsGetQuery};

use crate::extract::{ConsumerCaller, Payload, Sent};
use crate::ops::consumer::sessions;
use crate::state::App;

/// Answers the session with a fresh JWT, signed after the world lock is released.
pub async fn authenticate(
    State(app): State<App>,
    caller: ConsumerCaller,
    Payload(req): Payload<Sent<SessionAuthenticateRequest>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate_consumer_then_sign(|w, env| sessions::authenticate(w, env, req))?;
    Ok(caller.respond(out))
}

pub async fn revoke(
    State(app): State<App>,
    caller: ConsumerCaller,
    Payload(req): Payload<Sent<SessionRevokeRequest>>,
) -> ApiResult<Json<Value>> {
    let out = app.operate_consumer(|w, env| sessions::revoke(w, env, req))?;
    Ok(caller.respond(out))
}

pub async fn get(State(app): State<App>, caller: ConsumerCaller, Query(q): Query<SessionsGetQuery>) -> ApiResult<Json<Value>> {
    let out = app.operate_consumer(|w, env| sessions::get(w, env, q))?;
    Ok(caller.respond(out))
}
