//! Project-level endpoints: SDK bootstrap, telemetry, and each project's JWKS for its session
//! JWTs, served by `ops::project`.

use axum::{
    extract::{Path, State},
    Json,
};
use serde_json::{json, Value};

use crate::error::ApiResult;
use crate::extract::{answer, Surface};
use crate::ops::project;
use crate::state::App;

pub async fn bootstrap(State(app): State<App>, Path(public_token): Path<String>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| project::bootstrap(w, env, public_token))?;
    Ok(answer(Surface::Sdk, out))
}

/// Telemetry batches are accepted and discarded.
pub async fn events() -> Json<Value> {
    answer(Surface::Sdk, json!({}))
}

/// `GET /v1/b2b/sessions/jwks/{project_id}`: the B2B project's session-signing key.
pub async fn b2b_jwks(State(app): State<App>, Path(project_id): Path<String>) -> ApiResult<Json<Value>> {
    app.operate(|w, env| project::check_b2b_project(w, env, &project_id))?;
    Ok(answer(Surface::Backend, project::jwks(&app.keys())))
}

/// `GET /v1/sessions/jwks/{project_id}`: the consumer project's key.
pub async fn consumer_jwks(State(app): State<App>, Path(project_id): Path<String>) -> ApiResult<Json<Value>> {
    app.operate(|w, env| project::check_consumer_project(w, env, &project_id))?;
    Ok(answer(Surface::Backend, project::jwks(&app.consumer_keys())))
}
