//! What the caller passes to each method (named after the headless client's methods). Fields
//! left `None` are left out of the request, as Stytch's client leaves them out. The client
//! adds the stored intermediate session token where the method uses one.
//!
//! These types describe the wire as Stytch's own types do, and the emulator reads them: a
//! number the server range-checks (`*_minutes`) is an `i64`, so an out-of-range or negative one
//! reaches the emulator, which answers Stytch's error (`invalid_expiration_minutes`,
//! `invalid_session_duration_minutes`) rather than a JSON type error; the client still checks
//! the ranges itself before it sends (`methods::METHODS`' rules).

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use serde_json::Value;

use crate::connected_apps::{
    AuthorizeResponse as IdpAuthorizeResponse, AuthorizeStartResponse as IdpAuthorizeStartResponse,
    LogoutStartResponse as IdpLogoutStartResponse, MemberConnectedAppsResponse, OrganizationConnectedAppResponse,
    OrganizationConnectedAppsResponse,
};
use crate::enums::{AuthMethod, EmailJitProvisioning, MfaMethod, MfaPolicy, Restriction};

use crate::responses::{
    AuthenticateResponse, BasicResponse, DiscoveredOrganizationsResponse, DiscoveryAuthenticateResponse, MagicLinkSendResponse,
    MemberDeleteResponse, MemberResponse, MembersSearchResponse, OAuthDiscoveryAuthenticateResponse, OrganizationBySlugResponse,
    OrganizationDeleteResponse, OrganizationResponse, PasswordResetStartResponse, RecoveryCodesRecoverResponse, RecoveryCodesResponse,
    SessionResponse, SsoConnectionsResponse, SsoDiscoverConnectionsResponse, StrengthCheckResponse, TotpCreateResponse,
};

/// The parameters of one method: its name in the method table and what it answers.
pub trait Request: Serialize {
    /// The headless client's name of the method (`otps.sms.send`), a name in
    /// [`crate::methods::METHODS`].
    const METHOD: &'static str;
    type Response: DeserializeOwned;
}

