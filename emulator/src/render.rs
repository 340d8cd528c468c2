//! JSON shapes of Stytch's objects: B2B members, organizations and member sessions, consumer
//! users and sessions, authentication factors, and the session JWTs' claims.

use serde_json::{json, Value};

use crate::jwt::Keys;
use crate::model::{Factor, FactorKind, Member, MemberSession, Organization, Project, User, UserSession};
use crate::util::rfc3339;

/// Lifetime of a session JWT; the opaque session token lives as long as the session.
pub const JWT_LIFETIME_SECONDS: i64 = 300;

pub fn member(m: &Member, now: i64) -> Value {
    json!({
        "organization_id": m.organization_id,
        "member_id": m.member_id,
        "email_address": m.email_address,
        "email_address_verified": m.email_address_verified,
        "retired_email_addresses": [],
        "status": m.status,
        "name": m.name,
        "trusted_metadata": {},
        "untrusted_metadata": {},
        "created_at": rfc3339(m.created_at),
        "updated_at": rfc3339(m.updated_at),
        "sso_registrations": [],
        "is_breakglass": false,
        "is_admin": false,
        "is_locked": m.lock.is_locked(now),
        "member_password_id": m.member_password_id,
        "mfa_enrolled": m.mfa_enrolled,
        "mfa_phone_number": m.mfa_phone_number,
        "mfa_phone_number_verified": m.mfa_phone_number_verified,
        "roles": [{"role_id": "stytch_member", "sources": [{"type": "direct_assignment", "details": {}}]}],
        "default_mfa_method": m.default_mfa_method,
        "totp_registration_id": m.verified_totp().map(|t| t.totp_registration_id.as_str()).unwrap_or(""),
        "oauth_registrations": [],
    })
}

pub fn organization(o: &Organization) -> Value {
    json!({
        "organization_id": o.organization_id,
        "organization_name": o.organization_name,
        "organization_slug": o.organization_slug,
        "organization_logo_url": "",
        "trusted_metadata": {},
        "sso_default_connection_id": o.sso_connections.first().map(|c| c.connection_id.as_str()),
        "sso_jit_provisioning": "NOT_ALLOWED",
        "sso_jit_provisioning_allowed_connections": [],
        "sso_active_connections": o.sso_connections.iter().map(|c| json!({
            "connection_id": c.connection_id,
            "display_name": c.display_name,
            "identity_provider": "generic",
        })).collect::<Vec<_>>(),
        "scim_active_connection": null,
        "email_allowed_domains": [],
        "email_jit_provisioning": o.email_jit_provisioning,
        "email_invites": "ALL_ALLOWED",
        "oauth_tenant_jit_provisioning": "NOT_ALLOWED",
        "allowed_oauth_tenants": {},
        "auth_methods": o.auth_methods,
        "allowed_auth_methods": o.allowed_auth_methods,
        "mfa_methods": o.mfa_methods,
        "allowed_mfa_methods": o.allowed_mfa_methods,
        "mfa_policy": o.mfa_policy,
        "rbac_email_implicit_role_assignments": [],
        "claimed_email_domains": [],
        "first_party_connected_apps_allowed_type": "ALL_ALLOWED",
        "allowed_first_party_connected_apps": [],
        "third_party_connected_apps_allowed_type": "ALL_ALLOWED",
        "allowed_third_party_connected_apps": [],
        "custom_roles": [],
        "created_at": rfc3339(o.created_at),
        "updated_at": rfc3339(o.updated_at),
    })
}

pub fn factor(f: &Factor) -> Value {
    let (ty, delivery, detail_key, detail) = match &f.kind {
        FactorKind::Password => ("password", "knowledge", None, Value::Null),
        FactorKind::MagicLink { email_id, email_address } => (
            "magic_link",
            "email",
            Some("email_factor"),
            json!({"email_id": email_id, "email_address": email_address}),
        ),
        FactorKind::SmsOtp { phone_id, phone_number } => (
            "otp",
            "sms",
            Some("phone_number_factor"),
            json!({"phone_id": phone_id, "phone_number": phone_number}),
        ),
        FactorKind::Totp { totp_registration_id } => (
            "totp",
            "authenticator_app",
            Some("authenticator_app_factor"),
            json!({"totp_id": totp_registration_id}),
        ),
        FactorKind::RecoveryCode { totp_registration_id } => (
            "recovery_codes",
            "recovery_code",
            Some("recovery_code_factor"),
            json!({"totp_recovery_code_id": totp_registration_id}),
        ),
        FactorKind::OAuth { provider, provider_subject, email_id } => (
            "oauth",
            if provider == "google" { "oauth_google" } else { "oauth_microsoft" },
            Some(if provider == "google" { "google_oauth_factor" } else { "microsoft_oauth_factor" }),
            json!({"id": format!("oauth-user-registration-{provider}"), "email_id": email_id, "provider_subject": provider_subject}),
        ),
        FactorKind::Sso { connection_id, protocol, external_id } => (
            "sso",
            if protocol == "saml" { "sso_saml" } else { "sso_oidc" },
            Some(if protocol == "saml" { "saml_sso_factor" } else { "oidc_sso_factor" }),
            json!({"id": connection_id, "provider_id": connection_id, "external_id": external_id}),
        ),
    };
    let mut v = json!({
        "type": ty,
        "delivery_method": delivery,
        "created_at": rfc3339(f.created_at),
        "updated_at": rfc3339(f.last_authenticated_at),
        "last_authenticated_at": rfc3339(f.last_authenticated_at),
        "sequence_order": if f.kind.is_mfa() { "SECONDARY" } else { "PRIMARY" },
    });
    if let Some(key) = detail_key {
        v[key] = detail;
    }
    v
}

