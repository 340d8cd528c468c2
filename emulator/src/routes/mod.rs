//! The frontend-SDK API (`/sdk/v1/...`) and Stytch's backend API (`/v1/...`), one module
//! per product; a product's handlers serve both APIs where Stytch's calls are the same.

use axum::{
    routing::{get, post, put},
    Router,
};

use crate::state::App;

mod consumer;
mod discovery;
mod idp;
pub mod magic_links;
pub mod organizations;
mod otps;
mod passwords;
mod project;
mod recovery_codes;
mod sessions;
pub mod totps;

pub fn router() -> Router<App> {
    sdk().merge(backend_b2b()).merge(backend_consumer())
}

/// The frontend-SDK API, as the browser clients call it.
fn sdk() -> Router<App> {
    Router::new()
        .route("/sdk/v1/projects/bootstrap/{public_token}", get(project::bootstrap))
        .route("/sdk/v1/events", post(project::events))
        .route("/sdk/v1/b2b/passwords/authenticate", post(passwords::authenticate))
        .route("/sdk/v1/b2b/passwords/email/reset/start", post(passwords::reset_start))
        .route("/sdk/v1/b2b/passwords/email/reset", post(passwords::reset_by_email))
        .route("/sdk/v1/b2b/passwords/existing_password/reset", post(passwords::reset_by_existing))
        .route("/sdk/v1/b2b/passwords/strength_check", post(passwords::strength_check))
        .route("/sdk/v1/b2b/magic_links/email/login_or_signup", post(magic_links::login_or_signup))
        .route("/sdk/v1/b2b/magic_links/authenticate", post(magic_links::authenticate))
        .route("/sdk/v1/b2b/otps/sms/send", post(otps::sms_send))
        .route("/sdk/v1/b2b/otps/sms/authenticate", post(otps::sms_authenticate))
        .route("/sdk/v1/b2b/totp", post(totps::create))
        .route("/sdk/v1/b2b/totp/authenticate", post(totps::authenticate))
        .route("/sdk/v1/b2b/recovery_codes", get(recovery_codes::get))
        .route("/sdk/v1/b2b/recovery_codes/recover", post(recovery_codes::recover))
        .route("/sdk/v1/b2b/recovery_codes/rotate", post(recovery_codes::rotate))
        .route("/sdk/v1/b2b/sessions/authenticate", post(sessions::authenticate))
        .route("/sdk/v1/b2b/sessions/revoke", post(sessions::revoke))
        .route("/sdk/v1/b2b/discovery/intermediate_sessions/exchange", post(discovery::exchange))
        .route("/sdk/v1/b2b/oauth/authenticate", post(idp::oauth_authenticate))
        .route("/sdk/v1/b2b/sso/authenticate", post(idp::sso_authenticate))
        // The browser redirects of OAuth and SSO, and the emulated identity provider's page.
        .route("/v1/b2b/public/oauth/{provider}/start", get(idp::oauth_start))
        .route("/v1/public/sso/start", get(idp::sso_start))
        .route("/v1/b2b/public/idp/consent", get(idp::consent))
}

/// Stytch's B2B backend API, as its Node and Python SDKs call it. The MFA steps are the
/// SDK API's handlers: the `Caller` tells them which API they answer.
fn backend_b2b() -> Router<App> {
    Router::new()
        .route("/v1/b2b/sessions/jwks/{project_id}", get(project::b2b_jwks))
        .route("/v1/b2b/organizations", post(organizations::create))
        .route("/v1/b2b/organizations/search", post(organizations::search))
        .route("/v1/b2b/organizations/{organization_id}", get(organizations::get).put(organizations::update))
        .route("/v1/b2b/organizations/{organization_id}/member", get(organizations::member_get))
        .route("/v1/b2b/organizations/{organization_id}/members", post(organizations::member_create))
        .route("/v1/b2b/organizations/{organization_id}/members/{member_id}", put(organizations::member_update))
        .route("/v1/b2b/passwords/authenticate", post(passwords::authenticate))
        .route("/v1/b2b/passwords/email/reset/start", post(passwords::reset_start))
        .route("/v1/b2b/passwords/email/reset", post(passwords::reset_by_email))
        .route("/v1/b2b/passwords/existing_password/reset", post(passwords::reset_by_existing))
        .route("/v1/b2b/passwords/strength_check", post(passwords::strength_check))
        .route("/v1/b2b/magic_links/email/login_or_signup", post(magic_links::login_or_signup))
        .route("/v1/b2b/magic_links/authenticate", post(magic_links::authenticate))
        .route("/v1/b2b/otps/sms/send", post(otps::sms_send))
        .route("/v1/b2b/otps/sms/authenticate", post(otps::sms_authenticate))
        .route("/v1/b2b/totp", post(totps::create))
        .route("/v1/b2b/totp/authenticate", post(totps::authenticate))
        .route("/v1/b2b/recovery_codes/recover", post(recovery_codes::recover))
        .route("/v1/b2b/recovery_codes/rotate", post(recovery_codes::backend_rotate))
        .route("/v1/b2b/recovery_codes/{organization_id}/{member_id}", get(recovery_codes::backend_get))
        .route("/v1/b2b/sessions", get(sessions::get))
        .route("/v1/b2b/sessions/authenticate", post(sessions::authenticate))
        .route("/v1/b2b/sessions/revoke", post(sessions::backend_revoke))
        .route("/v1/b2b/discovery/intermediate_sessions/exchange", post(discovery::exchange))
        .route("/v1/b2b/oauth/authenticate", post(idp::oauth_authenticate))
        .route("/v1/b2b/sso/authenticate", post(idp::sso_authenticate))
}

/// Stytch's consumer backend API: what the consumer MFA guide's server calls, with the
/// consumer project's credentials (`extract::ConsumerCaller`).
fn backend_consumer() -> Router<App> {
    Router::new()
        .route("/v1/sessions/jwks/{project_id}", get(project::consumer_jwks))
        .route("/v1/users", post(consumer::users::create))
        .route("/v1/users/{user_id}", get(consumer::users::get))
        .route("/v1/passwords", post(consumer::passwords::create))
        .route("/v1/passwords/authenticate", post(consumer::passwords::authenticate))
        .route("/v1/otps/sms/send", post(consumer::otps::sms_send))
        .route("/v1/otps/authenticate", post(consumer::otps::authenticate))
        .route("/v1/sessions", get(consumer::sessions::get))
        .route("/v1/sessions/authenticate", post(consumer::sessions::authenticate))
        .route("/v1/sessions/revoke", post(consumer::sessions::revoke))
}