/// Ties each options type to its method name and answer, and lists the method names in a
/// const named by the first argument (the test checks every list against the method table).
/// The one copy of this glue: `sso_connections` and `scim` declare their types with it too
/// (`#[macro_use]` on this module in `lib.rs` makes it visible to the modules after it).
macro_rules! request {
    ($(#[$list_doc:meta])* $list:ident; $($options:ident => $method:literal, $response:ident;)+) => {
        $(impl $crate::requests::Request for $options {
            const METHOD: &'static str = $method;
            type Response = $response;
        })+

        $(#[$list_doc])*
        pub const $list: &[&str] = &[$($method),+];
    };
}

request! {
    /// Every request type's method name, for checking them against the method table.
    REQUEST_METHODS;
    SmsSendOptions => "otps.sms.send", MemberResponse;
    SmsAuthenticateOptions => "otps.sms.authenticate", SessionResponse;
    TotpCreateOptions => "totp.create", TotpCreateResponse;
    TotpAuthenticateOptions => "totp.authenticate", SessionResponse;
    RecoveryCodesRecoverOptions => "recoveryCodes.recover", RecoveryCodesRecoverResponse;
    RecoveryCodesGetOptions => "recoveryCodes.get", RecoveryCodesResponse;
    RecoveryCodesRotateOptions => "recoveryCodes.rotate", RecoveryCodesResponse;
    PasswordAuthenticateOptions => "passwords.authenticate", AuthenticateResponse;
    PasswordResetByEmailStartOptions => "passwords.resetByEmailStart", PasswordResetStartResponse;
    PasswordResetByEmailOptions => "passwords.resetByEmail", AuthenticateResponse;
    PasswordResetByExistingPasswordOptions => "passwords.resetByExistingPassword", AuthenticateResponse;
    PasswordStrengthCheckOptions => "passwords.strengthCheck", StrengthCheckResponse;
    OAuthAuthenticateOptions => "oauth.authenticate", AuthenticateResponse;
    SsoAuthenticateOptions => "sso.authenticate", AuthenticateResponse;
    MagicLinksLoginOrSignupOptions => "magicLinks.email.loginOrSignup", MagicLinkSendResponse;
    MagicLinksAuthenticateOptions => "magicLinks.authenticate", AuthenticateResponse;
    IntermediateSessionsExchangeOptions => "discovery.intermediateSessions.exchange", AuthenticateResponse;
    SessionAuthenticateOptions => "session.authenticate", SessionResponse;
    SessionRevokeOptions => "session.revoke", BasicResponse;
    // #22: the rest of Stytch's B2B client.
    SelfGetOptions => "self.get", MemberResponse;
    SelfUpdateOptions => "self.update", MemberResponse;
    SelfDeleteMfaPhoneNumberOptions => "self.deleteMFAPhoneNumber", MemberResponse;
    SelfDeleteMfaTotpOptions => "self.deleteMFATOTP", MemberResponse;
    SelfDeletePasswordOptions => "self.deletePassword", MemberResponse;
    SelfUnlinkRetiredEmailOptions => "self.unlinkRetiredEmail", MemberResponse;
    SelfStartEmailUpdateOptions => "self.startEmailUpdate", MemberResponse;
    OrganizationGetOptions => "organization.get", OrganizationResponse;
    OrganizationUpdateOptions => "organization.update", OrganizationResponse;
    OrganizationDeleteOptions => "organization.delete", OrganizationDeleteResponse;
    OrganizationGetBySlugOptions => "organization.getBySlug", OrganizationBySlugResponse;
    MembersCreateOptions => "organization.members.create", MemberResponse;
    MembersSearchOptions => "organization.members.search", MembersSearchResponse;
    MembersUpdateOptions => "organization.members.update", MemberResponse;
    MembersDeletePasswordOptions => "organization.members.deletePassword", MemberResponse;
    MembersDeleteMfaPhoneNumberOptions => "organization.members.deleteMFAPhoneNumber", MemberResponse;
    MembersDeleteMfaTotpOptions => "organization.members.deleteMFATOTP", MemberResponse;
    MembersDeleteOptions => "organization.members.delete", MemberDeleteResponse;
    MembersReactivateOptions => "organization.members.reactivate", MemberResponse;
    MembersUnlinkRetiredEmailOptions => "organization.members.unlinkRetiredEmail", MemberResponse;
    MembersStartEmailUpdateOptions => "organization.members.startEmailUpdate", MemberResponse;
    DiscoveryOrganizationsListOptions => "discovery.organizations.list", DiscoveredOrganizationsResponse;
    DiscoveryOrganizationsCreateOptions => "discovery.organizations.create", AuthenticateResponse;
    MagicLinksInviteOptions => "magicLinks.email.invite", MemberResponse;
    MagicLinksDiscoverySendOptions => "magicLinks.email.discovery.send", BasicResponse;
    MagicLinksDiscoveryAuthenticateOptions => "magicLinks.discovery.authenticate", DiscoveryAuthenticateResponse;
    EmailOtpLoginOrSignupOptions => "otps.email.loginOrSignup", BasicResponse;
    EmailOtpAuthenticateOptions => "otps.email.authenticate", AuthenticateResponse;
    EmailOtpDiscoverySendOptions => "otps.email.discovery.send", BasicResponse;
    EmailOtpDiscoveryAuthenticateOptions => "otps.email.discovery.authenticate", DiscoveryAuthenticateResponse;
    PasswordResetBySessionOptions => "passwords.resetBySession", SessionResponse;
    PasswordDiscoveryResetByEmailStartOptions => "passwords.discovery.resetByEmailStart", BasicResponse;
    PasswordDiscoveryResetByEmailOptions => "passwords.discovery.resetByEmail", DiscoveryAuthenticateResponse;
    PasswordDiscoveryAuthenticateOptions => "passwords.discovery.authenticate", DiscoveryAuthenticateResponse;
    OAuthDiscoveryAuthenticateOptions => "oauth.discovery.authenticate", OAuthDiscoveryAuthenticateResponse;
    SessionRevokeForMemberOptions => "session.revokeForMember", BasicResponse;
    SessionExchangeOptions => "session.exchange", AuthenticateResponse;
    SessionExchangeAccessTokenOptions => "session.exchangeAccessToken", AuthenticateResponse;
    SessionAttestOptions => "session.attest", AuthenticateResponse;
    SsoGetConnectionsOptions => "sso.getConnections", SsoConnectionsResponse;
    SsoDiscoverConnectionsOptions => "sso.discoverConnections", SsoDiscoverConnectionsResponse;
    // apps24: Connected Apps.
    IdpOAuthAuthorizeStartOptions => "idp.oauthAuthorizeStart", IdpAuthorizeStartResponse;
    IdpOAuthAuthorizeSubmitOptions => "idp.oauthAuthorizeSubmit", IdpAuthorizeResponse;
    IdpOAuthLogoutStartOptions => "idp.oauthLogoutStart", IdpLogoutStartResponse;
    SelfGetConnectedAppsOptions => "self.getConnectedApps", MemberConnectedAppsResponse;
    SelfRevokeConnectedAppOptions => "self.revokeConnectedApp", BasicResponse;
    OrganizationGetConnectedAppsOptions => "organization.getConnectedApps", OrganizationConnectedAppsResponse;
    OrganizationGetConnectedAppOptions => "organization.getConnectedApp", OrganizationConnectedAppResponse;
    MembersGetConnectedAppsOptions => "organization.members.getConnectedApps", MemberConnectedAppsResponse;
    MembersRevokeConnectedAppOptions => "organization.members.revokeConnectedApp", BasicResponse;
}

/// `set_mfa_enrollment` of an MFA step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MfaEnrollment {
    /// The member is enrolled in MFA from now on.
    Enroll,
    /// The member is no longer enrolled (an organization that requires MFA still asks).
    Unenroll,
}

/// Declares a parameter struct: `Option` fields are skipped when `None` and read as `None`
/// when absent; every other field is required when the struct is read (the emulator reads
/// these types, and answers a missing field with a 400 naming it), unless it names its own
/// `#[serde(default = ..)]`, as `session_duration_minutes` does.
macro_rules! params {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            $($(#[$fmeta])* #[serde(skip_serializing_if = "crate::requests::Skip::skip")] pub $field: $ty,)*
        }
    };
}

/// `session_duration_minutes` when a request leaves it out: Stytch's backend API's default
/// (its frontend SDK's types require the field; the client always sends it).
pub const DEFAULT_SESSION_MINUTES: i64 = 60;

fn default_session_minutes() -> i64 {
    DEFAULT_SESSION_MINUTES
}

/// A `session_duration_minutes` that is `null` is left out, as Stytch's backend SDKs leave
/// out an unset one.
fn session_minutes_or_default<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(Option::<i64>::deserialize(d)?.unwrap_or(DEFAULT_SESSION_MINUTES))
}

