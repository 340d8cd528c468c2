//! The frontend-SDK API (`/sdk/v1/...`) and Stytch's backend API (`/v1/...`), one module
//! per product; a product's handlers serve both APIs where Stytch's calls are the same.
//!
//! Every endpoint is one row of [`table`]: its paths on each API (or at the root, for the
//! stand-ins of third parties' scripts and the discovery documents), its HTTP method, the
//! credentials it admits, the body it reads and its handler. The routers are built from the
//! table, so an endpoint served on both APIs is one row (see docs/emulator-endpoints.md); the
//! guards (`guard`) read the same rows through [`facts`], so what a route takes is said once.

use std::sync::OnceLock;

use axum::{
    handler::Handler,
    http::Method,
    routing::{on, MethodFilter, MethodRouter},
    Router,
};

use crate::state::App;

mod connected_apps;
mod consumer;
mod discovery;
mod email_otps;
mod idp;
pub mod magic_links;
mod members;
// onetap24 (#24): Google One Tap.
mod one_tap;
pub mod organizations;
mod otps;
mod passwords;
mod project;
// dfp24 (#24): the stand-in scripts and the Fraud API lookup.
mod protected_auth;
mod recovery_codes;
mod scim;
mod sessions;
mod sso;
pub mod totps;

/// Where the frontend-SDK API is mounted.
pub const SDK_PREFIX: &str = "/sdk/v1";
/// Where Stytch's backend API (and the public pages of its OAuth and SSO starts) is mounted.
pub const V1_PREFIX: &str = "/v1";

/// An HTTP method an endpoint takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Put,
    Delete,
    /// The SCIM 2.0 service's partial updates (scim24).
    Patch,
}

impl Verb {
    fn filter(self) -> MethodFilter {
        match self {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
            Verb::Put => MethodFilter::PUT,
            Verb::Delete => MethodFilter::DELETE,
            Verb::Patch => MethodFilter::PATCH,
        }
    }
}

/// A credential an endpoint admits. The API's own credential (the public token on the SDK
/// API, a project's `project_id:secret` on `/v1`) is checked in one place, by the
/// `extract::Caller` / `ConsumerCaller` extractor its handler takes, which tells the APIs
/// apart by the path; the sessions an endpoint takes are checked by its handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// Nothing: the endpoint is public (telemetry, JWKS, the identity provider's page).
    Open,
    /// The project's public token (the SDK API's Basic user, or a path or query parameter).
    PublicToken,
    /// The B2B project's `project_id:secret`.
    B2bSecret,
    /// The consumer project's `project_id:secret`.
    ConsumerSecret,
    /// A member session (the SDK's Authorization header; `session_token`/`session_jwt` in a
    /// backend body).
    MemberSession,
    /// An intermediate session token in the body.
    Ist,
    /// A consumer user session (`session_token`/`session_jwt` in the body).
    UserSession,
    /// A Connected App client (apps24): its `client_id` and secret (HTTP Basic or the body), or
    /// a public client's id with PKCE; at `userinfo`, the access token it was given.
    ConnectedAppClient,
    /// A SCIM connection's bearer token (`Authorization: Bearer`): the SCIM 2.0 service
    /// an identity provider calls (scim24).
    ScimBearer,
}

/// What an endpoint reads from a request's body, and so which bodies `guard::read_body` lets
/// reach it (an empty body always does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON (`extract::Payload`), as everywhere on Stytch's APIs; a route that reads no body
    /// still holds a body sent to it to JSON, as the API's others do.
    Json,
    /// An OAuth 2.0 form, as OAuth clients send one, or JSON, as Stytch's docs show
    /// (`connected_apps::OAuthBody` tells them apart): any type may come (apps24).
    Form,
    /// SCIM's own media type (RFC 7644 §8.1), as an identity provider sends it, or JSON (scim24).
    Scim,
    /// Read and dropped: telemetry, which browsers may send as a beacon in any form.
    Discarded,
}

/// One endpoint: where it is mounted, what it takes, who may call it, what serves it.
/// (`verb` and `admits` are read by the tests that hold the table to the protocol.)
#[cfg_attr(not(test), allow(dead_code))]
pub struct Route {
    /// Its path under [`SDK_PREFIX`], if the frontend-SDK API serves it.
    pub sdk: Option<&'static str>,
    /// Its path under [`V1_PREFIX`], if the backend API (or a public page there) serves it.
    pub v1: Option<&'static str>,
    /// Its path at the emulator's root, where a third party's script or document is looked
    /// for (the Google Identity Services and DFP stand-ins, OAuth's discovery documents).
    pub root: Option<&'static str>,
    pub verb: Verb,
    pub admits: &'static [Credential],
    pub body: BodyKind,
    handler: MethodRouter<App>,
}

impl Route {
    /// The row with what it reads from the body (the constructors' rows read JSON).
    fn reading(self, body: BodyKind) -> Route {
        Route { body, ..self }
    }

    /// Its paths as the router mounts them.
    fn paths(&self) -> impl Iterator<Item = String> {
        let sdk = self.sdk.map(|p| format!("{SDK_PREFIX}{p}"));
        let v1 = self.v1.map(|p| format!("{V1_PREFIX}{p}"));
        sdk.into_iter().chain(v1).chain(self.root.map(String::from))
    }
}

fn route<H: Handler<T, App>, T: 'static>(
    sdk: Option<&'static str>,
    v1: Option<&'static str>,
    verb: Verb,
    admits: &'static [Credential],
    handler: H,
) -> Route {
    Route { sdk, v1, root: None, verb, admits, body: BodyKind::Json, handler: on(verb.filter(), handler) }
}

/// Served on both APIs at the same path, by one handler (its `Caller` says which API it answers).
fn both<H: Handler<T, App>, T: 'static>(verb: Verb, path: &'static str, admits: &'static [Credential], handler: H) -> Route {
    route(Some(path), Some(path), verb, admits, handler)
}

/// Served on the frontend-SDK API only.
fn sdk<H: Handler<T, App>, T: 'static>(verb: Verb, path: &'static str, admits: &'static [Credential], handler: H) -> Route {
    route(Some(path), None, verb, admits, handler)
}

