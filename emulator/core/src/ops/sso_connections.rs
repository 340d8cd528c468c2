//! SSO connection management (sso24, #24): an organization's SAML, OIDC and external
//! connections created, updated, listed (`ops::sso`) and deleted, on the SDK API for the
//! member of the session (RBAC: the `stytch.sso` resource's `create`, `update`, `delete`) and
//! on the backend API for the organization of the path (with an `X-Stytch-Member-Session`
//! header, for that member, as on Stytch).
//!
//! A connection created here is `pending` until it has what its protocol needs (SAML: entity
//! id, SSO URL, attribute mapping and a certificate; OIDC: issuer, client id and secret and
//! the four URLs); then it is `active` and listed among the organization's
//! `sso_active_connections`, and its sign-ins through the emulator's identity provider use
//! its settings (`ops::idp`). Nothing is fetched: `updateConnectionByURL` takes the emulator's
//! own identity provider's metadata URL only (`saml_metadata`), and an OIDC issuer change
//! keeps the request's URLs (Stytch would read the issuer's discovery document).

use std::collections::BTreeMap;

use stytch_b2b_protocol::responses as pr;
use stytch_b2b_protocol::sso_connections as sc;

use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{Caller, Surface};
use crate::limits::{MAX_SSO_CONNECTION_KEYS, MAX_SSO_MAPPING_ENTRIES, MAX_SSO_SETTING_CHARS};
use crate::model::{ConnectionSettings, Organization, SsoConnection, World};
use crate::ops::members::Scope;
use crate::rbac::SSO;
use crate::saml_metadata;

/// Stytch's default NameID format for a SAML connection.
const EMAIL_NAMEID_FORMAT: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
/// The identity providers Stytch's API names.
const IDENTITY_PROVIDERS: &[&str] = &[
    "classlink",
    "cyberark",
    "duo",
    "generic",
    "google-workspace",
    "jumpcloud",
    "keycloak",
    "miniorange",
    "microsoft-entra",
    "okta",
    "onelogin",
    "pingfederate",
    "rippling",
    "salesforce",
    "shibboleth",
];

/// The emulator's address as the request named it (`http://host:port`): the base of the URLs
/// a connection hands to its identity provider, and of the local identity provider's metadata.
pub struct Origin(pub String);

/// Which organization a call acts in, once its caller may take `action` on `stytch.sso`:
/// the SDK session's (member actions enabled), or the backend path's.
fn acting(w: &World, env: &Env, caller: &Caller, organization_id: Option<String>, action: &str) -> ApiResult<String> {
    let scope = match (caller.surface, organization_id) {
        (Surface::Backend, Some(id)) => Scope::of_backend(w, env, caller, id)?,
        _ => Scope::of_session(w, env, caller)?,
    };
    scope.authorize(w, SSO, &[action], None)?;
    Ok(scope.organization_id)
}

fn not_found(protocol: &str) -> ApiError {
    match protocol {
        "saml" => ApiError::new(404, ErrorType::SamlConnectionNotFound, "The SAML connection could not be found in this organization."),
        "oidc" => ApiError::new(404, ErrorType::OidcConnectionNotFound, "The OIDC connection could not be found in this organization."),
        _ => ApiError::new(404, ErrorType::SsoConnectionNotFound, "SSO connection could not be found."),
    }
}

/// The organization's connection of `protocol` (any, when `None`).
fn find<'w>(w: &'w World, organization_id: &str, connection_id: &str, protocol: Option<&str>) -> ApiResult<&'w SsoConnection> {
    w.organizations[organization_id]
        .sso_connections
        .iter()
        .find(|c| c.connection_id == connection_id && protocol.is_none_or(|p| c.protocol == p))
        .ok_or_else(|| not_found(protocol.unwrap_or("")))
}

/// Stores the connection's new settings (found by `find` in the same call).
fn store(w: &mut World, env: &Env, organization_id: &str, connection: SsoConnection) {
    let org = w.organizations.get_mut(organization_id).expect("checked by acting");
    if let Some(c) = org.sso_connections.iter_mut().find(|c| c.connection_id == connection.connection_id) {
        *c = connection;
    }
    org.updated_at = env.now;
}

// ---- checks ----

