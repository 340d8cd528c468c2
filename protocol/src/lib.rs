//! The Stytch B2B API as serde types, shared by the headless client
//! (`stytch-b2b-headless`) and the local emulator (`stytch-emulator`):
//!
//! - [`objects`]: members, organizations, member sessions, authentication factors;
//! - [`requests`]: what each method takes, tied to its name and answer by [`Request`];
//! - [`backend`]: what the backend API's B2B calls take that no client method covers;
//! - [`responses`]: what each method answers, `mfa_required` and `primary_required` included;
//! - [`error`]: the error body, with an [`ErrorType`] that keeps types it does not know;
//! - [`enums`]: MFA policy and method, factor types, and the other string enumerations;
//! - [`consumer`]: the consumer project's user and session, as the emulator answers them;
//! - [`control`]: the emulator's control API (`/_emulator/...`), shared by the emulator and its testkit;
//! - [`methods`]: the headless client's method table (route, IST use, effect on stored
//!   state) and [`validate`], the parameter rules checked before any request.
//!
//! ```
//! use stytch_b2b_protocol::{AuthenticateResponse, SecondaryAuth};
//!
//! // The MFA guide's answer to a password login when a second factor is due.
//! let body = r#"{
//!     "member_authenticated": false,
//!     "intermediate_session_token": "ist-123",
//!     "member_session": null,
//!     "mfa_required": {
//!         "member_options": {"mfa_phone_number": "+1******0101", "totp_registration_id": ""},
//!         "secondary_auth_initiated": "sms_otp"
//!     }
//! }"#;
//! let r: AuthenticateResponse = serde_json::from_str(body).unwrap();
//! assert!(!r.member_authenticated && r.member_session.is_none());
//! let mfa = r.mfa_required.unwrap();
//! assert_eq!(mfa.secondary_auth_initiated, Some(SecondaryAuth::SmsOtp));
//! ```

// First: its `params!` macro declares the request types of the modules below.
#[macro_use]
pub mod requests;

pub mod backend;
pub mod connected_apps;
pub mod consumer;
pub mod control;
pub mod enums;
pub mod error;
pub mod methods;
pub mod objects;
// Before the modules below: its `response!` macro declares their answers too.
#[macro_use]
pub mod responses;
// sso24 (#24): SSO connection management.
pub mod sso_connections;
// scim24 (#24): SCIM provisioning and impersonation.
pub mod scim;
// onetap24 (#24): Google One Tap and the local Google Identity Services stand-in.
pub mod one_tap;
pub mod validate;
// dfp24 (#24): Device Fingerprinting and captcha.
pub mod fraud;

pub use enums::{
    AuthMethod, DeliveryMethod, EmailJitProvisioning, Enumerated, FactorType, MemberStatus, MfaMethod, MfaPolicy, Restriction,
    SecondaryAuth,
};
pub use error::{ErrorBody, ErrorType};
pub use objects::{
    AuthenticationFactor, AuthenticatorAppFactor, EmailFactor, ImpersonatedFactor, Member, MemberRole, MemberSession, OAuthFactor,
    Organization, PhoneNumberFactor, RecoveryCodeFactor, RoleSource, SsoActiveConnection, SsoFactor,
};
pub use requests::{
    DiscoveryOrganizationsCreateOptions, DiscoveryOrganizationsListOptions, EmailOtpAuthenticateOptions,
    EmailOtpDiscoveryAuthenticateOptions, EmailOtpDiscoverySendOptions, EmailOtpLoginOrSignupOptions, IntermediateSessionsExchangeOptions,
    MagicLinksAuthenticateOptions, MagicLinksDiscoveryAuthenticateOptions, MagicLinksDiscoverySendOptions, MagicLinksInviteOptions,
    MagicLinksLoginOrSignupOptions, MembersCreateOptions, MembersDeleteMfaPhoneNumberOptions, MembersDeleteMfaTotpOptions,
    MembersDeleteOptions, MembersDeletePasswordOptions, MembersReactivateOptions, MembersSearchOptions, MembersStartEmailUpdateOptions,
    MembersUnlinkRetiredEmailOptions, MembersUpdateOptions, MfaEnrollment, OAuthAuthenticateOptions, OAuthDiscoveryAuthenticateOptions,
    OrganizationDeleteOptions, OrganizationGetBySlugOptions, OrganizationGetOptions, OrganizationUpdateOptions,
    PasswordAuthenticateOptions, PasswordDiscoveryAuthenticateOptions, PasswordDiscoveryResetByEmailOptions,
    PasswordDiscoveryResetByEmailStartOptions, PasswordResetByEmailOptions, PasswordResetByEmailStartOptions,
    PasswordResetByExistingPasswordOptions, PasswordResetBySessionOptions, PasswordStrengthCheckOptions, RecoveryCodesGetOptions,
    RecoveryCodesRecoverOptions, RecoveryCodesRotateOptions, Request, SelfDeleteMfaPhoneNumberOptions, SelfDeleteMfaTotpOptions,
    SelfDeletePasswordOptions, SelfGetOptions, SelfStartEmailUpdateOptions, SelfUnlinkRetiredEmailOptions, SelfUpdateOptions,
    SessionAttestOptions, SessionAuthenticateOptions, SessionExchangeAccessTokenOptions, SessionExchangeOptions,
    SessionRevokeForMemberOptions, SessionRevokeOptions, SmsAuthenticateOptions, SmsSendOptions, SsoAuthenticateOptions,
    SsoDiscoverConnectionsOptions, SsoGetConnectionsOptions, TotpAuthenticateOptions, TotpCreateOptions,
};
pub use responses::{
    AuthenticateResponse, BasicResponse, DiscoveredOrganization, DiscoveredOrganizationsResponse, DiscoveryAuthenticateResponse,
    LudsFeedback, MagicLinkSendResponse, MemberDeleteResponse, MemberOptions, MemberResponse, MembersSearchResponse, Membership,
    MfaRequired, OAuthDiscoveryAuthenticateResponse, OidcConnection, OrganizationBySlugResponse, OrganizationDeleteResponse,
    OrganizationResponse, PasswordResetStartResponse, PrimaryRequired, RecoveryCodesRecoverResponse, RecoveryCodesResponse, SamlConnection,
    SearchResultsMetadata, SessionResponse, SsoConnectionsResponse, SsoDiscoverConnectionsResponse, StrengthCheckResponse,
    TotpCreateResponse, ZxcvbnFeedback,
};
// apps24: Connected Apps' request types (their answers are in `connected_apps`).
pub use requests::{
    IdpOAuthAuthorizeStartOptions, IdpOAuthAuthorizeSubmitOptions, IdpOAuthLogoutStartOptions, MembersGetConnectedAppsOptions,
    MembersRevokeConnectedAppOptions, OrganizationGetConnectedAppOptions, OrganizationGetConnectedAppsOptions, SelfGetConnectedAppsOptions,
    SelfRevokeConnectedAppOptions,
};
