//! Stytch's B2B objects: members, organizations, member sessions and their authentication
//! factors. Reading is lenient (missing fields take their defaults, unknown ones are ignored),
//! so a client keeps working when the API adds or drops a field; writing gives every field,
//! as Stytch does.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::enums::{DeliveryMethod, FactorType, MemberStatus, MfaMethod, MfaPolicy, Restriction};

/// A member of an organization.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Member {
    pub organization_id: String,
    pub member_id: String,
    pub email_address: String,
    pub email_address_verified: bool,
    pub retired_email_addresses: Vec<Value>,
    pub status: MemberStatus,
    pub name: String,
    pub trusted_metadata: Value,
    pub untrusted_metadata: Value,
    pub created_at: String,
    pub updated_at: String,
    pub sso_registrations: Vec<Value>,
    pub is_breakglass: bool,
    pub is_admin: bool,
    /// Locked after too many failed authentications (Stytch's user lock).
    pub is_locked: bool,
    pub member_password_id: String,
    pub mfa_enrolled: bool,
    /// E.164; empty when the member has no phone.
    pub mfa_phone_number: String,
    pub mfa_phone_number_verified: bool,
    pub roles: Vec<MemberRole>,
    /// `sms_otp`, `totp`, or empty.
    pub default_mfa_method: String,
    /// The verified TOTP registration; empty without one.
    pub totp_registration_id: String,
    pub oauth_registrations: Vec<Value>,
    /// The SCIM connection that provisioned the member (scim24), absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scim_registration: Option<crate::scim::ScimRegistration>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberRole {
    pub role_id: String,
    pub sources: Vec<RoleSource>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleSource {
    #[serde(rename = "type")]
    pub source_type: String,
    pub details: Value,
}

/// An organization and its authentication policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Organization {
    pub organization_id: String,
    pub organization_name: String,
    pub organization_slug: String,
    pub organization_logo_url: String,
    pub trusted_metadata: Value,
    pub sso_default_connection_id: Option<String>,
    pub sso_jit_provisioning: String,
    pub sso_jit_provisioning_allowed_connections: Vec<Value>,
    pub sso_active_connections: Vec<SsoActiveConnection>,
    pub scim_active_connection: Option<Value>,
    pub email_allowed_domains: Vec<String>,
    pub email_jit_provisioning: String,
    pub email_invites: String,
    pub oauth_tenant_jit_provisioning: String,
    pub allowed_oauth_tenants: Value,
    /// Whether primary factors are restricted to `allowed_auth_methods`.
    pub auth_methods: Restriction,
    pub allowed_auth_methods: Vec<String>,
    /// Whether second factors are restricted to `allowed_mfa_methods`.
    pub mfa_methods: Restriction,
    pub allowed_mfa_methods: Vec<MfaMethod>,
    pub mfa_policy: MfaPolicy,
    pub rbac_email_implicit_role_assignments: Vec<Value>,
    pub claimed_email_domains: Vec<String>,
    pub first_party_connected_apps_allowed_type: String,
    pub allowed_first_party_connected_apps: Vec<Value>,
    pub third_party_connected_apps_allowed_type: String,
    pub allowed_third_party_connected_apps: Vec<Value>,
    pub custom_roles: Vec<Value>,
    pub created_at: String,
    pub updated_at: String,
}

impl Organization {
    /// Whether members may use `method` as a second factor.
    pub fn allows_mfa(&self, method: &MfaMethod) -> bool {
        self.mfa_methods != Restriction::Restricted || self.allowed_mfa_methods.contains(method)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SsoActiveConnection {
    pub connection_id: String,
    pub display_name: String,
    pub identity_provider: String,
}

/// A member session: who, until when, and which factors proved it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberSession {
    pub member_session_id: String,
    pub member_id: String,
    pub organization_id: String,
    /// RFC 3339.
    pub started_at: String,
    pub last_accessed_at: String,
    pub expires_at: String,
    pub authentication_factors: Vec<AuthenticationFactor>,
    pub custom_claims: Value,
    pub roles: Vec<String>,
    pub organization_slug: String,
}

/// One factor of a session, with the detail of its kind (one of the `*_factor` fields).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthenticationFactor {
    #[serde(rename = "type")]
    pub factor_type: FactorType,
    pub delivery_method: DeliveryMethod,
    pub created_at: String,
    pub updated_at: String,
    /// RFC 3339; what step-up checks compare against.
    pub last_authenticated_at: String,
    /// `PRIMARY` or `SECONDARY`.
    pub sequence_order: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_factor: Option<EmailFactor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number_factor: Option<PhoneNumberFactor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authenticator_app_factor: Option<AuthenticatorAppFactor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_code_factor: Option<RecoveryCodeFactor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub google_oauth_factor: Option<OAuthFactor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub microsoft_oauth_factor: Option<OAuthFactor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub github_oauth_factor: Option<OAuthFactor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hubspot_oauth_factor: Option<OAuthFactor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slack_oauth_factor: Option<OAuthFactor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_sso_factor: Option<SsoFactor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oidc_sso_factor: Option<SsoFactor>,
    /// `{token_id}` of a `trusted_auth_token` factor (`sessions.attest`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_auth_token_factor: Option<Value>,
    /// Who impersonated the member (`impersonation.authenticate`, scim24).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impersonated_factor: Option<ImpersonatedFactor>,
}

/// The impersonator of an `impersonated` factor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImpersonatedFactor {
    pub impersonator_id: String,
    pub impersonator_email_address: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmailFactor {
    pub email_id: String,
    pub email_address: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PhoneNumberFactor {
    pub phone_id: String,
    pub phone_number: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthenticatorAppFactor {
    pub totp_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecoveryCodeFactor {
    pub totp_recovery_code_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OAuthFactor {
    pub id: String,
    pub email_id: String,
    pub provider_subject: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SsoFactor {
    pub id: String,
    pub provider_id: String,
    pub external_id: String,
}