fn check_text(field: &str, value: &str) -> ApiResult<()> {
    if value.chars().count() > MAX_SSO_SETTING_CHARS || value.chars().any(char::is_control) {
        return Err(ApiError::bad_request(format!("{field}: at most {MAX_SSO_SETTING_CHARS} characters, no control characters")));
    }
    Ok(())
}

fn check_identity_provider(value: Option<&str>) -> ApiResult<()> {
    match value {
        Some(v) if !IDENTITY_PROVIDERS.contains(&v) => Err(ApiError::new(
            400,
            ErrorType::InvalidSsoIdp,
            format!("identity_provider: must be one of {}", IDENTITY_PROVIDERS.join(", ")),
        )),
        _ => Ok(()),
    }
}

/// An absolute http(s) URL, or `error_type`.
fn check_url(field: &str, value: &str, error_type: ErrorType) -> ApiResult<()> {
    check_text(field, value)?;
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace) => Ok(()),
        _ => Err(ApiError::new(400, error_type, format!("{field}: must be an absolute http or https URL"))),
    }
}

fn check_mapping(field: &str, mapping: &BTreeMap<String, String>) -> ApiResult<()> {
    if mapping.len() > MAX_SSO_MAPPING_ENTRIES {
        return Err(ApiError::bad_request(format!("{field}: at most {MAX_SSO_MAPPING_ENTRIES} entries")));
    }
    mapping.iter().try_for_each(|(k, v)| check_text(field, k).and_then(|_| check_text(field, v)))
}

/// Role assignments name roles of the project's RBAC policy and groups of sane size.
fn check_roles(w: &World, field: &str, roles: &[sc::ConnectionRoleAssignment], groups: &[sc::GroupRoleAssignment]) -> ApiResult<()> {
    if roles.len() + groups.len() > MAX_SSO_MAPPING_ENTRIES {
        return Err(ApiError::bad_request(format!("{field}: at most {MAX_SSO_MAPPING_ENTRIES} role assignments")));
    }
    let ids = roles.iter().map(|r| &r.role_id).chain(groups.iter().map(|g| &g.role_id));
    for role in ids {
        if !w.project.rbac_policy.has_role(role) {
            return Err(ApiError::bad_request(format!("{field}: role {role} is not in the project's RBAC policy")));
        }
    }
    for g in groups {
        crate::checks::require(&format!("{field}.group"), &g.group)?;
        check_text(field, &g.group)?;
    }
    Ok(())
}

/// A given, non-empty value replaces the setting (an empty one leaves it, as Stytch's API does).
fn set(target: &mut String, value: Option<String>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        *target = v;
    }
}

fn saml_complete(s: &ConnectionSettings) -> bool {
    !s.idp_entity_id.is_empty() && !s.idp_sso_url.is_empty() && !s.attribute_mapping.is_empty() && !s.verification_certificates.is_empty()
}

fn oidc_complete(s: &ConnectionSettings) -> bool {
    [&s.issuer, &s.client_id, &s.client_secret, &s.authorization_url, &s.token_url, &s.userinfo_url, &s.jwks_url]
        .iter()
        .all(|v| !v.is_empty())
}

// ---- rendering ----

pub fn status(c: &SsoConnection) -> &'static str {
    if c.settings.pending {
        "pending"
    } else {
        "active"
    }
}

pub fn saml(organization_id: &str, c: &SsoConnection) -> pr::SamlConnection {
    let s = &c.settings;
    pr::SamlConnection {
        organization_id: organization_id.into(),
        connection_id: c.connection_id.clone(),
        status: status(c).into(),
        display_name: c.display_name.clone(),
        idp_entity_id: s.idp_entity_id.clone(),
        idp_sso_url: s.idp_sso_url.clone(),
        acs_url: s.callback_url.clone(),
        audience_uri: s.callback_url.clone(),
        alternative_audience_uri: s.alternative_audience_uri.clone(),
        alternative_acs_url: s.alternative_acs_url.clone(),
        signing_certificates: Vec::new(),
        verification_certificates: s.verification_certificates.clone(),
        encryption_private_keys: s.encryption_private_keys.clone(),
        saml_encryption_private_keys: s.encryption_private_keys.clone(),
        saml_connection_implicit_role_assignments: s.implicit_roles.clone(),
        saml_group_implicit_role_assignments: s.group_roles.clone(),
        attribute_mapping: s.attribute_mapping.clone(),
        identity_provider: s.identity_provider(),
        nameid_format: if s.nameid_format.is_empty() { EMAIL_NAMEID_FORMAT.into() } else { s.nameid_format.clone() },
        idp_initiated_auth_disabled: s.idp_initiated_auth_disabled,
        allow_gateway_callback: s.allow_gateway_callback,
    }
}