pub fn member_session(s: &MemberSession, org: &Organization) -> Value {
    json!({
        "member_session_id": s.member_session_id,
        "member_id": s.member_id,
        "organization_id": s.organization_id,
        "started_at": rfc3339(s.started_at),
        "last_accessed_at": rfc3339(s.last_accessed_at),
        "expires_at": rfc3339(s.expires_at),
        "authentication_factors": s.factors.iter().map(factor).collect::<Vec<_>>(),
        "custom_claims": {},
        "roles": ["stytch_member"],
        "organization_slug": org.organization_slug,
    })
}

/// A member session JWT as Stytch shapes it: the standard and session claims plus the
/// organization.
pub fn session_jwt(keys: &Keys, project: &Project, s: &MemberSession, org: &Organization, now: i64) -> String {
    let times = (s.started_at, s.last_accessed_at, s.expires_at);
    let mut claims = jwt_claims(project, &s.member_id, &s.member_session_id, times, &s.factors, "stytch_member", now);
    claims["https://stytch.com/organization"] = json!({
        "organization_id": org.organization_id,
        "slug": org.organization_slug,
    });
    keys.sign(&claims)
}

/// The claims both kinds of session JWT share, as both backend SDKs verify them (`aud` the
/// project, `iss` `stytch.com/{project_id}`, the `https://stytch.com/session` claim). The
/// JWT lives `JWT_LIFETIME_SECONDS`, never past its session.
fn jwt_claims(project: &Project, sub: &str, session_id: &str, (started, accessed, expires): (i64, i64, i64), factors: &[Factor], role: &str, now: i64) -> Value {
    json!({
        "sub": sub,
        "iss": format!("stytch.com/{}", project.project_id),
        "aud": [project.project_id],
        "iat": now,
        "nbf": now,
        "exp": (now + JWT_LIFETIME_SECONDS).min(expires),
        "https://stytch.com/session": {
            "id": session_id,
            "started_at": rfc3339(started),
            "last_accessed_at": rfc3339(accessed),
            "expires_at": rfc3339(expires),
            "attributes": {"ip_address": "", "user_agent": ""},
            "authentication_factors": factors.iter().map(factor).collect::<Vec<_>>(),
            "roles": [role],
        },
    })
}

/// A consumer user as Stytch's `User` object.
pub fn user(u: &User, now: i64) -> Value {
    json!({
        "user_id": u.user_id,
        "emails": [{"email_id": u.email_id, "email": u.email, "verified": u.email_verified}],
        "status": u.status,
        "phone_numbers": u.phone_numbers.iter().map(|p| json!({
            "phone_id": p.phone_id, "phone_number": p.phone_number, "verified": p.verified,
        })).collect::<Vec<_>>(),
        "webauthn_registrations": [],
        "providers": [],
        "totps": [],
        "crypto_wallets": [],
        "biometric_registrations": [],
        "is_locked": u.lock.is_locked(now),
        "roles": ["stytch_user"],
        "name": {"first_name": u.first_name, "middle_name": "", "last_name": u.last_name},
        "created_at": rfc3339(u.created_at),
        "password": if u.password_hash.is_some() {
            json!({"password_id": u.password_id, "requires_reset": false})
        } else {
            Value::Null
        },
        "trusted_metadata": {},
        "untrusted_metadata": {},
    })
}

/// A consumer session as Stytch's `Session` object.
pub fn user_session(s: &UserSession) -> Value {
    json!({
        "session_id": s.session_id,
        "user_id": s.user_id,
        "authentication_factors": s.factors.iter().map(factor).collect::<Vec<_>>(),
        "roles": ["stytch_user"],
        "started_at": rfc3339(s.started_at),
        "last_accessed_at": rfc3339(s.last_accessed_at),
        "expires_at": rfc3339(s.expires_at),
        "attributes": {"ip_address": "", "user_agent": ""},
        "custom_claims": {},
    })
}

/// A consumer session JWT: the shared claims, the user as subject.
pub fn user_session_jwt(keys: &Keys, project: &Project, s: &UserSession, now: i64) -> String {
    let times = (s.started_at, s.last_accessed_at, s.expires_at);
    keys.sign(&jwt_claims(project, &s.user_id, &s.session_id, times, &s.factors, "stytch_user", now))
}
