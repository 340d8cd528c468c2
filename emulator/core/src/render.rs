//! The emulator's records as Stytch's objects: B2B members, organizations, member sessions and
//! authentication factors, consumer users and sessions as the protocol crate's types; the
//! session JWTs' claims as JSON.

use serde_json::{json, Value};
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::consumer as pc;

use crate::model::{ConsumerProject, Factor, FactorKind, Member, MemberSession, Organization, Project, User, UserSession, World};
use crate::text::rfc3339;

/// A JSON object, as request and response bodies are built.
pub type Object = serde_json::Map<String, serde_json::Value>;

/// Lifetime of a session JWT; the opaque session token lives as long as the session.
pub const JWT_LIFETIME_SECONDS: i64 = 300;

/// The role every member has: Stytch's default member role (see `rbac`).
pub use crate::rbac::MEMBER_ROLE;

pub fn member(m: &Member, now: i64) -> pm::Member {
    pm::Member {
        organization_id: m.organization_id.clone(),
        member_id: m.member_id.clone(),
        email_address: m.email_address.clone(),
        email_address_verified: m.email_address_verified,
        retired_email_addresses: m.retired_email_addresses.iter().map(|r| json!(r)).collect(),
        status: m.status.clone(),
        name: m.name.clone(),
        trusted_metadata: if m.trusted_metadata.is_null() { json!({}) } else { m.trusted_metadata.clone() },
        untrusted_metadata: if m.untrusted_metadata.is_null() { json!({}) } else { m.untrusted_metadata.clone() },
        created_at: rfc3339(m.created_at),
        updated_at: rfc3339(m.updated_at),
        sso_registrations: m
            .sso_registrations
            .iter()
            .map(|r| {
                json!({"connection_id": r.connection_id, "external_id": r.external_id, "registration_id": r.registration_id,
                    "sso_attributes": r.sso_attributes})
            })
            .collect(),
        is_breakglass: false,
        is_admin: m.is_admin || m.roles.iter().any(|r| r == crate::rbac::ADMIN_ROLE),
        is_locked: m.lock.is_locked(now),
        member_password_id: m.member_password_id.clone(),
        mfa_enrolled: m.mfa_enrolled,
        mfa_phone_number: m.mfa_phone_number.clone(),
        mfa_phone_number_verified: m.mfa_phone_number_verified,
        roles: direct_roles(m),
        default_mfa_method: m.default_mfa_method.as_ref().map(ToString::to_string).unwrap_or_default(),
        totp_registration_id: m.verified_totp().map(|t| t.totp_registration_id.clone()).unwrap_or_default(),
        oauth_registrations: vec![],
        scim_registration: m.scim_registration.clone(),
    }
}

/// A member with every role it holds, including those its organization implies by email
/// domain and its SSO connections grant (`rbac::all_roles`).
pub fn member_in(w: &World, m: &Member, now: i64) -> pm::Member {
    let mut out = member(m, now);
    if let Some(org) = w.organizations.get(&m.organization_id) {
        out.roles = crate::rbac::render_sources(crate::rbac::all_roles(w, m));
        out.scim_registration = crate::scim::registration_in(org, m);
    }
    out
}

/// The roles a member holds without its organization's implied ones (for callers that have
/// no world at hand; `member_in` renders them all).
fn direct_roles(m: &Member) -> Vec<pm::MemberRole> {
    crate::rbac::render_roles(m, &[], &[])
}

/// The ids of a member's roles without the organization's implied ones (see `rbac::role_ids`).
pub fn role_ids(m: &Member) -> Vec<String> {
    direct_roles(m).into_iter().map(|r| r.role_id).collect()
}

pub fn organization(o: &Organization) -> pm::Organization {
    pm::Organization {
        organization_id: o.organization_id.clone(),
        organization_name: o.organization_name.clone(),
        organization_slug: o.organization_slug.clone(),
        organization_logo_url: String::new(),
        trusted_metadata: json!({}),
        sso_default_connection_id: o.sso_connections.iter().find(|c| !c.settings.pending).map(|c| c.connection_id.clone()),
        sso_jit_provisioning: "NOT_ALLOWED".into(),
        sso_jit_provisioning_allowed_connections: vec![],
        sso_active_connections: o
            .sso_connections
            .iter()
            // A connection set up through the API is listed once it has all its settings (#24).
            .filter(|c| !c.settings.pending)
            .map(|c| pm::SsoActiveConnection {
                connection_id: c.connection_id.clone(),
                display_name: c.display_name.clone(),
                identity_provider: c.settings.identity_provider(),
            })
            .collect(),
        scim_active_connection: o.scim_connection.as_ref().map(|c| {
            json!({
                "connection_id": c.connection_id,
                "display_name": c.display_name,
                "bearer_token_last_four": c.bearer.last_four(),
                "bearer_token_expires_at": rfc3339(c.bearer.expires_at),
            })
        }),
        email_allowed_domains: o.email_allowed_domains.clone(),
        email_jit_provisioning: o.email_jit_provisioning.to_string(),
        email_invites: "ALL_ALLOWED".into(),
        oauth_tenant_jit_provisioning: "NOT_ALLOWED".into(),
        allowed_oauth_tenants: json!({}),
        auth_methods: o.auth_methods.clone(),
        allowed_auth_methods: o.allowed_auth_methods.iter().map(ToString::to_string).collect(),
        mfa_methods: o.mfa_methods.clone(),
        allowed_mfa_methods: o.allowed_mfa_methods.clone(),
        mfa_policy: o.mfa_policy.clone(),
        rbac_email_implicit_role_assignments: o.rbac_email_implicit_role_assignments.iter().map(|a| json!(a)).collect(),
        claimed_email_domains: vec![],
        first_party_connected_apps_allowed_type: "ALL_ALLOWED".into(),
        allowed_first_party_connected_apps: vec![],
        third_party_connected_apps_allowed_type: "ALL_ALLOWED".into(),
        allowed_third_party_connected_apps: vec![],
        custom_roles: vec![],
        created_at: rfc3339(o.created_at),
        updated_at: rfc3339(o.updated_at),
    }
}