/// Which values a request leaves out: `None`, nothing else.
pub(crate) trait Skip {
    fn skip(&self) -> bool {
        false
    }
}
impl<T> Skip for Option<T> {
    fn skip(&self) -> bool {
        self.is_none()
    }
}
impl Skip for String {}
impl Skip for u32 {}
impl Skip for i64 {}
impl Skip for bool {}
impl Skip for Vec<String> {}

params! {
    /// `otps.sms.send`: sends a code to the member's phone (or to `mfa_phone_number`, which
    /// enrolls it).
    pub struct SmsSendOptions {
        pub organization_id: String,
        pub member_id: String,
        /// E.164, e.g. `+15555550100`.
        pub mfa_phone_number: Option<String>,
        pub locale: Option<String>,
        pub enable_autofill: Option<bool>,
        pub autofill_session_duration_minutes: Option<i64>,
    }
}

params! {
    /// `otps.sms.authenticate`.
    pub struct SmsAuthenticateOptions {
        pub organization_id: String,
        pub member_id: String,
        pub code: String,
        /// 5 to 527040.
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub set_mfa_enrollment: Option<MfaEnrollment>,
        pub set_default_mfa: Option<bool>,
    }
}

params! {
    /// `totp.create`: a new registration for the member.
    pub struct TotpCreateOptions {
        pub organization_id: String,
        pub member_id: String,
        /// How long the unverified registration waits to be confirmed (5 to 1440; 60).
        pub expiration_minutes: Option<i64>,
    }
}

