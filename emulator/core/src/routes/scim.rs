//! SCIM (scim24): connection management on the SDK API (the session's organization) and the
//! backend API (the path's), served by `ops::scim`; the SCIM 2.0 service an identity
//! provider calls with the connection's bearer token, served by `ops::scim_service`; and
//! `impersonation.authenticate`, served by `ops::impersonation`.

use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::Value;
use stytch_b2b_protocol::scim::{
    ImpersonationAuthenticateOptions, ScimCreateConnectionOptions, ScimGetConnectionGroupsOptions, ScimRotateOptions,
    ScimUpdateConnectionOptions,
};

use crate::env::Env;
use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::model::World;
use crate::ops::members::Scope;
use crate::ops::scim::{self, Rotation};
use crate::ops::scim_service::{self as service, Access, Answer, ListQuery};
use crate::state::App;

/// The emulator's origin as the caller reached it (`http://` and its `Host`), for the base
/// URL a connection answers; a Host that is no plain host name is not echoed.
fn origin(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let plain = !host.is_empty() && host.len() <= 255 && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    format!("http://{}", if plain { host } else { "localhost" })
}

/// Who acts: the SDK session's member in its organization, or the backend in the path's.
fn scope(w: &World, env: &Env, caller: &Caller, organization_id: Option<String>) -> ApiResult<Scope> {
    match organization_id {
        None => Scope::of_session(w, env, caller),
        Some(id) => Scope::of_backend(w, env, caller, id),
    }
}

pub async fn create(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    Payload(req): Payload<ScimCreateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    create_in(app, caller, headers, None, req).await
}

pub async fn create_backend(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    Path(organization_id): Path<String>,
    Payload(req): Payload<ScimCreateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    create_in(app, caller, headers, Some(organization_id), req).await
}

async fn create_in(
    app: App,
    caller: Caller,
    headers: HeaderMap,
    org: Option<String>,
    req: ScimCreateConnectionOptions,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| scim::create(w, env, scope(w, env, &caller, org)?, &origin(&headers), req))?;
    Ok(caller.respond(out))
}

pub async fn get(State(app): State<App>, caller: Caller, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| scim::get(w, env, scope(w, env, &caller, None)?, &origin(&headers)))?;
    Ok(caller.respond(out))
}

pub async fn get_backend(State(app): State<App>, caller: Caller, headers: HeaderMap, Path(org): Path<String>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| scim::get(w, env, scope(w, env, &caller, Some(org))?, &origin(&headers)))?;
    Ok(caller.respond(out))
}

pub async fn update(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    Path(connection_id): Path<String>,
    Payload(req): Payload<ScimUpdateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    // The path names the connection; Stytch's client also sends it in the body.
    let req = ScimUpdateConnectionOptions { connection_id, ..req };
    let out = app.operate(|w, env| scim::update(w, env, scope(w, env, &caller, None)?, &origin(&headers), req))?;
    Ok(caller.respond(out))
}

pub async fn update_backend(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    Path((org, connection_id)): Path<(String, String)>,
    Payload(req): Payload<ScimUpdateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    let req = ScimUpdateConnectionOptions { connection_id, ..req };
    let out = app.operate(|w, env| scim::update(w, env, scope(w, env, &caller, Some(org))?, &origin(&headers), req))?;
    Ok(caller.respond(out))
}

pub async fn delete(State(app): State<App>, caller: Caller, Path(connection_id): Path<String>) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| scim::delete(w, env, scope(w, env, &caller, None)?, connection_id))?;
    Ok(caller.respond(out))
}

pub async fn delete_backend(
    State(app): State<App>,
    caller: Caller,
    Path((org, connection_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| scim::delete(w, env, scope(w, env, &caller, Some(org))?, connection_id))?;
    Ok(caller.respond(out))
}

pub async fn groups(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<ScimGetConnectionGroupsOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| scim::groups(w, env, scope(w, env, &caller, None)?, None, req))?;
    Ok(caller.respond(out))
}

pub async fn groups_backend(
    State(app): State<App>,
    caller: Caller,
    Path((org, connection_id)): Path<(String, String)>,
    Query(req): Query<ScimGetConnectionGroupsOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| scim::groups(w, env, scope(w, env, &caller, Some(org))?, Some(connection_id), req))?;
    Ok(caller.respond(out))
}

/// The SDK's rotation calls name the connection in the body.
async fn rotate_sdk(app: App, caller: Caller, headers: HeaderMap, req: ScimRotateOptions, step: Rotation) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| scim::rotate(w, env, scope(w, env, &caller, None)?, &origin(&headers), req.connection_id, step))?;
    Ok(caller.respond(out))
}

/// The backend's name it in the path.
async fn rotate_backend(
    app: App,
    caller: Caller,
    headers: HeaderMap,
    (org, id): (String, String),
    step: Rotation,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| scim::rotate(w, env, scope(w, env, &caller, Some(org))?, &origin(&headers), id, step))?;
    Ok(caller.respond(out))
}