/// Served under `/v1` only: the backend API, or a public page the browser is sent to.
fn v1<H: Handler<T, App>, T: 'static>(verb: Verb, path: &'static str, admits: &'static [Credential], handler: H) -> Route {
    route(None, Some(path), verb, admits, handler)
}

/// Served at the emulator's root, where a third party's script or document is looked for.
fn root<H: Handler<T, App>, T: 'static>(verb: Verb, path: &'static str, admits: &'static [Credential], handler: H) -> Route {
    Route { root: Some(path), ..route(None, None, verb, admits, handler) }
}

/// Proving a factor: the SDK's public token or the backend's secret, and the IST or member
/// session the factor is added to, when the caller holds one.
const FACTOR: &[Credential] = &[Credential::PublicToken, Credential::B2bSecret, Credential::Ist, Credential::MemberSession];
/// Calls that take no session (sends, resets by existing password, strength checks).
const SESSIONLESS: &[Credential] = &[Credential::PublicToken, Credential::B2bSecret];
/// A member session on either API.
const MEMBER: &[Credential] = &[Credential::PublicToken, Credential::B2bSecret, Credential::MemberSession];
/// The SDK API with the member's session in the Authorization header.
const SDK_MEMBER: &[Credential] = &[Credential::PublicToken, Credential::MemberSession];
/// The discovery calls: a discovery IST in the body, or (listing) a member session.
const DISCOVERY: &[Credential] = &[Credential::PublicToken, Credential::B2bSecret, Credential::Ist, Credential::MemberSession];
/// The B2B backend API on the project's behalf.
const B2B_BACKEND: &[Credential] = &[Credential::B2bSecret];
/// The consumer backend API on the project's behalf.
const CONSUMER: &[Credential] = &[Credential::ConsumerSecret];
/// The consumer backend API, naming a user session in the body (or starting one).
const CONSUMER_SESSION: &[Credential] = &[Credential::ConsumerSecret, Credential::UserSession];
const OPEN: &[Credential] = &[Credential::Open];
/// The OAuth 2.0 endpoints a Connected App calls itself.
const OAUTH_CLIENT: &[Credential] = &[Credential::ConnectedAppClient];
/// The SCIM 2.0 service: a connection's bearer token only.
const SCIM_SERVICE: &[Credential] = &[Credential::ScimBearer];
/// Where the SCIM 2.0 service is mounted: a connection's base URL
/// (`scim::SERVICE_PREFIX`). Its segment shares the name `{organization_id}` with the
/// backend's connection paths beside it because the router takes one name per segment;
/// here it holds the connection id.
macro_rules! scim_service {
    ($rest:literal) => {
        concat!("/b2b/scim/{organization_id}", $rest)
    };
}

