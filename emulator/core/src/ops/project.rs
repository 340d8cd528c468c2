//! Project-level endpoints: SDK bootstrap (the B2B project's; the consumer project has no SDK
//! API here) and which project's JWKS a request asks for.

use serde_json::{json, Value};

use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::jwt::Keys;
use crate::model::World;

/// Everything the official client maps from bootstrap; it fails on a missing field.
pub fn bootstrap(w: &mut World, _env: &Env, public_token: String) -> ApiResult<Value> {
    if public_token != w.project.public_token {
        return Err(ApiError::unauthorized_credentials());
    }
    let (dfp, captcha) = (&w.project.protected_auth.dfp_protected_auth, &w.project.protected_auth.captcha);
    Ok(json!({
        "project_name": w.project.name,
        "disable_sdk_watermark": true,
        "cname_domain": null,
        "email_domains": [],
        // dfp24: the project's captcha and DFP Protected Auth settings, as Stytch's client reads them.
        "captcha_settings": {"enabled": captcha.enabled, "siteKey": captcha.site_key},
        "pkce_required_for_email_magic_links": false,
        "pkce_required_for_password_resets": false,
        // The emulator's OAuth and SSO check PKCE, so clients are told to send it.
        "pkce_required_for_oauth": true,
        "pkce_required_for_sso": true,
        "slug_pattern": null,
        "create_organization_enabled": false,
        "password_config": w.project.password_config.bootstrap(),
        "dfp_protected_auth_enabled": dfp.enabled,
        "dfp_protected_auth_mode": dfp.enabled.then_some(dfp.mode),
        "rbac_policy": w.project.rbac_policy.bootstrap(),
        "siwe_required_for_crypto_wallets": false,
        "vertical": "B2B",
    }))
}

/// Refuses a JWKS request for a project id that is not the B2B project's.
pub fn check_b2b_project(w: &mut World, _env: &Env, project_id: &str) -> ApiResult<()> {
    known(project_id == w.project.project_id)
}

/// Refuses a JWKS request for a project id that is not the consumer project's (the B2B
/// project's id is not a consumer project, so it is not found here, as any other id).
pub fn check_consumer_project(w: &mut World, _env: &Env, project_id: &str) -> ApiResult<()> {
    known(project_id == w.consumer_project.project_id)
}

fn known(known: bool) -> ApiResult<()> {
    if known {
        Ok(())
    } else {
        Err(ApiError::new(404, ErrorType::ProjectNotFound, "Project could not be found."))
    }
}

/// A project's JWKS: its one signing key.
pub fn jwks(keys: &Keys) -> Value {
    json!({ "keys": [keys.jwk()] })
}