pub fn factor(f: &Factor) -> pm::AuthenticationFactor {
    use pm::{DeliveryMethod as D, FactorType as T};
    let mut out = pm::AuthenticationFactor {
        created_at: rfc3339(f.created_at),
        updated_at: rfc3339(f.last_authenticated_at),
        last_authenticated_at: rfc3339(f.last_authenticated_at),
        sequence_order: if f.kind.is_mfa() { "SECONDARY" } else { "PRIMARY" }.into(),
        ..Default::default()
    };
    (out.factor_type, out.delivery_method) = match &f.kind {
        FactorKind::Password => (T::Password, D::Knowledge),
        FactorKind::MagicLink { email_id, email_address } => {
            out.email_factor = Some(pm::EmailFactor { email_id: email_id.clone(), email_address: email_address.clone() });
            (T::MagicLink, D::Email)
        }
        FactorKind::EmailOtp { email_id, email_address } => {
            out.email_factor = Some(pm::EmailFactor { email_id: email_id.clone(), email_address: email_address.clone() });
            (T::EmailOtp, D::Email)
        }
        FactorKind::SmsOtp { phone_id, phone_number } => {
            out.phone_number_factor = Some(pm::PhoneNumberFactor { phone_id: phone_id.clone(), phone_number: phone_number.clone() });
            (T::Otp, D::Sms)
        }
        FactorKind::Totp { totp_registration_id } => {
            out.authenticator_app_factor = Some(pm::AuthenticatorAppFactor { totp_id: totp_registration_id.clone() });
            (T::Totp, D::AuthenticatorApp)
        }
        FactorKind::RecoveryCode { totp_registration_id } => {
            out.recovery_code_factor = Some(pm::RecoveryCodeFactor { totp_recovery_code_id: totp_registration_id.clone() });
            (T::RecoveryCodes, D::RecoveryCode)
        }
        FactorKind::OAuth { provider, provider_subject, email_id } => {
            let detail = pm::OAuthFactor {
                id: format!("oauth-user-registration-{provider}"),
                email_id: email_id.clone(),
                provider_subject: provider_subject.clone(),
            };
            match provider.as_str() {
                "google" => {
                    out.google_oauth_factor = Some(detail);
                    (T::Oauth, D::OauthGoogle)
                }
                "github" => {
                    out.github_oauth_factor = Some(detail);
                    (T::Oauth, D::OauthGithub)
                }
                "hubspot" => {
                    out.hubspot_oauth_factor = Some(detail);
                    (T::Oauth, D::OauthHubspot)
                }
                "slack" => {
                    out.slack_oauth_factor = Some(detail);
                    (T::Oauth, D::OauthSlack)
                }
                _ => {
                    out.microsoft_oauth_factor = Some(detail);
                    (T::Oauth, D::OauthMicrosoft)
                }
            }
        }
        FactorKind::Sso { connection_id, protocol, external_id } => {
            let detail = pm::SsoFactor { id: connection_id.clone(), provider_id: connection_id.clone(), external_id: external_id.clone() };
            if protocol == "saml" {
                out.saml_sso_factor = Some(detail);
                (T::Sso, D::SsoSaml)
            } else {
                out.oidc_sso_factor = Some(detail);
                (T::Sso, D::SsoOidc)
            }
        }
        FactorKind::Impersonated { impersonator_id, impersonator_email_address } => {
            out.impersonated_factor = Some(pm::ImpersonatedFactor {
                impersonator_id: impersonator_id.clone(),
                impersonator_email_address: impersonator_email_address.clone(),
            });
            (T::Impersonated, D::Impersonation)
        }
        FactorKind::TrustedAuthToken { token_id } => {
            out.trusted_auth_token_factor = Some(json!({ "token_id": token_id }));
            (T::Other("trusted_auth_token".into()), D::Other("trusted_token_exchange".into()))
        }
        // Our reading: Stytch's reference names no factor type for this exchange.
        FactorKind::AccessTokenExchange { .. } => {
            (T::Other("oauth_access_token_exchange".into()), D::Other("oauth_access_token_exchange".into()))
        }
    };
    out
}