/// Every endpoint of the SDK and backend APIs, and the stand-ins and documents at the root:
/// everything an app and its pages reach, which answers under any host name (`guard`). The
/// control API and the console are not here.
pub fn table() -> Vec<Route> {
    use BodyKind::*;
    use Verb::*;
    vec![
        // The project: bootstrap and telemetry (the SDK's own calls), each project's keys.
        sdk(Get, "/projects/bootstrap/{public_token}", &[Credential::PublicToken], project::bootstrap),
        sdk(Post, "/events", OPEN, project::events).reading(Discarded),
        v1(Get, "/b2b/sessions/jwks/{project_id}", OPEN, project::b2b_jwks),
        v1(Get, "/sessions/jwks/{project_id}", OPEN, project::consumer_jwks),
        // B2B primary factors.
        both(Post, "/b2b/passwords/authenticate", FACTOR, passwords::authenticate),
        both(Post, "/b2b/passwords/email/reset/start", SESSIONLESS, passwords::reset_start),
        both(Post, "/b2b/passwords/email/reset", FACTOR, passwords::reset_by_email),
        both(Post, "/b2b/passwords/existing_password/reset", SESSIONLESS, passwords::reset_by_existing),
        both(Post, "/b2b/passwords/strength_check", SESSIONLESS, passwords::strength_check),
        both(Post, "/b2b/magic_links/email/login_or_signup", SESSIONLESS, magic_links::login_or_signup),
        both(Post, "/b2b/magic_links/authenticate", FACTOR, magic_links::authenticate),
        both(Post, "/b2b/oauth/authenticate", FACTOR, idp::oauth_authenticate),
        both(Post, "/b2b/sso/authenticate", FACTOR, idp::sso_authenticate),
        // The browser redirects of OAuth and SSO, and the emulated identity provider's page.
        v1(Get, "/b2b/public/oauth/{provider}/start", &[Credential::PublicToken], idp::oauth_start),
        v1(Get, "/public/sso/start", &[Credential::PublicToken], idp::sso_start),
        v1(Get, "/b2b/public/idp/consent", OPEN, idp::consent),
        // B2B MFA.
        both(Post, "/b2b/otps/sms/send", FACTOR, otps::sms_send),
        both(Post, "/b2b/otps/sms/authenticate", FACTOR, otps::sms_authenticate),
        both(Post, "/b2b/totp", FACTOR, totps::create),
        both(Post, "/b2b/totp/authenticate", FACTOR, totps::authenticate),
        both(Post, "/b2b/recovery_codes/recover", FACTOR, recovery_codes::recover),
        sdk(Get, "/b2b/recovery_codes", SDK_MEMBER, recovery_codes::get),
        sdk(Post, "/b2b/recovery_codes/rotate", SDK_MEMBER, recovery_codes::rotate),
        v1(Get, "/b2b/recovery_codes/{organization_id}/{member_id}", B2B_BACKEND, recovery_codes::backend_get),
        v1(Post, "/b2b/recovery_codes/rotate", B2B_BACKEND, recovery_codes::backend_rotate),
        // B2B sessions and discovery.
        both(Post, "/b2b/sessions/authenticate", MEMBER, sessions::authenticate),
        sdk(Post, "/b2b/sessions/revoke", SDK_MEMBER, sessions::revoke),
        v1(Post, "/b2b/sessions/revoke", &[Credential::B2bSecret, Credential::MemberSession], sessions::backend_revoke),
        v1(Get, "/b2b/sessions", B2B_BACKEND, sessions::get),
        both(Post, "/b2b/discovery/intermediate_sessions/exchange", FACTOR, discovery::exchange),
        // B2B discovery login (#22): an email proven before an organization is chosen.
        both(Post, "/b2b/magic_links/email/discovery/send", SESSIONLESS, discovery::send),
        both(Post, "/b2b/magic_links/discovery/authenticate", SESSIONLESS, discovery::authenticate),
        both(Post, "/b2b/discovery/organizations", DISCOVERY, discovery::list),
        both(Post, "/b2b/discovery/organizations/create", DISCOVERY, discovery::create),
        // B2B organizations and members (backend only).
        v1(Post, "/b2b/organizations", B2B_BACKEND, organizations::create),
        v1(Post, "/b2b/organizations/search", B2B_BACKEND, organizations::search),
        v1(Get, "/b2b/organizations/{organization_id}", B2B_BACKEND, organizations::get),
        v1(Put, "/b2b/organizations/{organization_id}", B2B_BACKEND, organizations::update),
        v1(Get, "/b2b/organizations/{organization_id}/member", B2B_BACKEND, organizations::member_get),
        v1(Post, "/b2b/organizations/{organization_id}/members", B2B_BACKEND, organizations::member_create),
        v1(Put, "/b2b/organizations/{organization_id}/members/{member_id}", B2B_BACKEND, members::update_backend),
        // An app's organization dashboard (#22): members search and SSO connections.
        v1(Post, "/b2b/organizations/members/search", B2B_BACKEND, organizations::members_search),
        sdk(Post, "/b2b/organizations/me/members/search", SDK_MEMBER, organizations::my_members_search),
        v1(Get, "/b2b/sso/{organization_id}", B2B_BACKEND, sso::backend_get),
        sdk(Get, "/b2b/sso", SDK_MEMBER, sso::get),
        // members (#22): the member's own record, an organization's members and the
        // organization itself, on the SDK API under the session member's roles (`rbac`).
        sdk(Get, "/b2b/organizations/members/me", SDK_MEMBER, members::me),
        sdk(Put, "/b2b/organizations/members/update", SDK_MEMBER, members::update_self),
        sdk(Delete, "/b2b/organizations/members/deletePhoneNumber", SDK_MEMBER, members::delete_own_phone),
        sdk(Delete, "/b2b/organizations/members/deleteTOTP", SDK_MEMBER, members::delete_own_totp),
        sdk(Delete, "/b2b/organizations/members/passwords/{password_id}", SDK_MEMBER, members::delete_password),
        sdk(Post, "/b2b/organizations/members", SDK_MEMBER, members::create),
        sdk(Put, "/b2b/organizations/members/{member_id}", SDK_MEMBER, members::update),
        sdk(Delete, "/b2b/organizations/members/{member_id}", SDK_MEMBER, members::delete),
        sdk(Put, "/b2b/organizations/members/{member_id}/reactivate", SDK_MEMBER, members::reactivate),
        sdk(Delete, "/b2b/organizations/members/mfa_phone_numbers/{member_id}", SDK_MEMBER, members::delete_phone),
        sdk(Delete, "/b2b/organizations/members/totp/{member_id}", SDK_MEMBER, members::delete_totp),
        sdk(Get, "/b2b/organizations/me", SDK_MEMBER, members::my_organization),
        sdk(Put, "/b2b/organizations/me", SDK_MEMBER, members::update_my_organization),
        sdk(Delete, "/b2b/organizations/me", SDK_MEMBER, members::delete_my_organization),
        sdk(Post, "/b2b/organizations/search", &[Credential::PublicToken], members::by_slug),
        v1(Delete, "/b2b/organizations/{organization_id}", B2B_BACKEND, members::delete_organization_backend),
        v1(Delete, "/b2b/organizations/{organization_id}/members/{member_id}", B2B_BACKEND, members::delete_backend),
        v1(Put, "/b2b/organizations/{organization_id}/members/{member_id}/reactivate", B2B_BACKEND, members::reactivate_backend),
        v1(
            Delete,
            "/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}",
            B2B_BACKEND,
            members::delete_phone_backend,
        ),
        v1(Delete, "/b2b/organizations/{organization_id}/members/{member_id}/totp", B2B_BACKEND, members::delete_totp_backend),
        v1(
            Delete,
            "/b2b/organizations/{organization_id}/members/passwords/{member_password_id}",
            B2B_BACKEND,
            members::delete_password_backend,
        ),
        // Stytch's consumer backend API: what the consumer MFA guide's server calls, with the
        // consumer project's credentials (`extract::ConsumerCaller`).
        v1(Post, "/users", CONSUMER, consumer::users::create),
        v1(Get, "/users/{user_id}", CONSUMER, consumer::users::get),
        v1(Post, "/passwords", CONSUMER, consumer::passwords::create),
        v1(Post, "/passwords/authenticate", CONSUMER_SESSION, consumer::passwords::authenticate),
        v1(Post, "/otps/sms/send", CONSUMER_SESSION, consumer::otps::sms_send),
        v1(Post, "/otps/authenticate", CONSUMER_SESSION, consumer::otps::authenticate),
        v1(Get, "/sessions", CONSUMER, consumer::sessions::get),
        v1(Post, "/sessions/authenticate", CONSUMER_SESSION, consumer::sessions::authenticate),
        v1(Post, "/sessions/revoke", CONSUMER_SESSION, consumer::sessions::revoke),
        // #22 flows: session exchange and revoking a member's sessions, email OTP, password
        // discovery and resetBySession, OAuth discovery, invites, SSO connection discovery.
        both(Post, "/b2b/sessions/exchange", MEMBER, sessions::exchange),
        sdk(Post, "/b2b/sessions/revoke/{member_id}", SDK_MEMBER, sessions::revoke_for_member),
        both(Post, "/b2b/otps/email/login_or_signup", SESSIONLESS, email_otps::login_or_signup),
        both(Post, "/b2b/otps/email/authenticate", FACTOR, email_otps::authenticate),
        both(Post, "/b2b/otps/email/discovery/send", SESSIONLESS, email_otps::discovery_send),
        both(Post, "/b2b/otps/email/discovery/authenticate", DISCOVERY, email_otps::discovery_authenticate),
        both(Post, "/b2b/passwords/session/reset", MEMBER, passwords::reset_by_session),
        // The backend names the discovery reset under `/email/`, the SDK does not.
        route(
            Some("/b2b/passwords/discovery/reset/start"),
            Some("/b2b/passwords/discovery/email/reset/start"),
            Post,
            SESSIONLESS,
            passwords::discovery_reset_start,
        ),
        route(
            Some("/b2b/passwords/discovery/reset"),
            Some("/b2b/passwords/discovery/email/reset"),
            Post,
            DISCOVERY,
            passwords::discovery_reset,
        ),
        both(Post, "/b2b/passwords/discovery/authenticate", DISCOVERY, passwords::discovery_authenticate),
        v1(Get, "/b2b/public/oauth/{provider}/discovery/start", &[Credential::PublicToken], idp::oauth_discovery_start),
        both(Post, "/b2b/oauth/discovery/authenticate", DISCOVERY, idp::oauth_discovery_authenticate),
        both(Post, "/b2b/magic_links/email/invite", MEMBER, magic_links::invite),
        sdk(Get, "/b2b/sso/discovery/connections", &[Credential::PublicToken], sso::discover),
        // rest22: email updates and retired emails (self, an organization's members, the
        // backend), and the access-token exchange and attestation of sessions.
        sdk(Post, "/b2b/organizations/members/start_email_update", SDK_MEMBER, members::start_own_email_update),
        sdk(Post, "/b2b/organizations/members/{member_id}/start_email_update", SDK_MEMBER, members::start_email_update),
        v1(
            Post,
            "/b2b/organizations/{organization_id}/members/{member_id}/start_email_update",
            B2B_BACKEND,
            members::start_email_update_backend,
        ),
        sdk(Post, "/b2b/organizations/members/unlink_retired_email", SDK_MEMBER, members::unlink_own_retired_email),
        sdk(Post, "/b2b/organizations/members/{member_id}/unlink_retired_email", SDK_MEMBER, members::unlink_retired_email),
        v1(
            Post,
            "/b2b/organizations/{organization_id}/members/{member_id}/unlink_retired_email",
            B2B_BACKEND,
            members::unlink_retired_email_backend,
        ),
        both(Post, "/b2b/sessions/exchange_access_token", SESSIONLESS, sessions::exchange_access_token),
        both(Post, "/b2b/sessions/attest", MEMBER, sessions::attest),
        // apps24: Connected Apps. The project's clients (backend), the authorize calls of the
        // app's consent page, and the OAuth 2.0 / OIDC endpoints clients call themselves.
        v1(Post, "/connected_apps/clients", B2B_BACKEND, connected_apps::create),
        v1(Post, "/connected_apps/clients/search", B2B_BACKEND, connected_apps::search),
        v1(Get, "/connected_apps/clients/{client_id}", B2B_BACKEND, connected_apps::get),
        v1(Put, "/connected_apps/clients/{client_id}", B2B_BACKEND, connected_apps::update),
        v1(Delete, "/connected_apps/clients/{client_id}", B2B_BACKEND, connected_apps::delete),
        v1(Post, "/connected_apps/clients/{client_id}/secrets/rotate/start", B2B_BACKEND, connected_apps::rotate_start),
        v1(Post, "/connected_apps/clients/{client_id}/secrets/rotate/cancel", B2B_BACKEND, connected_apps::rotate_cancel),
        v1(Post, "/connected_apps/clients/{client_id}/secrets/rotate", B2B_BACKEND, connected_apps::rotate_complete),
        v1(Post, "/b2b/idp/oauth/authorize/start", &[Credential::B2bSecret, Credential::MemberSession], connected_apps::authorize_start),
        v1(Post, "/b2b/idp/oauth/authorize", &[Credential::B2bSecret, Credential::MemberSession], connected_apps::authorize),
        v1(Post, "/oauth2/token", OAUTH_CLIENT, connected_apps::token).reading(Form),
        v1(Get, "/oauth2/userinfo", OAUTH_CLIENT, connected_apps::userinfo).reading(Form),
        v1(Post, "/oauth2/userinfo", OAUTH_CLIENT, connected_apps::userinfo).reading(Form),
        v1(Post, "/oauth2/introspect", OAUTH_CLIENT, connected_apps::introspect).reading(Form),
        v1(Post, "/public/{project_id}/oauth2/introspect", OAUTH_CLIENT, connected_apps::introspect_for_project).reading(Form),
        v1(Post, "/oauth2/revoke", OAUTH_CLIENT, connected_apps::revoke).reading(Form),
        v1(Post, "/oauth2/register", OPEN, connected_apps::register).reading(Form),
        v1(Get, "/public/{project_id}/.well-known/openid-configuration", OPEN, connected_apps::discovery_for_project),
        v1(Get, "/public/{project_id}/.well-known/oauth-authorization-server", OPEN, connected_apps::discovery_for_project),
        // apps24: the consent and logout pages' SDK calls, and the apps members authorized.
        sdk(Post, "/idp/b2b/oauth/authorize/start", SDK_MEMBER, connected_apps::authorize_start),
        sdk(Post, "/idp/b2b/oauth/authorize/submit", SDK_MEMBER, connected_apps::authorize),
        sdk(Post, "/b2b/oauth/logout/start", SDK_MEMBER, connected_apps::logout_start),
        sdk(Get, "/b2b/organizations/members/connected_apps", SDK_MEMBER, connected_apps::own_apps),
        sdk(Post, "/b2b/organizations/members/connected_apps/{connected_app_id}/revoke", SDK_MEMBER, connected_apps::revoke_own_app),
        sdk(Get, "/b2b/organizations/connected_apps", SDK_MEMBER, connected_apps::organization_apps),
        sdk(Get, "/b2b/organizations/connected_apps/{connected_app_id}", SDK_MEMBER, connected_apps::organization_app),
        sdk(Get, "/b2b/organizations/members/{member_id}/connected_apps", SDK_MEMBER, connected_apps::member_apps),
        sdk(
            Post,
            "/b2b/organizations/members/{member_id}/connected_apps/{connected_app_id}/revoke",
            SDK_MEMBER,
            connected_apps::revoke_member_app,
        ),
        v1(Get, "/b2b/organizations/{organization_id}/connected_apps", B2B_BACKEND, connected_apps::organization_apps_backend),
        v1(
            Get,
            "/b2b/organizations/{organization_id}/connected_apps/{connected_app_id}",
            B2B_BACKEND,
            connected_apps::organization_app_backend,
        ),
        v1(
            Get,
            "/b2b/organizations/{organization_id}/members/{member_id}/connected_apps",
            B2B_BACKEND,
            connected_apps::member_apps_backend,
        ),
        v1(
            Post,
            "/b2b/organizations/{organization_id}/members/{member_id}/connected_apps/{connected_app_id}/revoke",
            B2B_BACKEND,
            connected_apps::revoke_member_app_backend,
        ),
        // sso24 (#24): SSO connection management, and the local identity provider's metadata.
        sdk(Delete, "/b2b/sso/{connection_id}", SDK_MEMBER, sso::delete),
        sdk(Post, "/b2b/sso/saml", SDK_MEMBER, sso::create_saml),
        sdk(Put, "/b2b/sso/saml/{connection_id}", SDK_MEMBER, sso::update_saml),
        sdk(Put, "/b2b/sso/saml/{connection_id}/url", SDK_MEMBER, sso::update_saml_by_url),
        sdk(
            Delete,
            "/b2b/sso/saml/{connection_id}/verification_certificates/{certificate_id}",
            SDK_MEMBER,
            sso::delete_verification_certificate,
        ),
        sdk(
            Delete,
            "/b2b/sso/saml/{connection_id}/encryption_private_key/{private_key_id}",
            SDK_MEMBER,
            sso::delete_encryption_private_key,
        ),
        sdk(Post, "/b2b/sso/oidc", SDK_MEMBER, sso::create_oidc),
        sdk(Put, "/b2b/sso/oidc/{connection_id}", SDK_MEMBER, sso::update_oidc),
        sdk(Post, "/b2b/sso/external", SDK_MEMBER, sso::create_external),
        sdk(Put, "/b2b/sso/external/{connection_id}", SDK_MEMBER, sso::update_external),
        v1(Delete, "/b2b/sso/{organization_id}/connections/{connection_id}", B2B_BACKEND, sso::delete),
        v1(Post, "/b2b/sso/saml/{organization_id}", B2B_BACKEND, sso::backend_create_saml),
        v1(Put, "/b2b/sso/saml/{organization_id}/connections/{connection_id}", B2B_BACKEND, sso::update_saml),
        v1(Put, "/b2b/sso/saml/{organization_id}/connections/{connection_id}/url", B2B_BACKEND, sso::update_saml_by_url),
        v1(
            Delete,
            "/b2b/sso/saml/{organization_id}/connections/{connection_id}/verification_certificates/{certificate_id}",
            B2B_BACKEND,
            sso::delete_verification_certificate,
        ),
        v1(
            Delete,
            "/b2b/sso/saml/{organization_id}/connections/{connection_id}/encryption_private_keys/{private_key_id}",
            B2B_BACKEND,
            sso::delete_encryption_private_key,
        ),
        v1(Post, "/b2b/sso/oidc/{organization_id}", B2B_BACKEND, sso::backend_create_oidc),
        v1(Put, "/b2b/sso/oidc/{organization_id}/connections/{connection_id}", B2B_BACKEND, sso::update_oidc),
        v1(Post, "/b2b/sso/external/{organization_id}", B2B_BACKEND, sso::backend_create_external),
        v1(Put, "/b2b/sso/external/{organization_id}/connections/{connection_id}", B2B_BACKEND, sso::update_external),
        v1(Get, "/b2b/public/idp/saml/metadata", OPEN, sso::idp_metadata),
        // scim24: SCIM connections (SDK: the session's organization; backend: the path's),
        // the SCIM 2.0 service an identity provider calls, and impersonation.
        sdk(Post, "/b2b/scim", SDK_MEMBER, scim::create),
        sdk(Get, "/b2b/scim", SDK_MEMBER, scim::get),
        sdk(Put, "/b2b/scim/{connection_id}", SDK_MEMBER, scim::update),
        sdk(Delete, "/b2b/scim/{connection_id}", SDK_MEMBER, scim::delete),
        sdk(Post, "/b2b/scim/groups", SDK_MEMBER, scim::groups),
        sdk(Post, "/b2b/scim/rotate/start", SDK_MEMBER, scim::rotate_start),
        sdk(Post, "/b2b/scim/rotate/complete", SDK_MEMBER, scim::rotate_complete),
        sdk(Post, "/b2b/scim/rotate/cancel", SDK_MEMBER, scim::rotate_cancel),
        v1(Post, "/b2b/scim/{organization_id}/connection", B2B_BACKEND, scim::create_backend),
        v1(Get, "/b2b/scim/{organization_id}/connection", B2B_BACKEND, scim::get_backend),
        v1(Put, "/b2b/scim/{organization_id}/connection/{connection_id}", B2B_BACKEND, scim::update_backend),
        v1(Delete, "/b2b/scim/{organization_id}/connection/{connection_id}", B2B_BACKEND, scim::delete_backend),
        v1(Get, "/b2b/scim/{organization_id}/connection/{connection_id}", B2B_BACKEND, scim::groups_backend),
        v1(Post, "/b2b/scim/{organization_id}/connection/{connection_id}/rotate/start", B2B_BACKEND, scim::rotate_start_backend),
        v1(Post, "/b2b/scim/{organization_id}/connection/{connection_id}/rotate/complete", B2B_BACKEND, scim::rotate_complete_backend),
        v1(Post, "/b2b/scim/{organization_id}/connection/{connection_id}/rotate/cancel", B2B_BACKEND, scim::rotate_cancel_backend),
        v1(Post, scim_service!("/Users"), SCIM_SERVICE, scim::create_user).reading(Scim),
        v1(Get, scim_service!("/Users"), SCIM_SERVICE, scim::list_users).reading(Scim),
        v1(Get, scim_service!("/Users/{id}"), SCIM_SERVICE, scim::get_user).reading(Scim),
        v1(Put, scim_service!("/Users/{id}"), SCIM_SERVICE, scim::replace_user).reading(Scim),
        v1(Patch, scim_service!("/Users/{id}"), SCIM_SERVICE, scim::patch_user).reading(Scim),
        v1(Delete, scim_service!("/Users/{id}"), SCIM_SERVICE, scim::delete_user).reading(Scim),
        v1(Post, scim_service!("/Groups"), SCIM_SERVICE, scim::create_group).reading(Scim),
        v1(Get, scim_service!("/Groups"), SCIM_SERVICE, scim::list_groups).reading(Scim),
        v1(Get, scim_service!("/Groups/{id}"), SCIM_SERVICE, scim::get_group).reading(Scim),
        v1(Put, scim_service!("/Groups/{id}"), SCIM_SERVICE, scim::replace_group).reading(Scim),
        v1(Patch, scim_service!("/Groups/{id}"), SCIM_SERVICE, scim::patch_group).reading(Scim),
        v1(Delete, scim_service!("/Groups/{id}"), SCIM_SERVICE, scim::delete_group).reading(Scim),
        v1(Get, scim_service!("/ServiceProviderConfig"), SCIM_SERVICE, scim::service_provider_config).reading(Scim),
        // oauth24: the SCIM service's discovery (RFC 7644 §4).
        v1(Get, scim_service!("/ResourceTypes"), SCIM_SERVICE, scim::resource_types).reading(Scim),
        v1(Get, scim_service!("/ResourceTypes/{id}"), SCIM_SERVICE, scim::resource_type).reading(Scim),
        v1(Get, scim_service!("/Schemas"), SCIM_SERVICE, scim::schemas).reading(Scim),
        v1(Get, scim_service!("/Schemas/{id}"), SCIM_SERVICE, scim::schema).reading(Scim),
        both(Post, "/b2b/impersonation/authenticate", SESSIONLESS, scim::impersonation_authenticate),
        // onetap24 (#24): Google One Tap's start and submits (the stand-in for Google's script
        // and its credential endpoint are at the root: `gsi`).
        sdk(Get, "/b2b/oauth/google/onetap/start", &[Credential::PublicToken], one_tap::start),
        sdk(Post, "/b2b/oauth/google/onetap/submit", &[Credential::PublicToken], one_tap::submit),
        sdk(Post, "/b2b/oauth/google/onetap/discovery/submit", &[Credential::PublicToken], one_tap::discovery_submit),
        // dfp24 (#24): Stytch's Fraud API (its SDKs' `fraud.fingerprint.lookup`, on the B2B
        // project's credentials here: the B2B project's pages mint the telemetry ids).
        v1(Post, "/fingerprint/lookup", B2B_BACKEND, protected_auth::lookup),
        // onetap24: the local stand-in for Google Identity Services, at the root as Google's
        // is at its host's: the script a page loads, what its prompt calls, the local key.
        root(Get, one_tap::GSI_CLIENT, OPEN, one_tap::client),
        root(Post, one_tap::GSI_CREDENTIAL, OPEN, one_tap::credential),
        root(Get, one_tap::GSI_CERTS, OPEN, one_tap::certs),
        // dfp24: the stand-ins for Stytch's telemetry script and Google's reCAPTCHA Enterprise
        // script, and their calls, at the root (where a client's DFP URLs point). Open, as the
        // scripts' real hosts are; `/submit` checks the public token it is sent.
        root(Get, protected_auth::TELEMETRY_SCRIPT, OPEN, protected_auth::telemetry_script),
        root(Post, protected_auth::TELEMETRY_SUBMIT, OPEN, protected_auth::submit),
        root(Get, protected_auth::RECAPTCHA_SCRIPT, OPEN, protected_auth::recaptcha_script),
        root(Post, protected_auth::RECAPTCHA_EXECUTE, OPEN, protected_auth::execute),
        // apps24: the authorization server's discovery documents at the root, where OAuth and
        // OIDC clients look for them (`{issuer}/.well-known/...`).
        root(Get, "/.well-known/openid-configuration", OPEN, connected_apps::discovery),
        root(Get, "/.well-known/oauth-authorization-server", OPEN, connected_apps::discovery),
    ]
}

