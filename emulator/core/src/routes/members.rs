//! The member's own record, an organization's members and the organization itself from a
//! member session (SDK) and from the backend, served by `ops::members`.

use axum::{
    extract::{Path, State},
    Json,
};
use serde_json::Value;
use stytch_b2b_protocol::backend::{MembersCreateRequest, MembersUpdateRequest};
use stytch_b2b_protocol::requests::{
    OrganizationGetBySlugOptions, OrganizationUpdateOptions, SelfStartEmailUpdateOptions, SelfUnlinkRetiredEmailOptions,
};

use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::ops::email_updates;
use crate::ops::members;
use crate::state::App;

/// A handler that runs an operation taking only the caller.
macro_rules! caller_only {
    ($name:ident, $op:path) => {
        pub async fn $name(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
            let out = app.operate(|w, env| $op(w, env, &caller))?;
            Ok(caller.respond(out))
        }
    };
}

/// A handler that runs an operation taking the caller and the path's one id.
macro_rules! one_id {
    ($name:ident, $op:path) => {
        pub async fn $name(State(app): State<App>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<Value>> {
            let out = app.operate(|w, env| $op(w, env, &caller, id))?;
            Ok(caller.respond(out))
        }
    };
}

/// A handler that runs an operation taking the caller and the path's two ids.
macro_rules! two_ids {
    ($name:ident, $op:path) => {
        pub async fn $name(State(app): State<App>, caller: Caller, Path(ids): Path<(String, String)>) -> ApiResult<Json<Value>> {
            let out = app.operate(|w, env| $op(w, env, &caller, ids))?;
            Ok(caller.respond(out))
        }
    };
}

caller_only!(me, members::me);
caller_only!(delete_own_phone, members::delete_own_phone);
caller_only!(delete_own_totp, members::delete_own_totp);
caller_only!(my_organization, members::my_organization);
caller_only!(delete_my_organization, members::delete_my_organization);
one_id!(delete_password, members::delete_password_sdk);
one_id!(delete, members::delete_sdk);
one_id!(reactivate, members::reactivate_sdk);
one_id!(delete_phone, members::delete_phone_sdk);
one_id!(delete_totp, members::delete_totp_sdk);
one_id!(delete_organization_backend, members::delete_organization_backend);
two_ids!(delete_backend, members::delete_backend);
two_ids!(reactivate_backend, members::reactivate_backend);
two_ids!(delete_phone_backend, members::delete_phone_backend);
two_ids!(delete_totp_backend, members::delete_totp_backend);
two_ids!(delete_password_backend, members::delete_password_backend);

pub async fn update_self(State(app): State<App>, caller: Caller, Payload(req): Payload<MembersUpdateRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| members::update_self(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn create(State(app): State<App>, caller: Caller, Payload(req): Payload<MembersCreateRequest>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| members::create_sdk(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn update(
    State(app): State<App>,
    caller: Caller,
    Path(member_id): Path<String>,
    Payload(req): Payload<MembersUpdateRequest>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| members::update_sdk(w, env, &caller, member_id, req))?;
    Ok(caller.respond(out))
}

pub async fn update_backend(
    State(app): State<App>,
    caller: Caller,
    Path(ids): Path<(String, String)>,
    Payload(req): Payload<MembersUpdateRequest>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| members::update_backend(w, env, &caller, ids, req))?;
    Ok(caller.respond(out))
}

pub async fn update_my_organization(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<OrganizationUpdateOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| members::update_my_organization(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn by_slug(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<OrganizationGetBySlugOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| members::by_slug(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

// rest22: email updates and retired emails (`ops::email_updates`).

pub async fn start_own_email_update(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<SelfStartEmailUpdateOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_updates::start_own(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn start_email_update(
    State(app): State<App>,
    caller: Caller,
    Path(member_id): Path<String>,
    Payload(req): Payload<SelfStartEmailUpdateOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_updates::start_sdk(w, env, &caller, member_id, req))?;
    Ok(caller.respond(out))
}

pub async fn start_email_update_backend(
    State(app): State<App>,
    caller: Caller,
    Path(ids): Path<(String, String)>,
    Payload(req): Payload<SelfStartEmailUpdateOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_updates::start_backend(w, env, &caller, ids, req))?;
    Ok(caller.respond(out))
}

pub async fn unlink_own_retired_email(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<SelfUnlinkRetiredEmailOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_updates::unlink_own(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

pub async fn unlink_retired_email(
    State(app): State<App>,
    caller: Caller,
    Path(member_id): Path<String>,
    Payload(req): Payload<SelfUnlinkRetiredEmailOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_updates::unlink_sdk(w, env, &caller, member_id, req))?;
    Ok(caller.respond(out))
}

pub async fn unlink_retired_email_backend(
    State(app): State<App>,
    caller: Caller,
    Path(ids): Path<(String, String)>,
    Payload(req): Payload<SelfUnlinkRetiredEmailOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| email_updates::unlink_backend(w, env, &caller, ids, req))?;
    Ok(caller.respond(out))
}