pub fn oidc(organization_id: &str, c: &SsoConnection) -> pr::OidcConnection {
    let s = &c.settings;
    pr::OidcConnection {
        organization_id: organization_id.into(),
        connection_id: c.connection_id.clone(),
        status: status(c).into(),
        display_name: c.display_name.clone(),
        redirect_url: s.callback_url.clone(),
        client_id: s.client_id.clone(),
        // The secret is the app's and the identity provider's; it is never shown back.
        client_secret: String::new(),
        issuer: s.issuer.clone(),
        authorization_url: s.authorization_url.clone(),
        token_url: s.token_url.clone(),
        userinfo_url: s.userinfo_url.clone(),
        jwks_url: s.jwks_url.clone(),
        identity_provider: s.identity_provider(),
        custom_scopes: s.custom_scopes.clone(),
        attribute_mapping: s.attribute_mapping.clone(),
    }
}

/// An external connection is active while the connection it shares is.
pub fn external(w: &World, organization_id: &str, c: &SsoConnection) -> sc::ExternalConnection {
    let s = &c.settings;
    let shared = w
        .organizations
        .get(&s.external_organization_id)
        .and_then(|o| o.sso_connections.iter().find(|x| x.connection_id == s.external_connection_id));
    sc::ExternalConnection {
        organization_id: organization_id.into(),
        connection_id: c.connection_id.clone(),
        external_organization_id: s.external_organization_id.clone(),
        external_connection_id: s.external_connection_id.clone(),
        display_name: c.display_name.clone(),
        status: shared.map_or("pending", status).into(),
        external_connection_implicit_role_assignments: s.implicit_roles.clone(),
        external_group_implicit_role_assignments: s.group_roles.clone(),
    }
}

/// An organization's connections, by protocol (`sso.getConnections`).
pub fn list(w: &World, org: &Organization) -> pr::SsoConnectionsResponse {
    let id = &org.organization_id;
    let of = |protocol: &'static str| org.sso_connections.iter().filter(move |c| c.protocol == protocol);
    pr::SsoConnectionsResponse {
        saml_connections: of("saml").map(|c| saml(id, c)).collect(),
        oidc_connections: of("oidc").map(|c| oidc(id, c)).collect(),
        external_connections: of("external").map(|c| external(w, id, c)).collect(),
        ..Default::default()
    }
}

// ---- operations ----

/// Adds a connection to the organization, once there is room for it.
fn add(w: &mut World, env: &Env, organization_id: &str, connection: SsoConnection) -> ApiResult<()> {
    let org = w.organizations.get_mut(organization_id).expect("checked by acting");
    if org.sso_connections.len() >= env.limits.sso_connections_per_organization {
        return Err(ApiError::bad_request(format!(
            "The emulator keeps at most {} SSO connections per organization.",
            env.limits.sso_connections_per_organization
        )));
    }
    org.sso_connections.push(connection);
    org.updated_at = env.now;
    Ok(())
}

/// A new, pending SAML or OIDC connection (`sso.saml.createConnection`, `sso.oidc.createConnection`).
fn create(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    origin: &Origin,
    protocol: &'static str,
    display_name: Option<String>,
    identity_provider: Option<String>,
) -> ApiResult<(String, SsoConnection)> {
    let organization_id = acting(w, env, caller, organization_id, "create")?;
    check_text("display_name", display_name.as_deref().unwrap_or_default())?;
    check_identity_provider(identity_provider.as_deref())?;
    let connection_id = env.generate.id(&format!("{protocol}-connection"));
    let settings = ConnectionSettings {
        pending: true,
        identity_provider: identity_provider.unwrap_or_default(),
        callback_url: format!("{}/v1/b2b/sso/callback/{connection_id}", origin.0),
        ..Default::default()
    };
    let connection = SsoConnection { connection_id, display_name: display_name.unwrap_or_default(), protocol: protocol.into(), settings };
    add(w, env, &organization_id, connection.clone())?;
    Ok((organization_id, connection))
}