macro_rules! rotation {
    ($sdk:ident, $backend:ident, $step:expr) => {
        pub async fn $sdk(
            State(app): State<App>,
            caller: Caller,
            headers: HeaderMap,
            Payload(req): Payload<ScimRotateOptions>,
        ) -> ApiResult<Json<Value>> {
            rotate_sdk(app, caller, headers, req, $step).await
        }

        pub async fn $backend(
            State(app): State<App>,
            caller: Caller,
            headers: HeaderMap,
            Path(ids): Path<(String, String)>,
        ) -> ApiResult<Json<Value>> {
            rotate_backend(app, caller, headers, ids, $step).await
        }
    };
}

rotation!(rotate_start, rotate_start_backend, Rotation::Start);
rotation!(rotate_complete, rotate_complete_backend, Rotation::Complete);
rotation!(rotate_cancel, rotate_cancel_backend, Rotation::Cancel);

/// `impersonation.authenticate` on either API.
pub async fn impersonation_authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<ImpersonationAuthenticateOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| crate::ops::impersonation::authenticate(w, env, &caller, req))?;
    Ok(caller.respond(out))
}

// The SCIM 2.0 service.

/// A request's connection, bearer token (`Authorization: Bearer ...`) and origin.
fn access(connection_id: String, headers: &HeaderMap) -> Access {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let bearer = authorization.get(..7).filter(|s| s.eq_ignore_ascii_case("bearer ")).map(|_| authorization[7..].trim().to_string());
    Access { connection_id, bearer, origin: origin(headers) }
}

/// A SCIM answer: its status, `application/scim+json`.
fn scim_response((status, body): Answer) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let content_type = [(header::CONTENT_TYPE, HeaderValue::from_static(crate::scim::CONTENT_TYPE))];
    match body {
        Some(v) => (status, content_type, v.to_string()).into_response(),
        None => status.into_response(),
    }
}

pub async fn create_user(
    State(app): State<App>,
    headers: HeaderMap,
    Path(c): Path<String>,
    Payload(body): Payload<Value>,
) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::create_user(w, env, access(c, &headers), body))?))
}

pub async fn list_users(
    State(app): State<App>,
    headers: HeaderMap,
    Path(c): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::list_users(w, env, access(c, &headers), q))?))
}

pub async fn get_user(State(app): State<App>, headers: HeaderMap, Path((c, id)): Path<(String, String)>) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::get_user(w, env, access(c, &headers), id))?))
}

pub async fn replace_user(
    State(app): State<App>,
    headers: HeaderMap,
    Path((c, id)): Path<(String, String)>,
    Payload(body): Payload<Value>,
) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::replace_user(w, env, access(c, &headers), id, body))?))
}

pub async fn patch_user(
    State(app): State<App>,
    headers: HeaderMap,
    Path((c, id)): Path<(String, String)>,
    Payload(body): Payload<Value>,
) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::patch_user(w, env, access(c, &headers), id, body))?))
}

pub async fn delete_user(State(app): State<App>, headers: HeaderMap, Path((c, id)): Path<(String, String)>) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::delete_user(w, env, access(c, &headers), id))?))
}

pub async fn create_group(
    State(app): State<App>,
    headers: HeaderMap,
    Path(c): Path<String>,
    Payload(body): Payload<Value>,
) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::create_group(w, env, access(c, &headers), body))?))
}

pub async fn list_groups(
    State(app): State<App>,
    headers: HeaderMap,
    Path(c): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::list_groups(w, env, access(c, &headers), q))?))
}

pub async fn get_group(State(app): State<App>, headers: HeaderMap, Path((c, id)): Path<(String, String)>) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::get_group(w, env, access(c, &headers), id))?))
}

pub async fn replace_group(
    State(app): State<App>,
    headers: HeaderMap,
    Path((c, id)): Path<(String, String)>,
    Payload(body): Payload<Value>,
) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::replace_group(w, env, access(c, &headers), id, body))?))
}

pub async fn patch_group(
    State(app): State<App>,
    headers: HeaderMap,
    Path((c, id)): Path<(String, String)>,
    Payload(body): Payload<Value>,
) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::patch_group(w, env, access(c, &headers), id, body))?))
}

pub async fn delete_group(State(app): State<App>, headers: HeaderMap, Path((c, id)): Path<(String, String)>) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::delete_group(w, env, access(c, &headers), id))?))
}

pub async fn service_provider_config(State(app): State<App>, headers: HeaderMap, Path(c): Path<String>) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| service::service_provider_config(w, env, access(c, &headers)))?))
}

// oauth24: the SCIM service's discovery endpoints (RFC 7644 §4), `ops::scim_discovery`.

pub async fn resource_types(State(app): State<App>, headers: HeaderMap, Path(c): Path<String>) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| crate::ops::scim_discovery::resource_types(w, env, access(c, &headers), None))?))
}

pub async fn resource_type(State(app): State<App>, headers: HeaderMap, Path((c, id)): Path<(String, String)>) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| crate::ops::scim_discovery::resource_types(w, env, access(c, &headers), Some(id)))?))
}

pub async fn schemas(State(app): State<App>, headers: HeaderMap, Path(c): Path<String>) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| crate::ops::scim_discovery::schemas(w, env, access(c, &headers), None))?))
}

pub async fn schema(State(app): State<App>, headers: HeaderMap, Path((c, id)): Path<(String, String)>) -> ApiResult<Response> {
    Ok(scim_response(app.operate(|w, env| crate::ops::scim_discovery::schemas(w, env, access(c, &headers), Some(id)))?))
}
