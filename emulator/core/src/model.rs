//! The emulated project's data: organizations, members, their MFA factors, and the
//! short-lived things (one-time passcodes, intermediate and member sessions, the outbox).
//! Everything here is plain data so the whole `World` can be saved with `--state`.

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde::{Deserialize, Serialize};
use stytch_b2b_protocol::{AuthMethod, EmailJitProvisioning, Enumerated, ErrorType, MemberStatus, MfaMethod, MfaPolicy, Restriction};

/// The secret of the built-in seed (also written there), for seeds and state files that name none.
pub const DEFAULT_SECRET: &str = "secret-test-emulator-local-only-0000000000000000";

pub fn default_secret() -> String {
    DEFAULT_SECRET.into()
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Project {
    pub project_id: String,
    pub public_token: String,
    /// The backend API's secret (`project_id:secret` in HTTP Basic).
    #[serde(default = "default_secret")]
    pub secret: String,
    pub name: String,
    /// How long an SMS code stays valid.
    pub sms_otp_expiration_minutes: i64,
    /// User locks and SMS rate limits (absent in state files written before they existed).
    #[serde(default)]
    pub limits: ProjectLimits,
    /// The strength rules for new passwords.
    #[serde(default)]
    pub password_config: crate::strength::PasswordConfig,
    /// Where flows may send members (absent in state files written before they existed:
    /// the built-in seed's list).
    #[serde(default = "crate::redirects::default_list")]
    pub redirect_urls: Vec<crate::redirects::RedirectUrl>,
    /// Roles and resources (Stytch's defaults and the seed's own); absent in state files
    /// written before RBAC was modelled: the defaults.
    #[serde(default)]
    pub rbac_policy: crate::rbac_policy::Policy,
    /// Which groups of calls the frontend SDK may make (all, in state files written before).
    #[serde(default)]
    pub frontend_sdk: stytch_b2b_protocol::control::FrontendSdk,
    /// What `sessions.attest` accepts (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trusted_token_profiles: Vec<crate::trusted_tokens::Profile>,
    /// onetap24: the Google client id of the project's Google One Tap (empty: One Tap off);
    /// the local one in state files written before it existed.
    #[serde(default = "crate::google::default_client_id")]
    pub google_client_id: String,
    /// dfp24: DFP Protected Auth and captcha (off in state files written before they existed).
    #[serde(default)]
    pub protected_auth: stytch_b2b_protocol::fraud::ProtectedAuthSettings,
}

/// The consumer (B2C) project beside the B2B one: at Stytch a project is one or the other,
/// with its own id, secret, public token and session-signing key, so the consumer backend
/// API answers this project's credentials only and its session JWTs name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsumerProject {
    pub project_id: String,
    /// It has no frontend-SDK API here; the token is shown so apps can be configured.
    pub public_token: String,
    /// The backend API's secret (`project_id:secret` in HTTP Basic); local-only.
    pub secret: String,
    pub name: String,
}

/// The built-in seed's consumer project, for seeds and state files that name none (read from
/// the seed file itself, which `seed::DEFAULT_SEED` also is).
pub fn default_consumer_project() -> ConsumerProject {
    let seed: serde_json::Value = serde_json::from_str(include_str!("../../seed/default.json")).expect("the built-in seed is JSON");
    serde_json::from_value(seed["consumer_project"].clone()).expect("the built-in seed names a consumer project")
}

/// The project's brute-force settings; defaults in `limits::defaults`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectLimits {
    pub user_lock_threshold: u32,
    pub user_lock_ttl_minutes: i64,
    pub sms_sends_per_phone: u32,
    pub sms_sends_per_member: u32,
    pub sms_rate_window_minutes: i64,
    pub max_members_per_organization: u32,
}