pub fn create_saml(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    origin: Origin,
    req: sc::SamlCreateConnectionOptions,
) -> ApiResult<sc::SamlConnectionResponse> {
    let (org, c) = create(w, env, caller, organization_id, &origin, "saml", req.display_name, req.identity_provider)?;
    Ok(sc::SamlConnectionResponse { connection: saml(&org, &c), ..Default::default() })
}

pub fn create_oidc(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    origin: Origin,
    req: sc::OidcCreateConnectionOptions,
) -> ApiResult<sc::OidcConnectionResponse> {
    let (org, c) = create(w, env, caller, organization_id, &origin, "oidc", req.display_name, req.identity_provider)?;
    Ok(sc::OidcConnectionResponse { connection: oidc(&org, &c), ..Default::default() })
}

/// Adds a verification certificate (PEM), unless the connection has it already.
fn add_certificate(env: &Env, s: &mut ConnectionSettings, pem: &str) -> ApiResult<()> {
    let invalid =
        || ApiError::new(400, ErrorType::InvalidX509Certificate, "x509_certificate: must be one PEM X.509 certificate (BEGIN CERTIFICATE)");
    let certificate = saml_metadata::check_pem(pem, &["CERTIFICATE"]).ok_or_else(invalid)?;
    let facts = saml_metadata::pem_certificate_facts(&certificate).ok_or_else(invalid)?;
    if s.verification_certificates.iter().any(|c| c.certificate == certificate) {
        return Ok(());
    }
    if s.verification_certificates.len() >= MAX_SSO_CONNECTION_KEYS {
        return Err(ApiError::bad_request(format!(
            "A connection keeps at most {MAX_SSO_CONNECTION_KEYS} verification certificates: delete one first."
        )));
    }
    let now = crate::text::rfc3339(env.now);
    s.verification_certificates.push(sc::X509Certificate {
        certificate_id: env.generate.id("saml-verification-key"),
        certificate,
        issuer: facts.issuer,
        created_at: now.clone(),
        expires_at: crate::text::rfc3339(facts.not_after),
        updated_at: now,
    });
    Ok(())
}

/// `sso.saml.updateConnection`: every given setting checked, then stored at once.
pub fn update_saml(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    connection_id: String,
    req: sc::SamlUpdateConnectionOptions,
) -> ApiResult<sc::SamlConnectionResponse> {
    let organization_id = acting(w, env, caller, organization_id, "update")?;
    let mut c = find(w, &organization_id, &connection_id, Some("saml"))?.clone();
    for (field, value) in [
        ("display_name", &req.display_name),
        ("alternative_audience_uri", &req.alternative_audience_uri),
        ("nameid_format", &req.nameid_format),
        ("alternative_acs_url", &req.alternative_acs_url),
    ] {
        check_text(field, value.as_deref().unwrap_or_default())?;
    }
    if check_text("idp_entity_id", req.idp_entity_id.as_deref().unwrap_or_default()).is_err() {
        return Err(ApiError::new(
            400,
            ErrorType::InvalidIdpEntityId,
            format!("idp_entity_id: at most {MAX_SSO_SETTING_CHARS} characters, no control characters"),
        ));
    }
    if let Some(v) = req.idp_sso_url.as_deref().filter(|v| !v.is_empty()) {
        check_url("idp_sso_url", v, ErrorType::InvalidIdpSsoUrl)?;
    }
    check_identity_provider(req.identity_provider.as_deref())?;
    check_mapping("attribute_mapping", req.attribute_mapping.as_ref().unwrap_or(&BTreeMap::new()))?;
    let roles = req.saml_connection_implicit_role_assignments.clone();
    let groups = req.saml_group_implicit_role_assignments.clone();
    check_roles(w, "saml_group_implicit_role_assignments", roles.as_deref().unwrap_or_default(), groups.as_deref().unwrap_or_default())?;
    if let Some(key) = req.signing_private_key.as_deref().filter(|k| !k.is_empty()) {
        // Accepted and not kept: the emulator signs no requests to identity providers.
        saml_metadata::check_pem(key, &["RSA PRIVATE KEY", "PRIVATE KEY"])
            .ok_or_else(|| ApiError::bad_request("signing_private_key: must be a PEM private key"))?;
    }
    let s = &mut c.settings;
    if let Some(pem) = req.x509_certificate.as_deref().filter(|p| !p.is_empty()) {
        add_certificate(env, s, pem)?;
    }
    if let Some(key) = req.saml_encryption_private_key.as_deref().filter(|k| !k.is_empty()) {
        let private_key = saml_metadata::check_pem(key, &["RSA PRIVATE KEY", "PRIVATE KEY"])
            .ok_or_else(|| ApiError::bad_request("saml_encryption_private_key: must be a PEM private key"))?;
        if s.encryption_private_keys.len() >= MAX_SSO_CONNECTION_KEYS {
            return Err(ApiError::bad_request(format!("A connection keeps at most {MAX_SSO_CONNECTION_KEYS} encryption keys.")));
        }
        if !s.encryption_private_keys.iter().any(|k| k.private_key == private_key) {
            let private_key_id = env.generate.id("saml-encryption-key");
            s.encryption_private_keys.push(sc::EncryptionPrivateKey {
                private_key_id,
                private_key,
                created_at: crate::text::rfc3339(env.now),
            });
        }
    }
    set(&mut c.display_name, req.display_name);
    let s = &mut c.settings;
    set(&mut s.idp_entity_id, req.idp_entity_id);
    set(&mut s.idp_sso_url, req.idp_sso_url);
    set(&mut s.alternative_audience_uri, req.alternative_audience_uri);
    set(&mut s.identity_provider, req.identity_provider);
    set(&mut s.nameid_format, req.nameid_format);
    set(&mut s.alternative_acs_url, req.alternative_acs_url);
    if let Some(m) = req.attribute_mapping {
        s.attribute_mapping = m;
    }
    if let Some(r) = roles {
        s.implicit_roles = r;
    }
    if let Some(g) = groups {
        s.group_roles = g;
    }
    if let Some(b) = req.idp_initiated_auth_disabled {
        s.idp_initiated_auth_disabled = b;
    }
    if let Some(b) = req.allow_gateway_callback {
        s.allow_gateway_callback = b;
    }
    s.pending = s.pending && !saml_complete(s);
    store(w, env, &organization_id, c.clone());
    Ok(sc::SamlConnectionResponse { connection: saml(&organization_id, &c), ..Default::default() })
}

