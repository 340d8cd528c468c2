//! Organizations and their members (`/v1/b2b/organizations/...`, and the SDK's members
//! search), served by `ops::organizations` and `ops::member_search`.

use axum::{
    extract::{Path, Query, State},
    Json,
};
use serde_json::Value;
use stytch_b2b_protocol::backend::{MemberGetQuery, MembersCreateRequest, MembersSearchRequest, OrganizationsSearchRequest};
use stytch_b2b_protocol::requests::OrganizationUpdateOptions;

use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::ops::member_search;
use crate::ops::organizations as orgs;
use crate::state::App;

pub async fn get(State(app): State<App>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| orgs::get(w, env, &caller, id))?;
    Ok(caller.respond(out))
}

pub async fn update(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    Payload(req): Payload<OrganizationUpdateOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| crate::ops::members::update_organization_backend(w, env, &caller, id, req))?;
    Ok(caller.respond(out))
}

pub async fn create(State(app): State<App>, caller: Caller, Payload(req): Payload<OrganizationUpdateOptions>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| orgs::create(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn search(State(app): State<App>, caller: Caller, Payload(req): Payload<OrganizationsSearchRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| orgs::search(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn member_get(
    State(app): State<App>,
    caller: Caller,
    Path(organization_id): Path<String>,
    Query(q): Query<MemberGetQuery>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| orgs::member_get(w, env, &caller, organization_id, q))?;
    Ok(caller.respond(out))
}

pub async fn member_create(
    State(app): State<App>,
    caller: Caller,
    Path(organization_id): Path<String>,
    Payload(req): Payload<MembersCreateRequest>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| crate::ops::members::create_backend(w, env, &caller, organization_id, req))?;
    Ok(caller.respond(out))
}

pub async fn members_search(State(app): State<App>, caller: Caller, Payload(req): Payload<MembersSearchRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| member_search::backend_search(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn my_members_search(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<MembersSearchRequest>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| member_search::my_search(w, env, &caller, req))?;
    Ok(caller.respond(out))
}