params! {
    /// `totp.authenticate`.
    pub struct TotpAuthenticateOptions {
        pub organization_id: String,
        pub member_id: String,
        pub code: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub set_mfa_enrollment: Option<MfaEnrollment>,
        pub set_default_mfa: Option<bool>,
    }
}

params! {
    /// `recoveryCodes.recover`: a recovery code as the second factor.
    pub struct RecoveryCodesRecoverOptions {
        pub organization_id: String,
        pub member_id: String,
        pub recovery_code: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
    }
}

params! {
    /// `recoveryCodes.get`: the signed-in member's codes (no parameters).
    pub struct RecoveryCodesGetOptions {}
}

params! {
    /// `recoveryCodes.rotate`: new codes for the signed-in member (no parameters).
    pub struct RecoveryCodesRotateOptions {}
}

params! {
    /// `passwords.authenticate`.
    pub struct PasswordAuthenticateOptions {
        pub organization_id: String,
        pub email_address: String,
        pub password: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub locale: Option<String>,
    }
}

params! {
    /// `passwords.resetByEmailStart`: emails a reset link.
    pub struct PasswordResetByEmailStartOptions {
        pub organization_id: String,
        pub email_address: String,
        pub login_redirect_url: Option<String>,
        pub reset_password_redirect_url: Option<String>,
        pub reset_password_expiration_minutes: Option<i64>,
        pub reset_password_template_id: Option<String>,
        pub verify_email_template_id: Option<String>,
        pub locale: Option<String>,
    }
}

params! {
    /// `passwords.resetByEmail`: the token from the reset link, and the new password.
    pub struct PasswordResetByEmailOptions {
        pub password_reset_token: String,
        pub password: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub locale: Option<String>,
    }
}

params! {
    /// `passwords.resetByExistingPassword`.
    pub struct PasswordResetByExistingPasswordOptions {
        pub organization_id: String,
        pub email_address: String,
        pub existing_password: String,
        pub new_password: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub locale: Option<String>,
    }
}

params! {
    /// `passwords.strengthCheck`.
    pub struct PasswordStrengthCheckOptions {
        pub password: String,
        pub email_address: Option<String>,
    }
}

params! {
    /// `magicLinks.email.loginOrSignup`: emails a login link (creating the member if the
    /// organization allows it).
    pub struct MagicLinksLoginOrSignupOptions {
        pub organization_id: String,
        pub email_address: String,
        pub login_redirect_url: Option<String>,
        pub signup_redirect_url: Option<String>,
        pub login_template_id: Option<String>,
        pub signup_template_id: Option<String>,
        pub locale: Option<String>,
        pub login_expiration_minutes: Option<i64>,
        pub signup_expiration_minutes: Option<i64>,
    }
}

params! {
    /// `magicLinks.authenticate`: the token from the link.
    pub struct MagicLinksAuthenticateOptions {
        pub magic_links_token: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub locale: Option<String>,
    }
}

params! {
    /// `discovery.intermediateSessions.exchange`: the stored IST for a login to one
    /// organization.
    pub struct IntermediateSessionsExchangeOptions {
        pub organization_id: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub locale: Option<String>,
    }
}

params! {
    /// `oauth.authenticate`: the token the OAuth redirect brought back.
    pub struct OAuthAuthenticateOptions {
        pub oauth_token: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub locale: Option<String>,
        /// The PKCE verifier of the flow's start, when it sent a challenge.
        pub pkce_code_verifier: Option<String>,
    }
}

params! {
    /// `sso.authenticate`: the token the SSO redirect brought back.
    pub struct SsoAuthenticateOptions {
        pub sso_token: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub locale: Option<String>,
        pub pkce_code_verifier: Option<String>,
    }
}

params! {
    /// `session.authenticate`: confirms (and may extend) the stored session.
    pub struct SessionAuthenticateOptions {
        pub session_duration_minutes: Option<i64>,
    }
}

params! {
    /// `session.revoke`.
    pub struct SessionRevokeOptions {
        /// Clear the local session even when the API cannot be reached (the client's own
        /// option, never sent).
        #[serde(rename = "forceClear")]
        pub force_clear: Option<bool>,
    }
}