/// The SDK and backend routers and the root's stand-ins, built from [`table`]. Rows at one
/// path with different methods merge into one route.
pub fn router() -> Router<App> {
    let mut router = Router::new();
    for row in table() {
        for path in row.paths() {
            router = router.route(&path, row.handler.clone());
        }
    }
    router
}

/// A stand-in for a third party's script (Google Identity Services, Stytch's DFP script,
/// reCAPTCHA Enterprise), as an app's page loads it: from another origin and without CORS, so
/// `Cross-Origin-Resource-Policy: cross-origin` lets a cross-origin-isolated page (COEP
/// `require-corp`, as the wasm-bindgen test runner's is) run it, as the real hosts' scripts
/// run there. Revalidated on each use: what it says may change (the project's name).
pub fn stand_in_script(source: impl axum::response::IntoResponse) -> impl axum::response::IntoResponse {
    use axum::http::header;
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::HeaderName::from_static("cross-origin-resource-policy"), "cross-origin"),
        ],
        source,
    )
}

/// What the guards know of a request before any handler sees it, read from [`table`] once:
/// the body its route reads, and whether it answers under any host name.
pub struct Facts {
    rows: Vec<Fact>,
    /// Where the table's rows are mounted (the two APIs, and the first segment of each root
    /// row's path): a path there that no row serves still answers any host, with the API's 404.
    mounts: Vec<String>,
}

