//! SSO connections (`sso.getConnections`, `sso.discoverConnections`), served by `ops::sso`,
//! and their management (`ops::sso_connections`).

use std::collections::HashMap;

use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::Value;
use stytch_b2b_protocol::sso_connections as sc;

use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::ops::sso;
use crate::ops::sso_connections::{self as ops, Origin};
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

// sso24 (#24): SSO connection management, served by `ops::sso_connections`. One handler per
// call serves both APIs where their paths differ only in the organization (the backend's
// `{organization_id}`; the SDK's session names it), so the path's parameters come as a map.

type Params = Path<HashMap<String, String>>;

/// The emulator's address as the request named it: `http://` and the Host header (a name
/// with anything but host characters in it reads as `localhost`).
fn origin(headers: &HeaderMap) -> Origin {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let plain = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    Origin(format!("http://{}", if plain { host } else { "localhost" }))
}

fn param(p: &HashMap<String, String>, name: &str) -> String {
    p.get(name).cloned().unwrap_or_default()
}

pub async fn create_saml(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    Payload(req): Payload<sc::SamlCreateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| ops::create_saml(w, env, &caller, None, origin(&headers), req))?;
    Ok(caller.respond(out))
}

pub async fn backend_create_saml(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    Path(organization_id): Path<String>,
    Payload(req): Payload<sc::SamlCreateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| ops::create_saml(w, env, &caller, Some(organization_id), origin(&headers), req))?;
    Ok(caller.respond(out))
}

pub async fn update_saml(
    State(app): State<App>,
    caller: Caller,
    Path(p): Params,
    Payload(req): Payload<sc::SamlUpdateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    let out =
        app.operate(|w, env| ops::update_saml(w, env, &caller, p.get("organization_id").cloned(), param(&p, "connection_id"), req))?;
    Ok(caller.respond(out))
}

pub async fn update_saml_by_url(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    Path(p): Params,
    Payload(req): Payload<sc::SamlUpdateConnectionByUrlOptions>,
) -> ApiResult<Json<Value>> {
    let organization_id = p.get("organization_id").cloned();
    let out =
        app.operate(|w, env| ops::update_saml_by_url(w, env, &caller, organization_id, origin(&headers), param(&p, "connection_id"), req))?;
    Ok(caller.respond(out))
}

pub async fn delete_verification_certificate(State(app): State<App>, caller: Caller, Path(p): Params) -> ApiResult<Json<Value>> {
    let key = ops::SamlKey::VerificationCertificate(param(&p, "certificate_id"));
    let out =
        app.operate(|w, env| ops::delete_saml_key(w, env, &caller, p.get("organization_id").cloned(), param(&p, "connection_id"), key))?;
    Ok(caller.respond(out))
}

pub async fn delete_encryption_private_key(State(app): State<App>, caller: Caller, Path(p): Params) -> ApiResult<Json<Value>> {
    let key = ops::SamlKey::EncryptionPrivateKey(param(&p, "private_key_id"));
    let out =
        app.operate(|w, env| ops::delete_saml_key(w, env, &caller, p.get("organization_id").cloned(), param(&p, "connection_id"), key))?;
    Ok(caller.respond(out))
}

pub async fn create_oidc(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    Payload(req): Payload<sc::OidcCreateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| ops::create_oidc(w, env, &caller, None, origin(&headers), req))?;
    Ok(caller.respond(out))
}

pub async fn backend_create_oidc(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    Path(organization_id): Path<String>,
    Payload(req): Payload<sc::OidcCreateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| ops::create_oidc(w, env, &caller, Some(organization_id), origin(&headers), req))?;
    Ok(caller.respond(out))
}

pub async fn update_oidc(
    State(app): State<App>,
    caller: Caller,
    Path(p): Params,
    Payload(req): Payload<sc::OidcUpdateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    let out =
        app.operate(|w, env| ops::update_oidc(w, env, &caller, p.get("organization_id").cloned(), param(&p, "connection_id"), req))?;
    Ok(caller.respond(out))
}

pub async fn create_external(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<sc::ExternalCreateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| ops::create_external(w, env, &caller, None, req))?;
    Ok(caller.respond(out))
}

pub async fn backend_create_external(
    State(app): State<App>,
    caller: Caller,
    Path(organization_id): Path<String>,
    Payload(req): Payload<sc::ExternalCreateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| ops::create_external(w, env, &caller, Some(organization_id), req))?;
    Ok(caller.respond(out))
}

pub async fn update_external(
    State(app): State<App>,
    caller: Caller,
    Path(p): Params,
    Payload(req): Payload<sc::ExternalUpdateConnectionOptions>,
) -> ApiResult<Json<Value>> {
    let out =
        app.operate(|w, env| ops::update_external(w, env, &caller, p.get("organization_id").cloned(), param(&p, "connection_id"), req))?;
    Ok(caller.respond(out))
}

pub async fn delete(State(app): State<App>, caller: Caller, Path(p): Params) -> ApiResult<Json<Value>> {
    let out = app.operate(|w, env| ops::delete(w, env, &caller, p.get("organization_id").cloned(), param(&p, "connection_id")))?;
    Ok(caller.respond(out))
}

/// The emulator's identity provider's SAML metadata (what `updateConnectionByURL` reads).
pub async fn idp_metadata(headers: HeaderMap) -> Response {
    let xml = crate::saml_metadata::local_metadata(&origin(&headers).0);
    ([(header::CONTENT_TYPE, "application/samlmetadata+xml")], xml).into_response()
}
