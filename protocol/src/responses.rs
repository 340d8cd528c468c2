//! What each method answers (inside the frontend API's `data` envelope; the backend API sends
//! the same fields at the top level).
//!
//! Every response carries `request_id` and `status_code`. A server building one leaves them
//! empty and adds them when it answers (they are skipped while empty).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::enums::SecondaryAuth;
use crate::objects::{Member, MemberSession, Organization, SsoActiveConnection};

pub(crate) fn is_zero(n: &u16) -> bool {
    *n == 0
}

/// Declares a response: the fields every response carries, then its own.
macro_rules! response {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct $name {
            #[serde(skip_serializing_if = "String::is_empty")]
            pub request_id: String,
            #[serde(skip_serializing_if = "crate::responses::is_zero")]
            pub status_code: u16,
            $($(#[$fmeta])* pub $field: $ty,)*
        }
    };
}

response! {
    /// Only `request_id` and `status_code` (`session.revoke`).
    pub struct BasicResponse {}
}

response! {
    /// The member a call concerns, with their organization (`otps.sms.send`).
    pub struct MemberResponse {
        pub member_id: String,
        pub member: Member,
        pub organization: Organization,
    }
}

response! {
    /// `magicLinks.email.loginOrSignup`.
    pub struct MagicLinkSendResponse {
        pub member_id: String,
        pub member: Member,
        pub organization: Organization,
        /// Whether this call created the member.
        pub member_created: bool,
    }
}

response! {
    /// A member session: `session.authenticate` and the MFA steps (`otps.sms.authenticate`,
    /// `totp.authenticate`).
    pub struct SessionResponse {
        pub member_id: String,
        pub organization_id: String,
        pub member: Member,
        pub organization: Organization,
        pub member_session: MemberSession,
        pub session_token: String,
        pub session_jwt: String,
    }
}

response! {
    /// A primary factor (password, magic link, OAuth, SSO, discovery exchange, password
    /// resets): either a member session, or an intermediate session token and what is still
    /// needed (`mfa_required`, `primary_required`).
    ///
    /// Fully authenticated: `member_authenticated`, a `member_session`, both session tokens,
    /// an empty IST. Not yet: no `member_session`, empty session tokens, the IST, and
    /// `mfa_required` or `primary_required`.
    pub struct AuthenticateResponse {
        pub member_id: String,
        pub organization_id: String,
        pub member: Member,
        pub organization: Organization,
        pub member_session: Option<MemberSession>,
        pub session_token: String,
        pub session_jwt: String,
        pub member_authenticated: bool,
        pub intermediate_session_token: String,
        pub mfa_required: Option<MfaRequired>,
        pub primary_required: Option<PrimaryRequired>,
        /// What a method adds to the shape (e.g. `method_id` for magic links,
        /// `member_email_id` for password resets, `provider_values` for OAuth).
        #[serde(flatten)]
        pub extra: Map<String, Value>,
    }
}

impl AuthenticateResponse {
    /// A finished login: the session response with the MFA fields saying so.
    pub fn authenticated(s: SessionResponse) -> Self {
        Self {
            request_id: s.request_id,
            status_code: s.status_code,
            member_id: s.member_id,
            organization_id: s.organization_id,
            member: s.member,
            organization: s.organization,
            member_session: Some(s.member_session),
            session_token: s.session_token,
            session_jwt: s.session_jwt,
            member_authenticated: true,
            ..Self::default()
        }
    }
}

/// What the member must do before a session: a second factor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MfaRequired {
    /// The member's enrolled factors; `None` means they must enroll one first.
    pub member_options: Option<MemberOptions>,
    /// Set when the server already started a factor (it sent the SMS code itself).
    pub secondary_auth_initiated: Option<SecondaryAuth>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberOptions {
    /// Masked (`+1******0101`); empty without a verified phone.
    pub mfa_phone_number: String,
    /// Empty without a verified TOTP registration.
    pub totp_registration_id: String,
}

/// The organization restricts primary factors, and the one used is not among them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrimaryRequired {
    pub allowed_auth_methods: Vec<String>,
}

/// An organization the email of a discovery login can enter, and how
/// (`discovered_organizations` of the discovery calls).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DiscoveredOrganization {
    pub organization: Organization,
    pub membership: Membership,
    /// Whether the caller's member session is in this organization already.
    pub member_authenticated: bool,
    /// Set when the organization does not allow the factor the email was proven with.
    pub primary_required: Option<PrimaryRequired>,
    /// Set when entering the organization will need a second factor.
    pub mfa_required: Option<MfaRequired>,
}