// #22: the member's own record (`self.*`), the organization and its members, discovery, email
// OTP, password discovery, session exchange, SSO connections. Fields are Stytch's options;
// `Option` ones are left out when `None`.

params! {
    /// `self.get`: the signed-in member (no parameters).
    pub struct SelfGetOptions {}
}

params! {
    /// `self.update`: the signed-in member's own settings.
    pub struct SelfUpdateOptions {
        pub name: Option<String>,
        pub untrusted_metadata: Option<Value>,
        pub mfa_enrolled: Option<bool>,
        /// E.164.
        pub mfa_phone_number: Option<String>,
        /// `sms_otp` or `totp`.
        pub default_mfa_method: Option<String>,
    }
}

params! {
    /// `self.deleteMFAPhoneNumber` (no parameters).
    pub struct SelfDeleteMfaPhoneNumberOptions {}
}

params! {
    /// `self.deleteMFATOTP` (no parameters).
    pub struct SelfDeleteMfaTotpOptions {}
}

params! {
    /// `self.deletePassword`: the member's `member_password_id`.
    pub struct SelfDeletePasswordOptions {
        pub password_id: String,
    }
}

params! {
    /// `self.unlinkRetiredEmail`: one of the two.
    pub struct SelfUnlinkRetiredEmailOptions {
        pub email_id: Option<String>,
        pub email_address: Option<String>,
    }
}

params! {
    /// `self.startEmailUpdate`: sends a link to the new address.
    pub struct SelfStartEmailUpdateOptions {
        pub email_address: String,
        pub login_redirect_url: Option<String>,
        pub login_template_id: Option<String>,
        pub locale: Option<String>,
        /// `EMAIL_MAGIC_LINK` or `EMAIL_OTP`.
        pub delivery_method: Option<String>,
    }
}

params! {
    /// `organization.get`: the signed-in member's organization (no parameters).
    pub struct OrganizationGetOptions {}
}

params! {
    /// `organization.update`: the fields given change (each needs its RBAC action).
    pub struct OrganizationUpdateOptions {
        pub organization_name: Option<String>,
        pub organization_slug: Option<String>,
        pub organization_logo_url: Option<String>,
        pub sso_default_connection_id: Option<String>,
        pub sso_jit_provisioning: Option<String>,
        pub sso_jit_provisioning_allowed_connections: Option<Vec<String>>,
        pub email_allowed_domains: Option<Vec<String>>,
        pub email_jit_provisioning: Option<EmailJitProvisioning>,
        pub email_invites: Option<String>,
        pub oauth_tenant_jit_provisioning: Option<String>,
        pub allowed_oauth_tenants: Option<Value>,
        pub auth_methods: Option<Restriction>,
        pub allowed_auth_methods: Option<Vec<AuthMethod>>,
        pub mfa_methods: Option<Restriction>,
        pub allowed_mfa_methods: Option<Vec<MfaMethod>>,
        pub mfa_policy: Option<MfaPolicy>,
        pub rbac_email_implicit_role_assignments: Option<Vec<EmailRoleAssignment>>,
    }
}

/// An organization's rule: members whose email is at `domain` hold `role_id`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailRoleAssignment {
    pub domain: String,
    pub role_id: String,
}

params! {
    /// `organization.delete`: the signed-in member's organization; ends the session (no parameters).
    pub struct OrganizationDeleteOptions {}
}

params! {
    /// `organization.getBySlug`: the public fields of an organization, before any login.
    pub struct OrganizationGetBySlugOptions {
        pub organization_slug: String,
    }
}

params! {
    /// `organization.members.create`.
    pub struct MembersCreateOptions {
        pub email_address: String,
        pub name: Option<String>,
        pub untrusted_metadata: Option<Value>,
        pub create_member_as_pending: Option<bool>,
        pub is_breakglass: Option<bool>,
        pub mfa_phone_number: Option<String>,
        pub mfa_enrolled: Option<bool>,
        pub roles: Option<Vec<String>>,
    }
}

params! {
    /// `organization.members.search`: the organization's members a query matches, a page at a time.
    pub struct MembersSearchOptions {
        pub cursor: Option<String>,
        pub limit: Option<u32>,
        /// `{operator: "AND" | "OR", operands: [{filter_name, filter_value}]}`.
        pub query: Option<Value>,
    }
}

