//! SSO connections (`sso.getConnections`, `sso.discoverConnections`), served by `ops::sso`.

use axum::{
    extract::{Path, Query, State},
    Json,
};
use serde_json::Value;

use crate::error::ApiResult;
use crate::extract::Caller;
use crate::ops::sso;
use crate::state::App;

pub async fn get(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| sso::get(w, env, &caller))?;
    Ok(caller.respond(out))
}

pub async fn backend_get(State(app): State<App>, caller: Caller, Path(organization_id): Path<String>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| sso::backend_get(w, env, &caller, organization_id))?;
    Ok(caller.respond(out))
}

pub async fn discover(State(app): State<App>, caller: Caller, Query(q): Query<sso::DiscoverQuery>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| sso::discover(w, env, &caller, q))?;
    Ok(caller.respond(out))
}