/// The email's relation to a discovered organization.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Membership {
    /// `active_member`, `pending_member`, `invited_member` or `eligible_to_join_by_email_domain`.
    #[serde(rename = "type")]
    pub membership_type: String,
    pub details: Option<Value>,
    pub member: Option<Member>,
}

response! {
    /// `magicLinks.discovery.authenticate`: a discovery intermediate session (no organization
    /// yet) and the organizations its email can enter.
    pub struct DiscoveryAuthenticateResponse {
        pub intermediate_session_token: String,
        pub email_address: String,
        pub discovered_organizations: Vec<DiscoveredOrganization>,
    }
}

response! {
    /// `discovery.organizations.list`.
    pub struct DiscoveredOrganizationsResponse {
        pub email_address: String,
        pub discovered_organizations: Vec<DiscoveredOrganization>,
    }
}

response! {
    /// `totp.create`: the new (unverified) registration, its secret and recovery codes.
    pub struct TotpCreateResponse {
        pub member_id: String,
        pub member: Member,
        pub organization: Organization,
        pub totp_registration_id: String,
        /// Base32.
        pub secret: String,
        /// A PNG as a `data:image/png;base64,` URL.
        pub qr_code: String,
        pub recovery_codes: Vec<String>,
    }
}

response! {
    /// `recoveryCodes.get` and `recoveryCodes.rotate`.
    pub struct RecoveryCodesResponse {
        pub member_id: String,
        pub member: Member,
        pub organization: Organization,
        pub recovery_codes: Vec<String>,
    }
}

response! {
    /// `recoveryCodes.recover`: a member session, and how many codes are left.
    pub struct RecoveryCodesRecoverResponse {
        pub member_id: String,
        pub organization_id: String,
        pub member: Member,
        pub organization: Organization,
        pub member_session: MemberSession,
        pub session_token: String,
        pub session_jwt: String,
        pub recovery_codes_remaining: u32,
    }
}

impl RecoveryCodesRecoverResponse {
    pub fn new(s: SessionResponse, recovery_codes_remaining: u32) -> Self {
        Self {
            request_id: s.request_id,
            status_code: s.status_code,
            member_id: s.member_id,
            organization_id: s.organization_id,
            member: s.member,
            organization: s.organization,
            member_session: s.member_session,
            session_token: s.session_token,
            session_jwt: s.session_jwt,
            recovery_codes_remaining,
        }
    }
}

response! {
    /// `passwords.resetByEmailStart`.
    pub struct PasswordResetStartResponse {
        pub member_id: String,
        pub member_email_id: String,
        pub member: Member,
        pub organization: Organization,
    }
}

response! {
    /// `passwords.strengthCheck`: the project's rules applied to a candidate password.
    pub struct StrengthCheckResponse {
        pub valid_password: bool,
        pub score: u8,
        pub breached_password: bool,
        /// `luds` or `zxcvbn`.
        pub strength_policy: String,
        pub breach_detection_on_create: bool,
        pub luds_feedback: LudsFeedback,
        pub zxcvbn_feedback: ZxcvbnFeedback,
    }
}

response! {
    /// `organizations.members.search` (backend) and `organization.members.search` (SDK): one
    /// page of the members a query matches.
    pub struct MembersSearchResponse {
        pub members: Vec<Member>,
        pub results_metadata: SearchResultsMetadata,
        /// The organizations of this page's members, by id.
        pub organizations: std::collections::BTreeMap<String, Organization>,
    }
}

/// A search's `results_metadata`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchResultsMetadata {
    /// Every match, over all pages.
    pub total: u64,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

response! {
    /// `sso.getConnections`: an organization's SSO connections, by protocol.
    pub struct SsoConnectionsResponse {
        pub saml_connections: Vec<SamlConnection>,
        pub oidc_connections: Vec<OidcConnection>,
        /// Other organizations' connections shared with this one (`sso.external.createConnection`).
        pub external_connections: Vec<crate::sso_connections::ExternalConnection>,
    }
}