params! {
    /// `organization.members.update`.
    pub struct MembersUpdateOptions {
        pub member_id: String,
        pub name: Option<String>,
        pub untrusted_metadata: Option<Value>,
        pub is_breakglass: Option<bool>,
        pub mfa_phone_number: Option<String>,
        pub mfa_enrolled: Option<bool>,
        pub roles: Option<Vec<String>>,
        pub preserve_existing_sessions: Option<bool>,
        /// `sms_otp` or `totp`.
        pub default_mfa_method: Option<String>,
        pub email_address: Option<String>,
        pub unlink_email: Option<bool>,
    }
}

params! {
    /// `organization.members.deletePassword`: a member's `member_password_id`.
    pub struct MembersDeletePasswordOptions {
        pub password_id: String,
    }
}

params! {
    /// `organization.members.deleteMFAPhoneNumber`.
    pub struct MembersDeleteMfaPhoneNumberOptions {
        pub member_id: String,
    }
}

params! {
    /// `organization.members.deleteMFATOTP`.
    pub struct MembersDeleteMfaTotpOptions {
        pub member_id: String,
    }
}

params! {
    /// `organization.members.delete`.
    pub struct MembersDeleteOptions {
        pub member_id: String,
    }
}

params! {
    /// `organization.members.reactivate`.
    pub struct MembersReactivateOptions {
        pub member_id: String,
    }
}

params! {
    /// `organization.members.unlinkRetiredEmail`: one of `email_id`, `email_address`.
    pub struct MembersUnlinkRetiredEmailOptions {
        pub member_id: String,
        pub email_id: Option<String>,
        pub email_address: Option<String>,
    }
}

params! {
    /// `organization.members.startEmailUpdate`.
    pub struct MembersStartEmailUpdateOptions {
        pub member_id: String,
        pub email_address: String,
        pub login_redirect_url: Option<String>,
        pub login_template_id: Option<String>,
        pub locale: Option<String>,
        pub delivery_method: Option<String>,
    }
}

params! {
    /// `discovery.organizations.list`: with the stored IST (or the session).
    pub struct DiscoveryOrganizationsListOptions {}
}

params! {
    /// `discovery.organizations.create`: a new organization for the discovery login's email,
    /// with its member signed in (or `mfa_required`).
    pub struct DiscoveryOrganizationsCreateOptions {
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub organization_name: Option<String>,
        pub organization_slug: Option<String>,
        pub organization_logo_url: Option<String>,
        pub sso_jit_provisioning: Option<String>,
        pub email_allowed_domains: Option<Vec<String>>,
        pub email_jit_provisioning: Option<EmailJitProvisioning>,
        pub email_invites: Option<String>,
        pub oauth_tenant_jit_provisioning: Option<String>,
        pub allowed_oauth_tenants: Option<Value>,
        pub auth_methods: Option<Restriction>,
        pub allowed_auth_methods: Option<Vec<AuthMethod>>,
        pub mfa_policy: Option<MfaPolicy>,
        /// The backend API's (Stytch's frontend SDK leaves these to `organization.update`).
        pub mfa_methods: Option<Restriction>,
        pub allowed_mfa_methods: Option<Vec<MfaMethod>>,
        pub rbac_email_implicit_role_assignments: Option<Vec<EmailRoleAssignment>>,
    }
}

params! {
    /// `magicLinks.email.invite`: invites `email_address` into the signed-in member's organization.
    pub struct MagicLinksInviteOptions {
        pub email_address: String,
        pub invite_redirect_url: Option<String>,
        pub invite_template_id: Option<String>,
        pub name: Option<String>,
        pub untrusted_metadata: Option<Value>,
        pub locale: Option<String>,
        pub roles: Option<Vec<String>>,
        pub invite_expiration_minutes: Option<i64>,
    }
}

params! {
    /// `magicLinks.email.discovery.send`: a discovery login link.
    pub struct MagicLinksDiscoverySendOptions {
        pub email_address: String,
        pub discovery_redirect_url: Option<String>,
        pub login_template_id: Option<String>,
        pub locale: Option<String>,
        pub discovery_expiration_minutes: Option<i64>,
    }
}