/// `sso.saml.updateConnectionByURL`: the entity id, SSO URL and certificate of the identity
/// provider's metadata. Only the emulator's own identity provider's URL is read (see the module).
pub fn update_saml_by_url(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    origin: Origin,
    connection_id: String,
    req: sc::SamlUpdateConnectionByUrlOptions,
) -> ApiResult<sc::SamlConnectionResponse> {
    let organization_id = acting(w, env, caller, organization_id, "update")?;
    crate::checks::require("metadata_url", &req.metadata_url)?;
    let mut c = find(w, &organization_id, &connection_id, Some("saml"))?.clone();
    if !saml_metadata::is_local_metadata_url(&req.metadata_url, &origin.0) {
        return Err(ApiError::new(
            400,
            ErrorType::InvalidSamlMetadataUrl,
            format!(
                "The metadata could not be fetched: the emulator fetches no URLs, and reads only its own identity provider's \
                 metadata ({}/v1{}).",
                origin.0,
                saml_metadata::METADATA_PATH
            ),
        ));
    }
    let metadata = saml_metadata::parse(&saml_metadata::local_metadata(&origin.0))?;
    let s = &mut c.settings;
    add_certificate(env, s, &metadata.certificate)?;
    s.idp_entity_id = metadata.entity_id;
    s.idp_sso_url = metadata.sso_url;
    s.pending = s.pending && !saml_complete(s);
    store(w, env, &organization_id, c.clone());
    Ok(sc::SamlConnectionResponse { connection: saml(&organization_id, &c), ..Default::default() })
}

/// Which of a SAML connection's keys a delete names.
pub enum SamlKey {
    VerificationCertificate(String),
    EncryptionPrivateKey(String),
}