/// Stytch's SAML connection object, every field its SDKs require: a seeded connection has its
/// ids, name and status only; one set up through `sso.saml.*` has what the admin set (#24).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SamlConnection {
    pub organization_id: String,
    pub connection_id: String,
    /// `active` or `pending`.
    pub status: String,
    pub display_name: String,
    pub idp_entity_id: String,
    pub idp_sso_url: String,
    pub acs_url: String,
    pub audience_uri: String,
    pub alternative_audience_uri: String,
    pub alternative_acs_url: String,
    pub signing_certificates: Vec<crate::sso_connections::X509Certificate>,
    pub verification_certificates: Vec<crate::sso_connections::X509Certificate>,
    pub encryption_private_keys: Vec<crate::sso_connections::EncryptionPrivateKey>,
    /// The same keys under the name Stytch's frontend client's type gives them.
    pub saml_encryption_private_keys: Vec<crate::sso_connections::EncryptionPrivateKey>,
    pub saml_connection_implicit_role_assignments: Vec<crate::sso_connections::ConnectionRoleAssignment>,
    pub saml_group_implicit_role_assignments: Vec<crate::sso_connections::GroupRoleAssignment>,
    pub attribute_mapping: std::collections::BTreeMap<String, String>,
    /// `generic`, `okta`, `microsoft-entra`, ...
    pub identity_provider: String,
    pub nameid_format: String,
    pub idp_initiated_auth_disabled: bool,
    pub allow_gateway_callback: bool,
}

/// Stytch's OIDC connection object, every field its SDKs require; as for [`SamlConnection`],
/// the identity provider's settings are what the admin set (the client secret is never shown back).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OidcConnection {
    pub organization_id: String,
    pub connection_id: String,
    /// `active` or `pending`.
    pub status: String,
    pub display_name: String,
    pub redirect_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub issuer: String,
    pub authorization_url: String,
    pub token_url: String,
    pub userinfo_url: String,
    pub jwks_url: String,
    pub identity_provider: String,
    pub custom_scopes: String,
    pub attribute_mapping: std::collections::BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LudsFeedback {
    pub has_lower_case: bool,
    pub has_upper_case: bool,
    pub has_digit: bool,
    pub has_symbol: bool,
    pub missing_complexity: u32,
    pub missing_characters: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ZxcvbnFeedback {
    pub warning: String,
    pub suggestions: Vec<String>,
}

// #22 flows: OAuth discovery and SSO connection discovery.
response! {
    /// `oauth.discovery.authenticate`: a discovery intermediate session, the organizations its
    /// email can enter, and what the OAuth provider said.
    pub struct OAuthDiscoveryAuthenticateResponse {
        pub intermediate_session_token: String,
        pub email_address: String,
        pub discovered_organizations: Vec<DiscoveredOrganization>,
        /// `Google`, `Microsoft`, `Github`, `HubSpot` or `Slack`.
        pub provider_type: String,
        pub provider_tenant_id: String,
        pub provider_tenant_ids: Vec<String>,
        pub full_name: String,
    }
}

response! {
    /// `sso.discoverConnections`: the SSO connections an email may sign in with.
    pub struct SsoDiscoverConnectionsResponse {
        pub connections: Vec<SsoActiveConnection>,
    }
}

// #22: the organization and its members (typed API).
response! {
    /// `organization.get` and `organization.update`.
    pub struct OrganizationResponse {
        pub organization: Organization,
    }
}

response! {
    /// `organization.delete`.
    pub struct OrganizationDeleteResponse {
        pub organization_id: String,
    }
}

response! {
    /// `organization.getBySlug`: the organization's public fields (the rest left at their
    /// defaults), or `None` when no organization has the slug.
    pub struct OrganizationBySlugResponse {
        pub organization: Option<Organization>,
    }
}

response! {
    /// `organization.members.delete`.
    pub struct MemberDeleteResponse {
        pub member_id: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_leaves_request_id_and_status_code_to_the_envelope() {
        let v = serde_json::to_value(BasicResponse::default()).unwrap();
        assert_eq!(v, serde_json::json!({}));
        let v = serde_json::to_value(BasicResponse { request_id: "r".into(), status_code: 200 }).unwrap();
        assert_eq!(v, serde_json::json!({"request_id": "r", "status_code": 200}));
    }

    #[test]
    fn extra_fields_of_an_authenticate_response_are_kept() {
        let r: AuthenticateResponse =
            serde_json::from_value(serde_json::json!({"member_authenticated": false, "method_id": "email-1"})).unwrap();
        assert_eq!(r.extra.get("method_id"), Some(&serde_json::json!("email-1")));
        assert!(r.member_session.is_none());
    }
}