pub fn member_session(s: &MemberSession, org: &Organization) -> pm::MemberSession {
    pm::MemberSession {
        member_session_id: s.member_session_id.clone(),
        member_id: s.member_id.clone(),
        organization_id: s.organization_id.clone(),
        started_at: rfc3339(s.started_at),
        last_accessed_at: rfc3339(s.last_accessed_at),
        expires_at: rfc3339(s.expires_at),
        authentication_factors: s.factors.iter().map(factor).collect(),
        custom_claims: json!({}),
        roles: vec![MEMBER_ROLE.into()],
        organization_slug: org.organization_slug.clone(),
    }
}

/// A member session with the roles its member holds now (`rbac::role_ids`).
pub fn member_session_in(w: &World, s: &MemberSession) -> pm::MemberSession {
    let mut out = member_session(s, &w.organizations[&s.organization_id]);
    if let Some(m) = w.members.get(&s.member_id) {
        out.roles = crate::rbac::role_ids(w, m);
    }
    out
}

/// A member session JWT as Stytch shapes it: the standard and session claims plus the
/// organization.
/// (The claims; `Keys::sign` makes the JWT, e.g. once the world lock is released.)
pub fn session_jwt_claims(project: &Project, s: &MemberSession, org: &Organization, now: i64) -> Value {
    let times = (s.started_at, s.last_accessed_at, s.expires_at);
    let mut claims = jwt_claims(&project.project_id, &s.member_id, &s.member_session_id, times, &s.factors, MEMBER_ROLE, now);
    claims["https://stytch.com/organization"] = json!({
        "organization_id": org.organization_id,
        "slug": org.organization_slug,
    });
    claims
}

/// The claims both kinds of session JWT share, as both backend SDKs verify them (`aud` the
/// project, `iss` `stytch.com/{project_id}`, the `https://stytch.com/session` claim): the
/// B2B project's for member sessions, the consumer project's for user sessions. The JWT
/// lives `JWT_LIFETIME_SECONDS`, never past its session.
fn jwt_claims(
    project_id: &str,
    sub: &str,
    session_id: &str,
    (started, accessed, expires): (i64, i64, i64),
    factors: &[Factor],
    role: &str,
    now: i64,
) -> Value {
    json!({
        "sub": sub,
        "iss": format!("stytch.com/{project_id}"),
        "aud": [project_id],
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
pub fn user(u: &User, now: i64) -> pc::User {
    pc::User {
        user_id: u.user_id.clone(),
        emails: vec![pc::UserEmail { email_id: u.email_id.clone(), email: u.email.clone(), verified: u.email_verified }],
        status: u.status.clone(),
        phone_numbers: u
            .phone_numbers
            .iter()
            .map(|p| pc::UserPhoneNumber { phone_id: p.phone_id.clone(), phone_number: p.phone_number.clone(), verified: p.verified })
            .collect(),
        is_locked: u.lock.is_locked(now),
        roles: vec!["stytch_user".into()],
        name: pc::UserName { first_name: u.first_name.clone(), middle_name: String::new(), last_name: u.last_name.clone() },
        created_at: rfc3339(u.created_at),
        password: u.password_hash.is_some().then(|| pc::UserPassword { password_id: u.password_id.clone(), requires_reset: false }),
        trusted_metadata: json!({}),
        untrusted_metadata: json!({}),
        ..Default::default()
    }
}

/// A consumer session as Stytch's `Session` object.
pub fn user_session(s: &UserSession) -> pc::Session {
    pc::Session {
        session_id: s.session_id.clone(),
        user_id: s.user_id.clone(),
        authentication_factors: s.factors.iter().map(factor).collect(),
        roles: vec!["stytch_user".into()],
        started_at: rfc3339(s.started_at),
        last_accessed_at: rfc3339(s.last_accessed_at),
        expires_at: rfc3339(s.expires_at),
        attributes: pc::SessionAttributes::default(),
        custom_claims: json!({}),
    }
}

/// A consumer session JWT's claims (to be signed with the consumer project's key): the shared
/// claims, the user as subject.
pub fn user_session_jwt_claims(project: &ConsumerProject, s: &UserSession, now: i64) -> Value {
    let times = (s.started_at, s.last_accessed_at, s.expires_at);
    jwt_claims(&project.project_id, &s.user_id, &s.session_id, times, &s.factors, "stytch_user", now)
}

/// `{member_id, member, organization}`: what sends answer with.
pub fn member_response(w: &World, now: i64, member_id: &str) -> pm::MemberResponse {
    let member = &w.members[member_id];
    pm::MemberResponse {
        member_id: member_id.to_string(),
        member: member_in(w, member, now),
        organization: organization(&w.organizations[&member.organization_id]),
        ..Default::default()
    }
}

/// What an email login-or-sign-up send (magic link, email passcode) answers: the member, and
/// whether the send created them.
pub fn login_or_signup_response(w: &World, now: i64, member_id: &str, member_created: bool) -> pm::MagicLinkSendResponse {
    let m = member_response(w, now, member_id);
    pm::MagicLinkSendResponse {
        member_id: m.member_id,
        member: m.member,
        organization: m.organization,
        member_created,
        ..Default::default()
    }
}