/// `sso.saml.deleteVerificationCertificate` and `deleteEncryptionPrivateKey`. An active
/// connection keeps its last verification certificate (it could not verify sign-ins without).
pub fn delete_saml_key(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    connection_id: String,
    key: SamlKey,
) -> ApiResult<serde_json::Value> {
    let organization_id = acting(w, env, caller, organization_id, "delete")?;
    let mut c = find(w, &organization_id, &connection_id, Some("saml"))?.clone();
    let key_not_found = || ApiError::new(404, ErrorType::SsoVerificationKeyNotFound, "The connection has no key with this id.");
    let s = &mut c.settings;
    let answer = match key {
        SamlKey::VerificationCertificate(id) => {
            let at = s.verification_certificates.iter().position(|k| k.certificate_id == id).ok_or_else(key_not_found)?;
            if !s.pending && s.verification_certificates.len() == 1 {
                return Err(ApiError::new(
                    400,
                    ErrorType::CannotDeleteLastSsoVerificationKey,
                    "An active SAML connection keeps its last verification certificate: add another first.",
                ));
            }
            s.verification_certificates.remove(at);
            serde_json::to_value(sc::SamlDeleteVerificationCertificateResponse { certificate_id: id, ..Default::default() })
        }
        SamlKey::EncryptionPrivateKey(id) => {
            let at = s.encryption_private_keys.iter().position(|k| k.private_key_id == id).ok_or_else(key_not_found)?;
            s.encryption_private_keys.remove(at);
            serde_json::to_value(sc::SamlDeleteEncryptionPrivateKeyResponse { private_key_id: id, ..Default::default() })
        }
    };
    store(w, env, &organization_id, c);
    Ok(answer.unwrap_or_default())
}

/// `sso.oidc.updateConnection`.
pub fn update_oidc(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    connection_id: String,
    req: sc::OidcUpdateConnectionOptions,
) -> ApiResult<sc::OidcConnectionResponse> {
    let organization_id = acting(w, env, caller, organization_id, "update")?;
    let mut c = find(w, &organization_id, &connection_id, Some("oidc"))?.clone();
    for (field, value) in [
        ("display_name", &req.display_name),
        ("client_id", &req.client_id),
        ("client_secret", &req.client_secret),
        ("custom_scopes", &req.custom_scopes),
    ] {
        check_text(field, value.as_deref().unwrap_or_default())?;
    }
    let urls = [
        ("issuer", &req.issuer, ErrorType::OidcConnectionIssuerUrlInvalidFormat),
        ("authorization_url", &req.authorization_url, ErrorType::OidcConnectionAuthorizationUrlInvalidFormat),
        ("token_url", &req.token_url, ErrorType::OidcConnectionTokenUrlInvalidFormat),
        ("userinfo_url", &req.userinfo_url, ErrorType::OidcConnectionUserinfoUrlInvalidFormat),
        ("jwks_url", &req.jwks_url, ErrorType::OidcConnectionJwksUrlInvalidFormat),
    ];
    for (field, value, error_type) in urls {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            check_url(field, v, error_type)?;
        }
    }
    check_identity_provider(req.identity_provider.as_deref())?;
    check_mapping("attribute_mapping", req.attribute_mapping.as_ref().unwrap_or(&BTreeMap::new()))?;
    let issuer_changed = req.issuer.as_deref().is_some_and(|i| !i.is_empty() && i != c.settings.issuer);
    set(&mut c.display_name, req.display_name);
    let s = &mut c.settings;
    set(&mut s.client_id, req.client_id);
    set(&mut s.client_secret, req.client_secret);
    set(&mut s.issuer, req.issuer);
    set(&mut s.authorization_url, req.authorization_url);
    set(&mut s.token_url, req.token_url);
    set(&mut s.userinfo_url, req.userinfo_url);
    set(&mut s.jwks_url, req.jwks_url);
    set(&mut s.identity_provider, req.identity_provider);
    set(&mut s.custom_scopes, req.custom_scopes);
    if let Some(m) = req.attribute_mapping {
        s.attribute_mapping = m;
    }
    s.pending = s.pending && !oidc_complete(s);
    store(w, env, &organization_id, c.clone());
    let warning = if issuer_changed {
        "The emulator fetches no discovery documents: the connection keeps the URLs of the request.".to_string()
    } else {
        String::new()
    };
    Ok(sc::OidcConnectionResponse { connection: oidc(&organization_id, &c), warning, ..Default::default() })
}