struct Fact {
    /// The path's segments as mounted; `{name}` matches any one non-empty segment.
    segments: Vec<String>,
    verb: Verb,
    body: BodyKind,
}

/// The table's facts, built on first use.
pub fn facts() -> &'static Facts {
    static FACTS: OnceLock<Facts> = OnceLock::new();
    FACTS.get_or_init(|| Facts::of(&table()))
}

impl Facts {
    fn of(table: &[Route]) -> Facts {
        let mut rows = Vec::new();
        for row in table {
            for path in row.paths() {
                rows.push(Fact { segments: path.split('/').map(String::from).collect(), verb: row.verb, body: row.body });
            }
        }
        let roots = table.iter().filter_map(|r| r.root).map(|p| format!("/{}", p.split('/').nth(1).unwrap_or_default()));
        let mut mounts: Vec<String> = [SDK_PREFIX.to_string(), V1_PREFIX.to_string()].into_iter().chain(roots).collect();
        mounts.sort();
        mounts.dedup();
        Facts { rows, mounts }
    }

    /// The row a request for `path` by `method` reaches: the one with that verb, or (the
    /// request is then answered 405) one at that path. Where several rows' paths match, a
    /// literal segment wins over a parameter, as in the router.
    fn route(&self, path: &str, method: &Method) -> Option<&Fact> {
        let segments: Vec<&str> = path.split('/').collect();
        let matching: Vec<&Fact> = self.rows.iter().filter(|r| matches(&r.segments, &segments)).collect();
        let verb = verb_of(method);
        let with_verb = matching.iter().copied().filter(|r| Some(r.verb) == verb);
        most_literal(with_verb).or_else(|| most_literal(matching.iter().copied()))
    }