params! {
    /// `magicLinks.discovery.authenticate`: the discovery link's token.
    pub struct MagicLinksDiscoveryAuthenticateOptions {
        pub discovery_magic_links_token: String,
    }
}

params! {
    /// `otps.email.loginOrSignup`: emails a code for a login to one organization.
    pub struct EmailOtpLoginOrSignupOptions {
        pub organization_id: String,
        pub email_address: String,
        pub login_template_id: Option<String>,
        pub signup_template_id: Option<String>,
        pub locale: Option<String>,
        pub login_expiration_minutes: Option<i64>,
        pub signup_expiration_minutes: Option<i64>,
    }
}

params! {
    /// `otps.email.authenticate`: the emailed code as the primary factor.
    pub struct EmailOtpAuthenticateOptions {
        pub organization_id: String,
        pub email_address: String,
        pub code: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub locale: Option<String>,
    }
}

params! {
    /// `otps.email.discovery.send`: emails a code for a discovery login.
    pub struct EmailOtpDiscoverySendOptions {
        pub email_address: String,
        pub login_template_id: Option<String>,
        pub locale: Option<String>,
        pub discovery_expiration_minutes: Option<i64>,
    }
}

params! {
    /// `otps.email.discovery.authenticate`.
    pub struct EmailOtpDiscoveryAuthenticateOptions {
        pub email_address: String,
        pub code: String,
    }
}

params! {
    /// `passwords.resetBySession`: a new password for the signed-in member.
    pub struct PasswordResetBySessionOptions {
        pub password: String,
    }
}

params! {
    /// `passwords.discovery.resetByEmailStart`.
    pub struct PasswordDiscoveryResetByEmailStartOptions {
        pub email_address: String,
        pub discovery_redirect_url: Option<String>,
        pub reset_password_redirect_url: Option<String>,
        pub reset_password_expiration_minutes: Option<i64>,
        pub reset_password_template_id: Option<String>,
        pub verify_email_template_id: Option<String>,
        pub locale: Option<String>,
    }
}

params! {
    /// `passwords.discovery.resetByEmail`: the reset link's token and the new password.
    pub struct PasswordDiscoveryResetByEmailOptions {
        pub password_reset_token: String,
        pub password: String,
    }
}

params! {
    /// `passwords.discovery.authenticate`: a password as the proof of a discovery login.
    pub struct PasswordDiscoveryAuthenticateOptions {
        pub email_address: String,
        pub password: String,
    }
}

params! {
    /// `oauth.discovery.authenticate`: the token an OAuth discovery redirect brought back.
    pub struct OAuthDiscoveryAuthenticateOptions {
        pub discovery_oauth_token: String,
        /// The PKCE verifier of the flow's start, when it sent a challenge.
        pub pkce_code_verifier: Option<String>,
    }
}

params! {
    /// `session.revokeForMember`: ends every session of a member of the organization.
    pub struct SessionRevokeForMemberOptions {
        pub member_id: String,
    }
}

params! {
    /// `session.exchange`: the session for one in another organization of the same email.
    pub struct SessionExchangeOptions {
        pub organization_id: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub locale: Option<String>,
    }
}

params! {
    /// `session.exchangeAccessToken`: a Connected Apps access token for a session.
    pub struct SessionExchangeAccessTokenOptions {
        pub access_token: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
    }
}

params! {
    /// `session.attest`: a trusted auth token for a session.
    pub struct SessionAttestOptions {
        pub profile_id: String,
        pub token: String,
        #[serde(default = "default_session_minutes", deserialize_with = "session_minutes_or_default")]
        pub session_duration_minutes: i64,
        pub organization_id: Option<String>,
    }
}

params! {
    /// `sso.getConnections`: the organization's SSO connections (no parameters).
    pub struct SsoGetConnectionsOptions {}
}

