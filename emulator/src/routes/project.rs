//! Project-level endpoints: SDK bootstrap (the B2B project's; the consumer project has no
//! SDK API here), telemetry, and each project's JWKS for its session JWTs.

use axum::{extract::Path, Json};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{answer, Surface};
use crate::state::App;
use axum::extract::State;

/// Everything the official client maps from bootstrap; it fails on a missing field.
pub async fn bootstrap(State(app): State<App>, Path(public_token): Path<String>) -> ApiResult<Json<Value>> {
    let w = app.world();
    if public_token != w.project.public_token {
        return Err(ApiError::unauthorized_credentials());
    }
    Ok(answer(Surface::Sdk, json!({
        "project_name": w.project.name,
        "disable_sdk_watermark": true,
        "cname_domain": null,
        "email_domains": [],
        "captcha_settings": {"enabled": false},
        "pkce_required_for_email_magic_links": false,
        "pkce_required_for_password_resets": false,
        // The emulator's OAuth and SSO check PKCE, so clients are told to send it.
        "pkce_required_for_oauth": true,
        "pkce_required_for_sso": true,
        "slug_pattern": null,
        "create_organization_enabled": false,
        "password_config": w.project.password_config.bootstrap(),
        "dfp_protected_auth_enabled": false,
        "dfp_protected_auth_mode": null,
        "rbac_policy": {"roles": [{"role_id": "stytch_member", "description": "Default member role", "permissions": []}], "resources": []},
        "siwe_required_for_crypto_wallets": false,
        "vertical": "B2B",
    })))
}

/// Telemetry batches are accepted and discarded.
pub async fn events() -> Json<Value> {
    answer(Surface::Sdk, json!({}))
}

/// `GET /v1/b2b/sessions/jwks/{project_id}`: the B2B project's session-signing key.
pub async fn b2b_jwks(State(app): State<App>, Path(project_id): Path<String>) -> ApiResult<Json<Value>> {
    let known = project_id == app.world().project.project_id;
    jwks(known, &app.keys())
}

/// `GET /v1/sessions/jwks/{project_id}`: the consumer project's key. The B2B project's id is
/// not a consumer project, so it is not found here, as any other id.
pub async fn consumer_jwks(State(app): State<App>, Path(project_id): Path<String>) -> ApiResult<Json<Value>> {
    let known = project_id == app.world().consumer_project.project_id;
    jwks(known, &app.consumer_keys())
}

fn jwks(known: bool, keys: &crate::jwt::Keys) -> ApiResult<Json<Value>> {
    if !known {
        return Err(ApiError::new(404, ErrorType::ProjectNotFound, "Project could not be found."));
    }
    Ok(Json(json!({
        "keys": [keys.jwk()],
        "request_id": crate::ids::request_id(),
        "status_code": 200,
    })))
}