    /// What the route of a request reads from its body; JSON where no route serves it (the
    /// control API, and unknown paths, which then answer 404).
    pub fn body(&self, path: &str, method: &Method) -> BodyKind {
        self.route(path, method).map_or(BodyKind::Json, |r| r.body)
    }

    /// Whether a request for `path` answers under any host name: every row of the table is
    /// what apps and their pages reach, under whatever name their network gives the emulator
    /// (a container name, a LAN address); so is a path under the table's mounts that no row
    /// serves (its 404). The control API and the console are no rows.
    /// Every row's path is under a mount (a root row's first segment is one), so the mounts
    /// alone answer: no scan of the rows on every request.
    pub fn answers_any_host(&self, path: &str) -> bool {
        let under = |mount: &String| path.strip_prefix(mount.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        self.mounts.iter().any(under)
    }
}

/// Of rows matching one path, the one whose first differing segment is a literal.
fn most_literal<'a>(rows: impl Iterator<Item = &'a Fact>) -> Option<&'a Fact> {
    rows.min_by_key(|r| r.segments.iter().map(|s| is_parameter(s)).collect::<Vec<_>>())
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

fn matches(pattern: &[String], path: &[&str]) -> bool {
    pattern.len() == path.len() && pattern.iter().zip(path).all(|(p, s)| if is_parameter(p) { !s.is_empty() } else { p == s })
}