/// `sso.external.createConnection`: another organization's SAML or OIDC connection, shared
/// with this one, once.
pub fn create_external(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    req: sc::ExternalCreateConnectionOptions,
) -> ApiResult<sc::ExternalConnectionResponse> {
    let organization_id = acting(w, env, caller, organization_id, "create")?;
    crate::checks::require("external_organization_id", &req.external_organization_id)?;
    crate::checks::require("external_connection_id", &req.external_connection_id)?;
    check_text("display_name", req.display_name.as_deref().unwrap_or_default())?;
    if req.external_organization_id == organization_id {
        return Err(ApiError::new(
            400,
            ErrorType::ExternalOrganizationIdSameAsOrganizationId,
            "external_organization_id: an organization's own connections need no external connection.",
        ));
    }
    let owner = w.organizations.get(&req.external_organization_id).ok_or_else(ApiError::organization_not_found)?;
    let shared =
        owner.sso_connections.iter().find(|c| c.connection_id == req.external_connection_id && c.protocol != "external").ok_or_else(
            || {
                ApiError::new(
                    404,
                    ErrorType::ExternalConnectionIdNotFound,
                    "external_connection_id: no SAML or OIDC connection of that organization.",
                )
            },
        )?;
    let duplicate = w.organizations[&organization_id]
        .sso_connections
        .iter()
        .any(|c| c.protocol == "external" && c.settings.external_connection_id == req.external_connection_id);
    if duplicate {
        return Err(ApiError::new(400, ErrorType::DuplicateExternalSsoConnection, "The organization shares this connection already."));
    }
    let roles = req.connection_implicit_role_assignments.unwrap_or_default();
    let groups = req.group_implicit_role_assignments.unwrap_or_default();
    check_roles(w, "group_implicit_role_assignments", &roles, &groups)?;
    let display_name = req.display_name.filter(|n| !n.is_empty()).unwrap_or_else(|| shared.display_name.clone());
    let connection = SsoConnection {
        connection_id: env.generate.id("external-connection"),
        display_name,
        protocol: "external".into(),
        settings: ConnectionSettings {
            external_organization_id: req.external_organization_id,
            external_connection_id: req.external_connection_id,
            implicit_roles: roles,
            group_roles: groups,
            ..Default::default()
        },
    };
    add(w, env, &organization_id, connection.clone())?;
    Ok(sc::ExternalConnectionResponse { connection: external(w, &organization_id, &connection), ..Default::default() })
}

/// `sso.external.updateConnection`: its name and the roles it grants.
pub fn update_external(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    connection_id: String,
    req: sc::ExternalUpdateConnectionOptions,
) -> ApiResult<sc::ExternalConnectionResponse> {
    let organization_id = acting(w, env, caller, organization_id, "update")?;
    let mut c = find(w, &organization_id, &connection_id, Some("external"))?.clone();
    check_text("display_name", req.display_name.as_deref().unwrap_or_default())?;
    let roles = req.external_connection_implicit_role_assignments;
    let groups = req.external_group_implicit_role_assignments;
    check_roles(
        w,
        "external_group_implicit_role_assignments",
        roles.as_deref().unwrap_or_default(),
        groups.as_deref().unwrap_or_default(),
    )?;
    set(&mut c.display_name, req.display_name);
    if let Some(r) = roles {
        c.settings.implicit_roles = r;
    }
    if let Some(g) = groups {
        c.settings.group_roles = g;
    }
    store(w, env, &organization_id, c.clone());
    Ok(sc::ExternalConnectionResponse { connection: external(w, &organization_id, &c), ..Default::default() })
}

/// `sso.deleteConnection`: the connection, the external connections other organizations
/// made of it, the members' registrations with them (and the roles those granted), and the
/// sign-in tokens they issued that are not spent yet.
pub fn delete(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    connection_id: String,
) -> ApiResult<sc::SsoDeleteConnectionResponse> {
    let organization_id = acting(w, env, caller, organization_id, "delete")?;
    find(w, &organization_id, &connection_id, None)?;
    let mut gone = vec![connection_id.clone()];
    for org in w.organizations.values_mut() {
        org.sso_connections.retain(|c| {
            let goes = c.connection_id == connection_id || c.settings.external_connection_id == connection_id;
            if goes && c.connection_id != connection_id {
                gone.push(c.connection_id.clone());
            }
            !goes
        });
    }
    for m in w.members.values_mut() {
        m.sso_registrations.retain(|r| !gone.contains(&r.connection_id));
    }
    w.idp_grants.retain(|_, g| !matches!(&g.factor, crate::model::FactorKind::Sso { connection_id, .. } if gone.contains(connection_id)));
    w.organizations.get_mut(&organization_id).expect("checked by acting").updated_at = env.now;
    Ok(sc::SsoDeleteConnectionResponse { connection_id, ..Default::default() })
}
