//! `POST /v1/users` and `GET /v1/users/{user_id}`.

use axum::{
    extract::{Path, State},
    Json,
};
use serde_json::Value;

use crate::error::ApiResult;
use stytch_b2b_protocol::consumer::UserCreateRequest;

use crate::extract::{ConsumerCaller, Payload};
use crate::ops::consumer::users;
use crate::state::App;

pub async fn create(State(app): State<App>, caller: ConsumerCaller, Payload(req): Payload<UserCreateRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate_consumer(|w, env| users::create(w, env, req))?;
    Ok(caller.respond(out))
}

pub async fn get(State(app): State<App>, caller: ConsumerCaller, Path(user_id): Path<String>) -> ApiResult<Json<Value>> {
    let out = app.operate_consumer(|w, env| users::get(w, env, user_id))?;
    Ok(caller.respond(out))
}