/// The row verb a request method reaches (HEAD is served by a GET route).
fn verb_of(method: &Method) -> Option<Verb> {
    Some(match *method {
        Method::GET | Method::HEAD => Verb::Get,
        Method::POST => Verb::Post,
        Method::PUT => Verb::Put,
        Method::DELETE => Verb::Delete,
        Method::PATCH => Verb::Patch,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use stytch_b2b_protocol::methods::{Http, IstUse, METHODS};

    use super::*;

    /// The SDK API's calls that are no client method: the official client's bootstrap and telemetry.
    /// onetap24: One Tap's start and submits are calls of `oauth.googleOneTap.start` (and
    /// `.discovery.start`) around Google's prompt, no method row of their own.
    const SDK_OWN_CALLS: &[&str] = &[
        "/projects/bootstrap/{public_token}",
        "/events",
        "/b2b/oauth/google/onetap/start",
        "/b2b/oauth/google/onetap/submit",
        "/b2b/oauth/google/onetap/discovery/submit",
    ];

    /// The client's HTTP method and a row's verb name the same method (by name, so that a
    /// verb the table does not have yet simply matches no row).
    /// A client path as a route: `{+name}` (a path parameter the client also sends in the
    /// body) is `{name}` here.
    fn route(client_path: &str) -> String {
        client_path.replace("{+", "{")
    }

    fn same_verb(http: Http, verb: Verb) -> bool {
        format!("{http:?}") == format!("{verb:?}")
    }

    #[test]
    fn every_client_method_has_its_sdk_row() {
        let table = table();
        for m in METHODS {
            let row = table.iter().find(|r| r.sdk == Some(route(m.path()).as_str()) && same_verb(m.http, r.verb));
            let row = row.unwrap_or_else(|| panic!("{} ({:?} {}) has no SDK row", m.name(), m.http, m.path()));
            if m.ist != IstUse::None {
                assert!(row.admits.contains(&Credential::Ist), "{}: the client sends an IST, the row does not admit one", m.name());
            }
        }
    }

    #[test]
    fn every_sdk_row_is_a_client_method() {
        for row in table() {
            let Some(path) = row.sdk else { continue };
            if SDK_OWN_CALLS.contains(&path) {
                continue;
            }
            assert!(
                METHODS.iter().any(|m| route(m.path()) == path && same_verb(m.http, row.verb)),
                "{:?} {SDK_PREFIX}{path} is no method of protocol/src/methods.rs",
                row.verb
            );
        }
    }

    /// The table says what the extractors check: the public token on the SDK API, the B2B
    /// project's secret on `/v1/b2b`, the consumer project's on the rest of `/v1`.
    #[test]
    fn each_api_admits_its_own_credential() {
        let public = |admits: &[Credential]| admits.contains(&Credential::PublicToken) || admits == OPEN;
        for row in table() {
            if let Some(path) = row.sdk {
                assert!(public(row.admits), "{SDK_PREFIX}{path}: {:?}", row.admits);
            }
            let Some(path) = row.v1 else { continue };
            let admitted = if path.contains("/public/") && path.contains("/oauth2/") {
                row.admits == OAUTH_CLIENT
            } else if path.contains("/public/") || path.contains("/jwks/") {
                public(row.admits)
            } else if path.starts_with("/oauth2/") {
                // apps24: a Connected App authenticates itself; registration is open (RFC 7591).
                row.admits == OAUTH_CLIENT || (path == "/oauth2/register" && row.admits == OPEN)
            } else if path.starts_with("/fingerprint/") {
                // dfp24: the Fraud API, on the B2B project's credentials here.
                row.admits == B2B_BACKEND
            } else if path.starts_with("/connected_apps/") {
                // The project's Connected Apps belong to the B2B project here.
                row.admits == B2B_BACKEND
            } else if row.admits == SCIM_SERVICE {
                crate::scim::is_service_path(&format!("{V1_PREFIX}{path}"))
            } else if path.starts_with("/b2b/") {
                row.admits.contains(&Credential::B2bSecret) && !row.admits.contains(&Credential::ConsumerSecret)
            } else {
                row.admits.contains(&Credential::ConsumerSecret) && !row.admits.contains(&Credential::B2bSecret)
            };
            assert!(admitted, "{V1_PREFIX}{path}: {:?}", row.admits);
        }
    }

    /// dfp24: every call DFP Protected Auth and captcha protect is an SDK POST row.
    #[test]
    fn every_protected_path_is_an_sdk_post_row() {
        let table = table();
        for path in crate::dfp::PROTECTED_SDK_PATHS {
            assert!(table.iter().any(|r| r.sdk == Some(*path) && r.verb == Verb::Post), "{path} is no SDK POST row");
        }
    }

    #[test]
    fn no_path_and_method_has_two_rows() {
        let mut seen = BTreeSet::new();
        for row in table() {
            for path in row.paths() {
                assert!(seen.insert((path.clone(), format!("{:?}", row.verb))), "{:?} {path} twice", row.verb);
            }
        }
    }

    /// What a route reads follows from who calls it: an identity provider the SCIM service
    /// (SCIM's media type), a Connected App client the OAuth 2.0 endpoints (a form; registering
    /// one is open, RFC 7591), a browser's beacon the telemetry; everything else reads JSON.
    /// Nothing a read (GET) or a removal (DELETE) gets is dropped unread.
    #[test]
    fn each_route_reads_the_body_its_callers_send() {
        for row in table() {
            let path = row.paths().next().unwrap();
            let expected = if row.admits == SCIM_SERVICE {
                BodyKind::Scim
            } else if row.admits == OAUTH_CLIENT || (row.admits == OPEN && row.v1 == Some("/oauth2/register")) {
                BodyKind::Form
            } else if row.admits == OPEN && row.verb == Verb::Post && row.sdk == Some("/events") {
                BodyKind::Discarded
            } else {
                BodyKind::Json
            };
            assert_eq!(row.body, expected, "{:?} {path}", row.verb);
            if matches!(row.verb, Verb::Get | Verb::Delete) {
                assert_ne!(row.body, BodyKind::Discarded, "{:?} {path}", row.verb);
            }
        }
    }

    /// A path of each row, its parameters filled in.
    fn concrete(path: &str) -> String {
        path.split('/').map(|s| if is_parameter(s) { "p-1" } else { s }).collect::<Vec<_>>().join("/")
    }

    fn method(verb: Verb) -> Method {
        match verb {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Put => Method::PUT,
            Verb::Delete => Method::DELETE,
            Verb::Patch => Method::PATCH,
        }
    }

    /// The guards find each row as the router does: by its verb, a literal segment before a
    /// parameter (`/b2b/sso/saml` is not `/b2b/sso/{connection_id}`).
    #[test]
    fn the_guards_find_each_row_by_its_path_and_verb() {
        let facts = facts();
        for row in table() {
            for path in row.paths() {
                let found = facts.route(&concrete(&path), &method(row.verb)).unwrap_or_else(|| panic!("{path} not found"));
                assert_eq!((found.verb, found.body), (row.verb, row.body), "{path}");
                assert_eq!(found.segments.join("/"), path);
                assert!(facts.answers_any_host(&concrete(&path)), "{path}");
            }
        }
        // Another method at a row's path (answered 405): the path's own body kind.
        assert_eq!(facts.body("/v1/oauth2/token", &Method::PUT), BodyKind::Form);
        assert_eq!(facts.body("/sdk/v1/events", &Method::GET), BodyKind::Discarded);
        assert_eq!(facts.body("/v1/b2b/scim/scim-connection-1/Users", &Method::HEAD), BodyKind::Scim);
        // No route: JSON, as the control API reads.
        assert_eq!(facts.body("/_emulator/reset", &Method::POST), BodyKind::Json);
        assert_eq!(facts.body("/sdk/v1/events/x", &Method::POST), BodyKind::Json);
        assert_eq!(facts.body("/v1/b2b/sso/", &Method::DELETE), BodyKind::Json);
    }

    /// The apps' surface answers any host name, known route or not (its 404 is the API's);
    /// the control API and the console do not.
    #[test]
    fn only_the_table_and_its_mounts_answer_any_host() {
        let facts = facts();
        for path in ["/sdk/v1", "/sdk/v1/nope", "/v1/nope/x", "/.well-known/x", "/gsi/x", "/submit", "/telemetry.js"] {
            assert!(facts.answers_any_host(path), "{path}");
        }
        for path in ["/", "/_emulator", "/_emulator/project", "/_console/console.js", "/sdk", "/sdk/v10", "/v10/x", "/nope", "/gsix"] {
            assert!(!facts.answers_any_host(path), "{path}");
        }
        // What `answers_any_host` relies on: every row is under a mount.
        for path in table().iter().flat_map(Route::paths) {
            assert!(facts.answers_any_host(&path), "{path}");
        }
    }
}