impl Default for ProjectLimits {
    fn default() -> Self {
        use crate::limits::defaults::*;
        Self {
            user_lock_threshold: USER_LOCK_THRESHOLD,
            user_lock_ttl_minutes: USER_LOCK_TTL_MINUTES,
            sms_sends_per_phone: SMS_SENDS_PER_PHONE,
            sms_sends_per_member: SMS_SENDS_PER_MEMBER,
            sms_rate_window_minutes: SMS_RATE_WINDOW_MINUTES,
            max_members_per_organization: MAX_MEMBERS_PER_ORGANIZATION,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ProjectLimits;

    /// A limit's name and a change that puts it out of range.
    type Spoiler = (&'static str, fn(&mut ProjectLimits));

    #[test]
    fn limits_outside_their_ranges_are_refused_by_name() {
        assert!(ProjectLimits::default().validate().is_ok());
        let cases: [Spoiler; 6] = [
            ("user_lock_threshold", |l| l.user_lock_threshold = 0),
            ("user_lock_ttl_minutes", |l| l.user_lock_ttl_minutes = i64::MAX),
            ("sms_sends_per_phone", |l| l.sms_sends_per_phone = 0),
            ("sms_sends_per_member", |l| l.sms_sends_per_member = u32::MAX),
            ("sms_rate_window_minutes", |l| l.sms_rate_window_minutes = -1),
            ("max_members_per_organization", |l| l.max_members_per_organization = 0),
        ];
        for (name, spoil) in cases {
            let mut l = ProjectLimits::default();
            spoil(&mut l);
            let e = l.validate().unwrap_err();
            assert!(e.contains(name), "{e}");
        }
    }

    /// A member and an organization as state files have always held them: the policy fields,
    /// `status` and an unset `default_mfa_method` (`""`) read as enums and are written back
    /// byte for byte.
    #[test]
    fn state_file_policy_fields_round_trip_as_the_same_strings() {
        let member = serde_json::json!({
            "member_id": "member-test-1", "organization_id": "organization-test-1",
            "email_address": "a@example.com", "email_id": "email-test-1", "email_address_verified": true,
            "name": "", "status": "pending", "password_hash": null, "member_password_id": "",
            "mfa_enrolled": false, "mfa_phone_number": "", "mfa_phone_number_verified": false, "phone_id": "",
            "default_mfa_method": "", "totp": null, "recovery_codes": [], "created_at": 1, "updated_at": 2,
            "lock": {"consecutive_failures": 0, "locked_until": null},
        });
        let read: super::Member = serde_json::from_value(member.clone()).unwrap();
        assert_eq!((read.status.clone(), read.default_mfa_method.clone()), (super::MemberStatus::Pending, None));
        assert_eq!(serde_json::to_value(&read).unwrap(), member);

        let organization = serde_json::json!({
            "organization_id": "organization-test-1", "organization_name": "Acme", "organization_slug": "acme",
            "mfa_policy": "REQUIRED_FOR_ALL", "mfa_methods": "RESTRICTED", "allowed_mfa_methods": ["totp", "sms_otp"],
            "auth_methods": "RESTRICTED", "allowed_auth_methods": ["sso", "hubspot_oauth"],
            "email_jit_provisioning": "NOT_ALLOWED", "sso_connections": [], "created_at": 1, "updated_at": 2,
        });
        let read: super::Organization = serde_json::from_value(organization.clone()).unwrap();
        assert!(read.mfa_required_for_all() && read.allows_mfa(&super::MfaMethod::Totp));
        assert_eq!(read.primary_restriction(), Some(&[super::AuthMethod::Sso, super::AuthMethod::HubspotOauth][..]));
        assert_eq!(read.email_jit_provisioning, super::EmailJitProvisioning::NotAllowed);
        assert_eq!(serde_json::to_value(&read).unwrap(), organization);
        assert!(read.validate().is_ok());
    }

    /// Values outside an enum load (kept as `Other`) and `validate` refuses them with the
    /// messages it gave when the fields were strings.
    #[test]
    fn unknown_policy_values_are_refused_with_the_allowed_list() {
        let base = serde_json::json!({
            "organization_id": "organization-test-1", "organization_name": "Acme", "organization_slug": "acme",
            "mfa_policy": "OPTIONAL", "mfa_methods": "ALL_ALLOWED", "allowed_mfa_methods": [],
            "auth_methods": "ALL_ALLOWED", "allowed_auth_methods": [], "email_jit_provisioning": "ALL_ALLOWED",
            "created_at": 1, "updated_at": 2,
        });
        let cases = [
            ("mfa_policy", serde_json::json!("SOMETIMES"), r#"mfa_policy: must be one of OPTIONAL, REQUIRED_FOR_ALL, not "SOMETIMES""#),
            ("mfa_methods", serde_json::json!("SOME"), r#"mfa_methods: must be one of ALL_ALLOWED, RESTRICTED, not "SOME""#),
            ("allowed_mfa_methods", serde_json::json!(["totp", "email"]), r#"allowed_mfa_methods: "email" is not one of sms_otp, totp"#),
            ("auth_methods", serde_json::json!(""), r#"auth_methods: must be one of ALL_ALLOWED, RESTRICTED, not """#),
            (
                "allowed_auth_methods",
                serde_json::json!(["webauthn"]),
                r#"allowed_auth_methods: "webauthn" is not one of sso, magic_link, email_otp, password, google_oauth, microsoft_oauth, slack_oauth, github_oauth, hubspot_oauth"#,
            ),
            (
                "email_jit_provisioning",
                serde_json::json!("all_allowed"),
                r#"email_jit_provisioning: must be one of ALL_ALLOWED, RESTRICTED, NOT_ALLOWED, not "all_allowed""#,
            ),
        ];
        for (field, value, message) in cases {
            let mut v = base.clone();
            v[field] = value;
            let org: super::Organization = serde_json::from_value(v).unwrap();
            assert_eq!(org.validate(), Err((super::ErrorType::BadRequest, message.to_string())), "{field}");
        }
    }
}

impl ProjectLimits {
    /// Ranges wide enough for tests that need many attempts, narrow enough that every
    /// product of them stays far from overflow.
    pub fn validate(&self) -> Result<(), String> {
        let checks = [
            ("user_lock_threshold", (1..=1_000_000).contains(&self.user_lock_threshold)),
            ("user_lock_ttl_minutes", (1..=10_080).contains(&self.user_lock_ttl_minutes)),
            ("sms_sends_per_phone", (1..=1_000_000).contains(&self.sms_sends_per_phone)),
            ("sms_sends_per_member", (1..=1_000_000).contains(&self.sms_sends_per_member)),
            ("sms_rate_window_minutes", (1..=10_080).contains(&self.sms_rate_window_minutes)),
            ("max_members_per_organization", (1..=1_000_000).contains(&self.max_members_per_organization)),
        ];
        match checks.iter().find(|(_, ok)| !ok) {
            Some((name, _)) => Err(format!("limits.{name} is out of range (see the README's Limits and security)")),
            None => Ok(()),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Organization {
    pub organization_id: String,
    pub organization_name: String,
    pub organization_slug: String,
    pub mfa_policy: MfaPolicy,
    pub mfa_methods: Restriction,
    pub allowed_mfa_methods: Vec<MfaMethod>,
    pub auth_methods: Restriction,
    pub allowed_auth_methods: Vec<AuthMethod>,
    /// `ALL_ALLOWED` lets `magicLinks.email.loginOrSignup` create members.
    pub email_jit_provisioning: EmailJitProvisioning,
    /// The email domains whose owners may join by themselves when `email_jit_provisioning`
    /// is `RESTRICTED` (#22 flows: just-in-time provisioning by email domain). Left out of
    /// state files when empty, so older ones round-trip unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub email_allowed_domains: Vec<String>,
    #[serde(default)]
    pub sso_connections: Vec<SsoConnection>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Roles its members hold by their email domain (absent when none, so older state files
    /// read and write back the same).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rbac_email_implicit_role_assignments: Vec<crate::rbac_policy::EmailRoleAssignment>,
    /// Its SCIM connection (scim24; Stytch allows one per organization), absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scim_connection: Option<ScimConnection>,
}

impl Organization {
    /// Checks the enumerated fields; the error is Stytch's error type and a message.
    pub fn validate(&self) -> Result<(), (ErrorType, String)> {
        if self.organization_name.trim().is_empty() || self.organization_name.len() > 128 {
            return Err((ErrorType::InvalidOrganizationName, "organization_name: must be 1 to 128 characters".into()));
        }
        let slug_ok = (2..=128).contains(&self.organization_slug.len())
            && self.organization_slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._~".contains(&b));
        if !slug_ok {
            return Err((ErrorType::InvalidOrganizationSlug, "organization_slug: 2 to 128 of a-z, 0-9, -._~".into()));
        }
        known_one("mfa_policy", &self.mfa_policy)?;
        known_one("mfa_methods", &self.mfa_methods)?;
        known_all("allowed_mfa_methods", &self.allowed_mfa_methods)?;
        known_one("auth_methods", &self.auth_methods)?;
        known_all("allowed_auth_methods", &self.allowed_auth_methods)?;
        if self.mfa_methods == Restriction::Restricted && self.allowed_mfa_methods.is_empty() {
            return Err((
                ErrorType::AllowedMfaMethodsRequiredForRestricted,
                "allowed_mfa_methods: a RESTRICTED organization must allow at least one".into(),
            ));
        }
        if self.auth_methods == Restriction::Restricted && self.allowed_auth_methods.is_empty() {
            return Err((
                ErrorType::AllowedAuthMethodsRequiredForRestricted,
                "allowed_auth_methods: a RESTRICTED organization must allow at least one".into(),
            ));
        }
        for c in &self.sso_connections {
            let protocols = ["saml", "oidc", "external"];
            if !protocols.contains(&c.protocol.as_str()) {
                return Err(not_one_of("sso_connections.protocol", &c.protocol, &protocols));
            }
        }
        known_one("email_jit_provisioning", &self.email_jit_provisioning)?;
        Ok(())
    }

    pub fn mfa_required_for_all(&self) -> bool {
        self.mfa_policy == MfaPolicy::RequiredForAll
    }

    /// The primary factors a `RESTRICTED` organization allows (`None`: any).
    pub fn primary_restriction(&self) -> Option<&[AuthMethod]> {
        (self.auth_methods == Restriction::Restricted).then_some(self.allowed_auth_methods.as_slice())
    }

    /// Whether a `RESTRICTED` organization lets members use this MFA method.
    pub fn allows_mfa(&self, method: &MfaMethod) -> bool {
        self.mfa_methods != Restriction::Restricted || self.allowed_mfa_methods.contains(method)
    }
}

/// Refuses a value the enumeration does not know (`Other`), naming the ones it does.
fn known_one<E: Enumerated>(field: &str, value: &E) -> Result<(), (ErrorType, String)> {
    if value.is_known() {
        Ok(())
    } else {
        Err(not_one_of(field, value.as_str(), E::KNOWN))
    }
}

fn not_one_of(field: &str, value: &str, allowed: &[&str]) -> (ErrorType, String) {
    (ErrorType::BadRequest, format!("{field}: must be one of {}, not {value:?}", allowed.join(", ")))
}

/// Refuses a list holding a value the enumeration does not know, naming the first such value.
fn known_all<E: Enumerated>(field: &str, values: &[E]) -> Result<(), (ErrorType, String)> {
    match values.iter().find(|v| !v.is_known()) {
        None => Ok(()),
        Some(v) => Err((ErrorType::BadRequest, format!("{field}: {:?} is not one of {}", v.as_str(), E::KNOWN.join(", ")))),
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TotpRegistration {
    pub totp_registration_id: String,
    /// Base32 (RFC 4648, no padding).
    pub secret: String,
    pub verified: bool,
    /// An unverified registration lapses at this time.
    pub expires_at: Option<i64>,
    /// The newest 30-second step accepted, so a code is never accepted twice.
    pub last_used_step: Option<i64>,
    /// Handed out by `totp.create`; they become the member's recovery codes on verification.
    pub pending_recovery_codes: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Member {
    pub member_id: String,
    pub organization_id: String,
    pub email_address: String,
    pub email_id: String,
    pub email_address_verified: bool,
    pub name: String,
    pub status: MemberStatus,
    pub password_hash: Option<String>,
    pub member_password_id: String,
    pub mfa_enrolled: bool,
    pub mfa_phone_number: String,
    pub mfa_phone_number_verified: bool,
    pub phone_id: String,
    /// `None` is written as `""`, as Stytch answers for a member without one.
    #[serde(with = "no_mfa_method_as_empty")]
    pub default_mfa_method: Option<MfaMethod>,
    pub totp: Option<TotpRegistration>,
    pub recovery_codes: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
    #[serde(default)]
    pub lock: UserLock,
    /// Holds the `stytch_admin` role: the member who created the organization by discovery.
    /// (Absent when false, so older state files read and write back the same.)
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_admin: bool,
    /// Roles assigned to the member directly, beyond `stytch_member` (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// What the member's own SDK may write (`self.update`); `null` renders as `{}`.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub untrusted_metadata: serde_json::Value,
    /// What only the backend API may write (the SDK is refused `cannot_update_trusted_metadata`).
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub trusted_metadata: serde_json::Value,
    /// Emails the member had before an email update (absent when none): no other member of
    /// the organization may take one until it is unlinked (`unlinkRetiredEmail`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired_email_addresses: Vec<RetiredEmail>,
    /// The SSO connections the member signed in through, with what the identity provider said
    /// the last time (sso24, #24; absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sso_registrations: Vec<SsoRegistration>,
    /// The SCIM connection that provisioned the member and what its identity provider said
    /// (scim24), absent otherwise. Its `groups` are not kept here: the connection's groups
    /// list their members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scim_registration: Option<stytch_b2b_protocol::scim::ScimRegistration>,
}

/// A member's sign-in through one SSO connection: the identity provider's attributes (under
/// its names) and the groups they named, which the connection's group role assignments read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SsoRegistration {
    pub connection_id: String,
    pub registration_id: String,
    pub external_id: String,
    pub sso_attributes: BTreeMap<String, serde_json::Value>,
    pub groups: Vec<String>,
}

/// A member's former email, as Stytch's member object lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetiredEmail {
    pub email_id: String,
    pub email_address: String,
}

/// A member's `default_mfa_method` in state files: `""` for none (how they were always written).
mod no_mfa_method_as_empty {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use stytch_b2b_protocol::MfaMethod;

    pub fn serialize<S: Serializer>(method: &Option<MfaMethod>, s: S) -> Result<S::Ok, S::Error> {
        method.as_ref().map_or("", MfaMethod::as_str).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<MfaMethod>, D::Error> {
        String::deserialize(d).map(|s| (!s.is_empty()).then(|| MfaMethod::from(s)))
    }
}

/// Consecutive failed authentications, and the lock they lead to (Stytch's "user locks").
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct UserLock {
    pub consecutive_failures: u32,
    pub locked_until: Option<i64>,
}

impl UserLock {
    pub fn is_locked(&self, now: i64) -> bool {
        self.locked_until.is_some_and(|until| until > now)
    }

    /// Counts a failed authentication; the threshold-th consecutive one locks.
    pub fn record_failure(&mut self, now: i64, limits: &ProjectLimits) {
        if self.locked_until.is_some_and(|until| until <= now) {
            // A lock that ran out starts a fresh count.
            *self = Default::default();
        }
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        if self.consecutive_failures >= limits.user_lock_threshold {
            self.consecutive_failures = 0;
            self.locked_until = Some(now.saturating_add(limits.user_lock_ttl_minutes * 60));
        }
    }
}

impl Member {
    pub fn has_verified_phone(&self) -> bool {
        !self.mfa_phone_number.is_empty() && self.mfa_phone_number_verified
    }

    pub fn verified_totp(&self) -> Option<&TotpRegistration> {
        self.totp.as_ref().filter(|t| t.verified)
    }
}

/// What a member proved, recorded on intermediate and member sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactorKind {
    Password,
    MagicLink {
        email_id: String,
        email_address: String,
    },
    SmsOtp {
        phone_id: String,
        phone_number: String,
    },
    Totp {
        totp_registration_id: String,
    },
    RecoveryCode {
        totp_registration_id: String,
    },
    /// An email one-time passcode (`otps.email.authenticate`): proves the inbox, as a link does.
    EmailOtp {
        email_id: String,
        email_address: String,
    },
    /// `provider`: `google`, `microsoft`, `github`, `hubspot` or `slack`.
    OAuth {
        provider: String,
        provider_subject: String,
        email_id: String,
    },
    /// `protocol`: `saml` or `oidc`.
    Sso {
        connection_id: String,
        protocol: String,
        external_id: String,
    },
    /// A JWT a trusted auth token profile accepted (`sessions.attest`).
    TrustedAuthToken {
        token_id: String,
    },
    /// apps24: a Connected Apps access token with the `full_access` scope, exchanged for a
    /// session (`session.exchangeAccessToken`): the client it was issued to.
    AccessTokenExchange {
        client_id: String,
    },
    /// An impersonation token (`impersonation.authenticate`, scim24): someone else signed in
    /// as the member.
    Impersonated {
        impersonator_id: String,
        impersonator_email_address: String,
    },
}

impl FactorKind {
    /// The organization auth method (`allowed_auth_methods`) a primary factor counts as.
    pub fn auth_method(&self) -> Option<AuthMethod> {
        match self {
            Self::Password => Some(AuthMethod::Password),
            Self::MagicLink { .. } => Some(AuthMethod::MagicLink),
            Self::EmailOtp { .. } => Some(AuthMethod::EmailOtp),
            Self::OAuth { provider, .. } => Some(match provider.as_str() {
                "google" => AuthMethod::GoogleOauth,
                "github" => AuthMethod::GithubOauth,
                "hubspot" => AuthMethod::HubspotOauth,
                "slack" => AuthMethod::SlackOauth,
                _ => AuthMethod::MicrosoftOauth,
            }),
            Self::Sso { .. } => Some(AuthMethod::Sso),
            _ => None,
        }
    }

    /// Whether proving this factor proves the member's inbox (GitHub, HubSpot and Slack are
    /// OAuth providers Stytch does not trust to verify an email; a password proves none).
    pub fn proves_email(&self) -> bool {
        match self {
            Self::MagicLink { .. } | Self::EmailOtp { .. } => true,
            Self::OAuth { provider, .. } => provider == "google" || provider == "microsoft",
            _ => false,
        }
    }

    /// A factor proven for an email (discovery) or by one membership, as the factor of
    /// `member`, the same person in an organization: the email factors and OAuth
    /// registrations name that member's email id.
    pub fn for_member(self, member: &Member) -> Self {
        let email_id = member.email_id.clone();
        match self {
            Self::MagicLink { .. } => Self::MagicLink { email_id, email_address: member.email_address.clone() },
            Self::EmailOtp { .. } => Self::EmailOtp { email_id, email_address: member.email_address.clone() },
            Self::OAuth { provider, provider_subject, .. } => Self::OAuth { provider, provider_subject, email_id },
            other => other,
        }
    }

    pub fn is_mfa(&self) -> bool {
        matches!(self, Self::SmsOtp { .. } | Self::Totp { .. } | Self::RecoveryCode { .. })
    }

    fn same_kind(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Factor {
    pub kind: FactorKind,
    pub created_at: i64,
    pub last_authenticated_at: i64,
}

impl Factor {
    pub fn new(kind: FactorKind, now: i64) -> Self {
        Self { kind, created_at: now, last_authenticated_at: now }
    }
}

/// Adds a factor to a set, or refreshes `last_authenticated_at` of the one of the same kind.
pub fn merge_factor(factors: &mut Vec<Factor>, factor: Factor) {
    match factors.iter_mut().find(|f| f.kind.same_kind(&factor.kind)) {
        Some(existing) => {
            existing.kind = factor.kind;
            existing.last_authenticated_at = factor.last_authenticated_at;
        }
        None => factors.push(factor),
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IntermediateSession {
    pub member_id: String,
    pub organization_id: String,
    pub factors: Vec<Factor>,
    pub expires_at: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MemberSession {
    pub member_session_id: String,
    pub member_id: String,
    pub organization_id: String,
    pub started_at: i64,
    pub last_accessed_at: i64,
    pub expires_at: i64,
    pub factors: Vec<Factor>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SmsOtp {
    pub organization_id: String,
    pub phone_number: String,
    pub code: String,
    pub expires_at: i64,
    pub attempts_left: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MagicLink {
    pub member_id: String,
    pub organization_id: String,
    pub expires_at: i64,
    /// An email-update link (`startEmailUpdate`), sent to this new address: redeeming it
    /// proves the address and makes it the member's email (absent for a login link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_email: Option<String>,
}

/// A discovery magic link (`magicLinks.email.discovery.send`): it names an email, not a
/// member, since the organization is chosen after it is redeemed. Single use. The same
/// record holds the other single-use discovery tokens (`kind`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DiscoveryLink {
    pub email_address: String,
    pub expires_at: i64,
    pub code_challenge: Option<String>,
    /// What the token is (absent in older state files: a discovery magic link).
    #[serde(default)]
    pub kind: DiscoveryToken,
}

/// The single-use tokens of the discovery flows, each redeemed by its own endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DiscoveryToken {
    /// `magicLinks.discovery.authenticate`.
    #[default]
    MagicLink,
    /// `passwords.discovery.resetByEmail`.
    PasswordReset,
    /// `oauth.discovery.authenticate`: the emulated provider's grant, with the account's id at
    /// the provider when it named one (onetap24: One Tap's ID token `sub`).
    OAuth {
        provider: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        subject: Option<String>,
    },
}

/// An email one-time passcode: for a member of an organization (`otps.email.loginOrSignup`,
/// keyed by member id) or for an email before any organization is chosen
/// (`otps.email.discovery.send`, keyed by the lowercased email).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EmailOtp {
    pub code: String,
    pub expires_at: i64,
    pub attempts_left: u32,
    /// An email-update code (`startEmailUpdate` with `EMAIL_OTP`), sent to this new address:
    /// spending it proves the address and makes it the member's email (absent for a login code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_email: Option<String>,
}

/// A discovery intermediate session: the email a primary factor proved, before any
/// organization is chosen (`discovery.organizations.list`, `.create`,
/// `discovery.intermediateSessions.exchange` take it).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DiscoverySession {
    pub email_address: String,
    /// When the email was proven.
    pub authenticated_at: i64,
    pub expires_at: i64,
    /// The primary factor that proved it, not yet bound to a member's email id (absent in
    /// older state files: a discovery magic link).
    #[serde(default)]
    pub factor: Option<FactorKind>,
}

/// A single sign-on connection of an organization (the emulator is its identity provider).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SsoConnection {
    pub connection_id: String,
    pub display_name: String,
    /// `saml`, `oidc` or `external`.
    pub protocol: String,
    /// What `sso.saml.*`, `sso.oidc.*` and `sso.external.*` set (#24). Seeded connections and
    /// those of older state files have none and are active as they are.
    #[serde(default, skip_serializing_if = "ConnectionSettings::is_unset")]
    pub settings: ConnectionSettings,
}

/// An SSO connection's settings, for every protocol at once (each uses its own fields).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionSettings {
    /// Created through the API and not yet given everything its protocol needs.
    pub pending: bool,
    /// `generic`, `okta`, ... (Stytch's list); empty: `generic`.
    pub identity_provider: String,
    /// Where the identity provider sends the member back (SAML's ACS, OIDC's redirect URL),
    /// under the emulator's address as the creating request named it.
    pub callback_url: String,
    pub attribute_mapping: BTreeMap<String, String>,
    pub implicit_roles: Vec<stytch_b2b_protocol::sso_connections::ConnectionRoleAssignment>,
    pub group_roles: Vec<stytch_b2b_protocol::sso_connections::GroupRoleAssignment>,
    // SAML.
    pub idp_entity_id: String,
    pub idp_sso_url: String,
    pub alternative_audience_uri: String,
    pub alternative_acs_url: String,
    pub nameid_format: String,
    pub idp_initiated_auth_disabled: bool,
    pub allow_gateway_callback: bool,
    pub verification_certificates: Vec<stytch_b2b_protocol::sso_connections::X509Certificate>,
    pub encryption_private_keys: Vec<stytch_b2b_protocol::sso_connections::EncryptionPrivateKey>,
    // OIDC.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub authorization_url: String,
    pub token_url: String,
    pub userinfo_url: String,
    pub jwks_url: String,
    pub custom_scopes: String,
    // External: the connection of another organization this one shares.
    pub external_organization_id: String,
    pub external_connection_id: String,
}

impl ConnectionSettings {
    pub fn is_unset(&self) -> bool {
        *self == Self::default()
    }

    /// The identity provider as Stytch names it: `generic` when none was set.
    pub fn identity_provider(&self) -> String {
        if self.identity_provider.is_empty() {
            "generic".into()
        } else {
            self.identity_provider.clone()
        }
    }
}

/// What the emulator's identity provider hands back to the app after consent: an OAuth or
/// SSO token, single use, bound to the PKCE challenge of the start.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IdpGrant {
    pub member_id: String,
    pub organization_id: String,
    pub factor: FactorKind,
    pub code_challenge: Option<String>,
    pub expires_at: i64,
    /// What an SSO connection's identity provider asserted, stored on the member when the
    /// token is spent (sso24, #24; absent for OAuth and older state files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assertion: Option<SsoAssertion>,
}

/// The identity provider's answer as the connection's attribute mapping reads it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SsoAssertion {
    /// Under the identity provider's attribute names.
    pub attributes: BTreeMap<String, serde_json::Value>,
    /// The member's name, when the mapping names `first_name`/`last_name` (or `full_name`).
    pub name: String,
    /// The groups, when the mapping names `groups`.
    pub groups: Vec<String>,
}

/// An impersonation token's grant (scim24): who may be signed in as, by whom, until when.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ImpersonationGrant {
    pub member_id: String,
    pub organization_id: String,
    pub impersonator_id: String,
    pub impersonator_email_address: String,
    pub expires_at: i64,
}

/// A password-reset link sent by email: single use, with its PKCE challenge when the
/// client sent one.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PasswordReset {
    pub member_id: String,
    pub organization_id: String,
    pub expires_at: i64,
    pub code_challenge: Option<String>,
}

/// An SMS or email in the outbox: the control API's shape is also how the world keeps it.
pub use stytch_b2b_protocol::control::OutboxMessage;

/// A consumer (B2C) user, for Stytch's consumer backend API.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct User {
    pub user_id: String,
    pub email: String,
    pub email_id: String,
    pub email_verified: bool,
    pub first_name: String,
    pub last_name: String,
    pub status: String,
    pub password_hash: Option<String>,
    pub password_id: String,
    pub phone_numbers: Vec<UserPhone>,
    pub created_at: i64,
    #[serde(default)]
    pub lock: UserLock,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UserPhone {
    pub phone_id: String,
    pub phone_number: String,
    pub verified: bool,
}

/// A consumer session; its factors render as Stytch's consumer authentication factors.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UserSession {
    pub session_id: String,
    pub user_id: String,
    pub started_at: i64,
    pub last_accessed_at: i64,
    pub expires_at: i64,
    pub factors: Vec<Factor>,
}

/// A consumer SMS passcode, keyed by its phone id (the `method_id` of `otps.authenticate`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PhoneOtp {
    pub user_id: String,
    pub code: String,
    pub expires_at: i64,
    pub attempts_left: u32,
}

/// The two projects must not share an id or public token: each API tells them apart by these.
pub fn check_projects_apart(b2b_project_id: &str, b2b_public_token: &str, consumer: &ConsumerProject) -> Result<(), String> {
    if b2b_project_id == consumer.project_id || b2b_public_token == consumer.public_token {
        return Err("consumer_project must have its own project_id and public_token, not the B2B project's".into());
    }
    let secret_ok = (16..=128).contains(&consumer.secret.len()) && consumer.secret.bytes().all(|b| b.is_ascii_graphic());
    if !secret_ok {
        return Err("consumer_project.secret must be 16 to 128 printable ASCII characters".into());
    }
    Ok(())
}

/// Who holds an email in an organization (`World::email_holder`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmailHold {
    Current(String),
    Retired(String),
    Updating(String),
}

/// All state the emulator keeps. Tokens are keys of the maps; nothing else stores them.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct World {
    pub project: Project,
    /// The consumer project (state files written before it existed get the built-in seed's).
    #[serde(default = "default_consumer_project")]
    pub consumer_project: ConsumerProject,
    pub organizations: BTreeMap<String, Organization>,
    pub members: BTreeMap<String, Member>,
    pub intermediate_sessions: HashMap<String, IntermediateSession>,
    pub member_sessions: HashMap<String, MemberSession>,
    /// Keyed by member id: a new send replaces the previous code.
    pub sms_otps: HashMap<String, SmsOtp>,
    pub magic_links: HashMap<String, MagicLink>,
    #[serde(default)]
    pub password_resets: HashMap<String, PasswordReset>,
    /// Discovery magic links and discovery intermediate sessions, keyed by token (absent in
    /// older state files).
    #[serde(default)]
    pub discovery_links: HashMap<String, DiscoveryLink>,
    #[serde(default)]
    pub discovery_sessions: HashMap<String, DiscoverySession>,
    /// OAuth and SSO tokens handed to the app, keyed by token.
    #[serde(default)]
    pub idp_grants: HashMap<String, IdpGrant>,
    /// Email passcodes of organization logins (by member id) and of discovery (by email).
    #[serde(default)]
    pub email_otps: HashMap<String, EmailOtp>,
    #[serde(default)]
    pub discovery_otps: HashMap<String, EmailOtp>,
    /// The newest `limits::OUTBOX_CAP` messages.
    pub outbox: VecDeque<OutboxMessage>,
    /// Times of recent SMS sends, keyed `phone:<number>` and `member:<id>` (rate limits); the
    /// consumer project's are keyed apart (`routes::consumer::otps`).
    #[serde(default)]
    pub sms_sends: HashMap<String, VecDeque<i64>>,
    /// Consumer users, their sessions and SMS passcodes (absent in older state files).
    #[serde(default)]
    pub users: BTreeMap<String, User>,
    #[serde(default)]
    pub user_sessions: HashMap<String, UserSession>,
    #[serde(default)]
    pub phone_otps: HashMap<String, PhoneOtp>,
    /// Trusted auth tokens already attested, `profile_id token_id` to the token's expiry: one
    /// is accepted once (absent in older state files).
    #[serde(default)]
    pub attested_tokens: HashMap<String, i64>,
    /// apps24: the Connected Apps authorization server's clients and grants (absent in older
    /// state files).
    #[serde(default)]
    pub connected_apps: crate::connected_apps::ConnectedApps,
    /// Impersonation tokens minted by the control API, keyed by token (scim24; absent in
    /// older state files): single use, short-lived.
    #[serde(default)]
    pub impersonation_tokens: HashMap<String, ImpersonationGrant>,
    /// dfp24: telemetry ids, captcha tokens and the queued verdicts and captcha outcomes
    /// (absent in older state files).
    #[serde(default)]
    pub protected_auth: crate::dfp::ProtectedAuth,
    pub next_message_id: u64,
    /// Seconds added to the real clock by `POST /_emulator/clock`.
    pub clock_offset_seconds: i64,
}

impl World {
    pub fn now(&self) -> i64 {
        // web-time: the system clock natively, `Date.now()` on wasm32 (where std's panics).
        let real = web_time::SystemTime::now().duration_since(web_time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        // The offset is bounded (limits::MAX_CLOCK_OFFSET_SECONDS); saturate anyway.
        real.saturating_add(self.clock_offset_seconds)
    }

    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.users.values().find(|u| u.email.eq_ignore_ascii_case(email))
    }

    /// The organization's member with this email; a deleted member's email is free again (as on Stytch).
    pub fn member_by_email(&self, organization_id: &str, email: &str) -> Option<&Member> {
        self.members.values().find(|m| {
            m.organization_id == organization_id && m.status != MemberStatus::Deleted && m.email_address.eq_ignore_ascii_case(email)
        })
    }

    /// The organization's member (other than `except`) who has this email, now or retired, or
    /// is proving it by an email-update link: Stytch keeps an email to one member until a
    /// retired one is unlinked or an update's link lapses.
    pub fn email_holder(&self, organization_id: &str, email: &str, except: &str) -> Option<EmailHold> {
        let same = |e: &str| e.eq_ignore_ascii_case(email);
        let now = self.now();
        let live = |m: &&Member| m.organization_id == organization_id && m.member_id != except && m.status != MemberStatus::Deleted;
        if let Some(m) = self.members.values().filter(live).find(|m| same(&m.email_address)) {
            return Some(EmailHold::Current(m.member_id.clone()));
        }
        if let Some(m) = self.members.values().filter(live).find(|m| m.retired_email_addresses.iter().any(|r| same(&r.email_address))) {
            return Some(EmailHold::Retired(m.member_id.clone()));
        }
        let by_link = self.magic_links.values().find(|l| {
            l.organization_id == organization_id && l.member_id != except && l.expires_at > now && l.new_email.as_deref().is_some_and(same)
        });
        if let Some(l) = by_link {
            return Some(EmailHold::Updating(l.member_id.clone()));
        }
        self.email_update_code(organization_id, email, now).filter(|id| id != except).map(EmailHold::Updating)
    }

    /// The member of the organization holding a live email-update code for this new email.
    pub fn email_update_code(&self, organization_id: &str, email: &str, now: i64) -> Option<String> {
        self.email_otps
            .iter()
            .find(|(member_id, o)| {
                o.expires_at > now
                    && o.new_email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(email))
                    && self.members.get(*member_id).is_some_and(|m| m.organization_id == organization_id)
            })
            .map(|(member_id, _)| member_id.clone())
    }

    /// Ends everything that lets these members in: their member and intermediate sessions,
    /// passcodes, magic links, password resets and OAuth/SSO grants (a deleted member, or the
    /// members of a deleted organization).
    pub fn revoke_access(&mut self, member_ids: &[String]) {
        let named = |id: &String| member_ids.contains(id);
        self.member_sessions.retain(|_, s| !named(&s.member_id));
        self.intermediate_sessions.retain(|_, s| !named(&s.member_id));
        self.sms_otps.retain(|id, _| !named(id));
        self.magic_links.retain(|_, l| !named(&l.member_id));
        self.password_resets.retain(|_, r| !named(&r.member_id));
        self.idp_grants.retain(|_, g| !named(&g.member_id));
        self.impersonation_tokens.retain(|_, g| !named(&g.member_id));
    }

    /// Delivers a message to the outbox, numbered, sent at `now`.
    pub fn push_outbox_at(&mut self, mut msg: OutboxMessage, now: i64) {
        self.next_message_id += 1;
        msg.id = self.next_message_id;
        msg.sent_at = crate::text::rfc3339(now);
        if self.outbox.len() >= crate::limits::OUTBOX_CAP {
            self.outbox.pop_front();
        }
        self.outbox.push_back(msg);
    }

    /// Checks what the endpoints take for granted (every session, code and link names an
    /// existing member or user, members their organization, settings in range), so that a
    /// state read from a file (`--state`, or an imported export) cannot make them fail later.
    pub fn check_consistency(&self) -> Result<(), String> {
        self.project.limits.validate()?;
        self.project.password_config.validate()?;
        crate::redirects::validate_list(&self.project.redirect_urls)?;
        crate::trusted_tokens::validate_list(&self.project.trusted_token_profiles)?;
        check_projects_apart(&self.project.project_id, &self.project.public_token, &self.consumer_project)?;
        if self.clock_offset_seconds.unsigned_abs() > crate::limits::MAX_CLOCK_OFFSET_SECONDS.unsigned_abs() {
            return Err("clock_offset_seconds is out of range".into());
        }
        for (id, o) in &self.organizations {
            if *id != o.organization_id {
                return Err(format!("organization {id} is filed under another id"));
            }
            o.validate().map_err(|(_, e)| format!("organization {id}: {e}"))?;
        }
        let member_in = |what: &str, member_id: &str, organization_id: &str| match self.members.get(member_id) {
            Some(m) if m.organization_id == organization_id => Ok(()),
            _ => Err(format!("a {what} names member {member_id} of organization {organization_id}, which does not exist")),
        };
        for (id, m) in &self.members {
            if *id != m.member_id || !self.organizations.contains_key(&m.organization_id) {
                return Err(format!("member {id} is filed under another id or has no organization"));
            }
            if let Some(r) = m.roles.iter().find(|r| !self.project.rbac_policy.has_role(r)) {
                return Err(format!("member {id} holds role {r}, which the RBAC policy does not define"));
            }
        }
        self.project.rbac_policy.validate()?;
        for o in self.organizations.values() {
            if let Some(a) = o.rbac_email_implicit_role_assignments.iter().find(|a| !self.project.rbac_policy.has_role(&a.role_id)) {
                return Err(format!(
                    "organization {} assigns role {}, which the RBAC policy does not define",
                    o.organization_id, a.role_id
                ));
            }
            // sso24: the roles an SSO connection grants, like those by email domain.
            for c in &o.sso_connections {
                let roles = c.settings.implicit_roles.iter().map(|r| &r.role_id).chain(c.settings.group_roles.iter().map(|g| &g.role_id));
                if let Some(role) = roles.into_iter().find(|r| !self.project.rbac_policy.has_role(r)) {
                    return Err(format!("SSO connection {} assigns role {role}, which the RBAC policy does not define", c.connection_id));
                }
            }
        }
        for s in self.member_sessions.values() {
            member_in("member session", &s.member_id, &s.organization_id)?;
        }
        for s in self.intermediate_sessions.values() {
            member_in("intermediate session", &s.member_id, &s.organization_id)?;
        }
        for (member_id, o) in &self.sms_otps {
            member_in("passcode", member_id, &o.organization_id)?;
        }
        for l in self.magic_links.values() {
            member_in("magic link", &l.member_id, &l.organization_id)?;
        }
        for r in self.password_resets.values() {
            member_in("password reset", &r.member_id, &r.organization_id)?;
        }
        for g in self.idp_grants.values() {
            member_in("OAuth or SSO token", &g.member_id, &g.organization_id)?;
        }
        for g in self.impersonation_tokens.values() {
            member_in("impersonation token", &g.member_id, &g.organization_id)?;
        }
        for o in self.organizations.values() {
            if let Some(c) = &o.scim_connection {
                // Groups name members of the organization, and roles the policy defines.
                let here = |id: &String| self.members.get(id).is_some_and(|m| m.organization_id == o.organization_id);
                if let Some(g) = c.groups.iter().find(|g| !g.member_ids.iter().all(here)) {
                    return Err(format!("SCIM group {} lists a member outside its organization", g.group_id));
                }
                let unknown = |r: &&GroupRole| !self.project.rbac_policy.has_role(&r.role_id) || c.group(&r.group_id).is_none();
                if let Some(r) = c.group_roles.iter().find(unknown) {
                    return Err(format!(
                        "SCIM connection {} assigns role {} to a group or role that does not exist",
                        c.connection_id, r.role_id
                    ));
                }
            }
        }
        for member_id in self.email_otps.keys() {
            if !self.members.contains_key(member_id) {
                return Err(format!("an email passcode names member {member_id}, who does not exist"));
            }
        }
        for (id, u) in &self.users {
            if *id != u.user_id {
                return Err(format!("user {id} is filed under another id"));
            }
        }
        let user = |what: &str, user_id: &str| {
            if self.users.contains_key(user_id) {
                Ok(())
            } else {
                Err(format!("a {what} names user {user_id}, who does not exist"))
            }
        };
        for s in self.user_sessions.values() {
            user("session", &s.user_id)?;
        }
        for (phone_id, o) in &self.phone_otps {
            user("passcode", &o.user_id)?;
            if !self.users[&o.user_id].phone_numbers.iter().any(|p| p.phone_id == *phone_id) {
                return Err(format!("a passcode names phone {phone_id}, which its user does not have"));
            }
        }
        Ok(())
    }

    /// Drops what has expired, so the maps do not grow without bound during long benchmarks.
    pub fn sweep_expired(&mut self) {
        let now = self.now();
        self.intermediate_sessions.retain(|_, s| s.expires_at > now);
        self.member_sessions.retain(|_, s| s.expires_at > now);
        self.sms_otps.retain(|_, o| o.expires_at > now);
        self.magic_links.retain(|_, l| l.expires_at > now);
        self.password_resets.retain(|_, r| r.expires_at > now);
        self.discovery_links.retain(|_, l| l.expires_at > now);
        self.discovery_sessions.retain(|_, s| s.expires_at > now);
        self.idp_grants.retain(|_, g| g.expires_at > now);
        self.email_otps.retain(|_, o| o.expires_at > now);
        self.discovery_otps.retain(|_, o| o.expires_at > now);
        self.user_sessions.retain(|_, s| s.expires_at > now);
        self.phone_otps.retain(|_, o| o.expires_at > now);
        self.attested_tokens.retain(|_, expires_at| *expires_at > now);
        self.connected_apps.sweep(now);
        self.impersonation_tokens.retain(|_, g| g.expires_at > now);
        self.protected_auth.sweep(now);
        let window = self.project.limits.sms_rate_window_minutes * 60;
        self.sms_sends.retain(|_, times| {
            while times.front().is_some_and(|t| *t <= now - window) {
                times.pop_front();
            }
            !times.is_empty()
        });
    }
}

// scim24: an organization's SCIM connection, its bearer tokens and provisioned groups.

/// A connection's bearer token: the IdP's credential for the SCIM 2.0 service.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BearerToken {
    pub token: String,
    pub expires_at: i64,
}

impl BearerToken {
    pub fn last_four(&self) -> String {
        self.token.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect()
    }

    pub fn admits(&self, presented: &str, now: i64) -> bool {
        use subtle::ConstantTimeEq;
        self.expires_at > now && bool::from(self.token.as_bytes().ct_eq(presented.as_bytes()))
    }
}

/// Members of a SCIM group hold this role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRole {
    pub group_id: String,
    pub role_id: String,
}

/// A group an identity provider provisioned.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScimGroup {
    pub group_id: String,
    pub display_name: String,
    #[serde(default)]
    pub external_id: String,
    /// Its members' ids (members of the connection's organization).
    #[serde(default)]
    pub member_ids: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An organization's SCIM connection.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScimConnection {
    pub connection_id: String,
    pub display_name: String,
    pub identity_provider: String,
    pub bearer: BearerToken,
    /// The token of a rotation in progress: valid beside `bearer` until the rotation is
    /// completed (it becomes `bearer`) or cancelled (it is dropped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_bearer: Option<BearerToken>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_roles: Vec<GroupRole>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ScimGroup>,
    pub created_at: i64,
}

impl ScimConnection {
    /// Whether a request's bearer token is this connection's (current, or the next one of a
    /// rotation).
    pub fn admits(&self, presented: &str, now: i64) -> bool {
        // Both compared, so timing does not say which one matched.
        let current = self.bearer.admits(presented, now);
        let next = self.next_bearer.as_ref().is_some_and(|n| n.admits(presented, now));
        current | next
    }

    pub fn group(&self, group_id: &str) -> Option<&ScimGroup> {
        self.groups.iter().find(|g| g.group_id == group_id)
    }
}

/// Whether a session was started by impersonation (scim24; it is not extended).
pub fn is_impersonated(factors: &[Factor]) -> bool {
    factors.iter().any(|f| matches!(f.kind, FactorKind::Impersonated { .. }))
}