params! {
    /// `sso.discoverConnections`: the connections an email may sign in with.
    pub struct SsoDiscoverConnectionsOptions {
        pub email_address: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_is_left_out_and_the_rest_is_sent() {
        let o = SmsAuthenticateOptions {
            organization_id: "o".into(),
            member_id: "m".into(),
            code: "123456".into(),
            session_duration_minutes: 60,
            set_mfa_enrollment: Some(MfaEnrollment::Enroll),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&o).unwrap(),
            serde_json::json!({"organization_id": "o", "member_id": "m", "code": "123456",
                "session_duration_minutes": 60, "set_mfa_enrollment": "enroll"})
        );
        assert_eq!(
            serde_json::to_value(SessionRevokeOptions { force_clear: Some(true) }).unwrap(),
            serde_json::json!({"forceClear": true})
        );
    }

    /// Read back (as the emulator reads them): a missing required field is an error naming
    /// it, a missing `Option` is `None`, a missing session length is Stytch's default, and a
    /// negative length reads (the emulator answers Stytch's range error for it).
    #[test]
    fn required_fields_are_required_when_read() {
        let e = serde_json::from_value::<SmsAuthenticateOptions>(serde_json::json!({"organization_id": "o", "member_id": "m"}));
        assert!(e.unwrap_err().to_string().contains("missing field `code`"));
        let o: SmsAuthenticateOptions =
            serde_json::from_value(serde_json::json!({"organization_id": "o", "member_id": "m", "code": "1"})).unwrap();
        assert_eq!((o.session_duration_minutes, o.set_mfa_enrollment), (DEFAULT_SESSION_MINUTES, None));
        let o: SmsAuthenticateOptions = serde_json::from_value(
            serde_json::json!({"organization_id": "o", "member_id": "m", "code": "1", "session_duration_minutes": null}),
        )
        .unwrap();
        assert_eq!(o.session_duration_minutes, DEFAULT_SESSION_MINUTES);
        let o: TotpCreateOptions =
            serde_json::from_value(serde_json::json!({"organization_id": "o", "member_id": "m", "expiration_minutes": -1})).unwrap();
        assert_eq!(o.expiration_minutes, Some(-1));
    }
}

// apps24: Connected Apps.

params! {
    /// `idp.oauthAuthorizeStart`: what the app's consent page shows the signed-in member.
    pub struct IdpOAuthAuthorizeStartOptions {
        pub client_id: String,
        pub redirect_uri: String,
        /// `code`.
        pub response_type: String,
        pub scopes: Option<Vec<String>>,
        pub prompt: Option<String>,
    }
}

params! {
    /// `idp.oauthAuthorizeSubmit`: the member's answer; `redirect_uri` of the answer sends the
    /// browser back to the client.
    pub struct IdpOAuthAuthorizeSubmitOptions {
        pub client_id: String,
        pub redirect_uri: String,
        pub response_type: String,
        pub scopes: Option<Vec<String>>,
        /// Whether the member granted the scopes (required by the API).
        pub consent_granted: Option<bool>,
        pub state: Option<String>,
        pub nonce: Option<String>,
        /// S256, required of a public client.
        pub code_challenge: Option<String>,
        pub prompt: Option<String>,
    }
}

params! {
    /// `idp.oauthLogoutStart`: the app's logout page for a client (OIDC RP-initiated logout).
    pub struct IdpOAuthLogoutStartOptions {
        pub client_id: String,
        pub post_logout_redirect_uri: String,
        pub state: String,
        pub id_token_hint: Option<String>,
    }
}

params! {
    /// `self.getConnectedApps`: the apps the member authorized.
    pub struct SelfGetConnectedAppsOptions {}
}

params! {
    /// `self.revokeConnectedApp`.
    pub struct SelfRevokeConnectedAppOptions {
        pub connected_app_id: String,
    }
}

params! {
    /// `organization.getConnectedApps`: the apps the organization's members authorized.
    pub struct OrganizationGetConnectedAppsOptions {}
}

params! {
    /// `organization.getConnectedApp`: one, with the members who authorized it.
    pub struct OrganizationGetConnectedAppOptions {
        pub connected_app_id: String,
    }
}

params! {
    /// `organization.members.getConnectedApps`.
    pub struct MembersGetConnectedAppsOptions {
        pub member_id: String,
    }
}

params! {
    /// `organization.members.revokeConnectedApp`.
    pub struct MembersRevokeConnectedAppOptions {
        pub member_id: String,
        pub connected_app_id: String,
    }
}
