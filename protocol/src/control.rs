//! The emulator's control API (`/_emulator/...`, for tests and its console): what each call
//! answers and takes. The emulator builds its answers from these types and `stytch-testkit`
//! reads them with the same ones, so the two cannot drift apart.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::consumer;
use crate::objects::{Member, MemberSession, Organization};

/// `GET /_emulator/organizations`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Organizations {
    pub organizations: Vec<OrganizationWithMembers>,
}

/// An organization with its members.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationWithMembers {
    #[serde(flatten)]
    pub organization: Organization,
    pub members: Vec<Member>,
}

/// `PUT /_emulator/organizations/{organization_id}` (the console's policy editor).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdatedOrganization {
    pub organization: Organization,
}

/// `GET /_emulator/outbox[?to=]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    pub messages: Vec<OutboxMessage>,
}

/// An SMS or email the emulator "sent".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    /// Numbered from 1 in the order sent.
    pub id: u64,
    /// `sms` or `email`.
    pub channel: String,
    pub to: String,
    /// Empty for a consumer user's message.
    pub organization_id: String,
    /// The member, or for a consumer message the user, it was sent to.
    pub member_id: String,
    pub body: String,
    pub code: Option<String>,
    pub magic_link_token: Option<String>,
    pub magic_link_url: Option<String>,
    pub password_reset_token: Option<String>,
    pub password_reset_url: Option<String>,
    /// RFC 3339.
    pub sent_at: String,
}

impl OutboxMessage {
    /// An SMS passcode (the outbox numbers and dates it).
    pub fn sms(to: &str, organization_id: &str, recipient_id: &str, code: &str, project_name: &str) -> Self {
        Self {
            code: Some(code.to_string()),
            ..Self::new("sms", to, organization_id, recipient_id, format!("{code} is your {project_name} verification code."))
        }
    }

    /// An email; the caller sets the link it carries.
    pub fn email(to: &str, organization_id: &str, member_id: &str, body: String) -> Self {
        Self::new("email", to, organization_id, member_id, body)
    }

    fn new(channel: &str, to: &str, organization_id: &str, member_id: &str, body: String) -> Self {
        Self {
            channel: channel.into(),
            to: to.into(),
            organization_id: organization_id.into(),
            member_id: member_id.into(),
            body,
            ..Default::default()
        }
    }
}

/// `GET /_emulator/clock` and what `POST /_emulator/clock` answers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Clock {
    /// RFC 3339.
    pub now: String,
    /// Before 1970 only when the clock was moved that far back.
    pub now_unix: i64,
    /// Seconds added to the real clock.
    pub offset_seconds: i64,
}

/// `POST /_emulator/clock`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AdvanceClock {
    pub advance_seconds: i64,
}

/// `GET`, `POST` and `DELETE /_emulator/faults`: the rules in force.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Faults {
    pub faults: Vec<Fault>,
}

/// `POST /_emulator/faults`: what to do to matching SDK requests (a status, a body, a delay,
/// a dropped connection).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    /// An SDK path (`/sdk/v1/b2b/totp` or just `/b2b/totp`); a trailing `*` matches a prefix.
    pub path: String,
    pub status: Option<u16>,
    /// Sent verbatim when a string, as JSON otherwise; default: a Stytch-shaped error.
    pub body: Option<Value>,
    pub content_type: Option<String>,
    pub delay_ms: Option<u64>,
    #[serde(default)]
    pub drop: bool,
    /// How many matching requests to affect; unlimited when absent.
    pub times: Option<u32>,
}

impl Fault {
    /// Whether the rule applies to a request for `path` (a full `/sdk/v1/...` path).
    pub fn matches(&self, path: &str) -> bool {
        let want = if self.path.starts_with("/sdk/") { self.path.clone() } else { format!("/sdk/v1{}", self.path) };
        match want.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == want,
        }
    }
}

/// `GET` and `DELETE /_emulator/requests`: the newest API requests, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Requests {
    pub requests: Vec<RequestRecord>,
}

/// What a test may see of one request, never its secrets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// Headers except Authorization and Cookie.
    pub headers: BTreeMap<String, String>,
    /// The Authorization header described, never shown (`null` without one).
    pub authorization: Option<Authorization>,
    pub body_keys: Vec<String>,
    /// 0 for a dropped connection.
    pub status: u16,
    /// RFC 3339.
    pub received_at: String,
    /// dfp24: what DFP Protected Auth and captcha decided, on the SDK calls they protect
    /// while either is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protected_auth: Option<crate::fraud::ProtectedAuthCheck>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Authorization {
    pub scheme: String,
    /// Basic credentials only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// What the password was: `public_token`, `session_token`, `secret`, `not_the_secret`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// `GET /_emulator/project`: the projects' credentials (local ones, shown on purpose), the
/// B2B project's at the top level.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Project {
    #[serde(flatten)]
    pub b2b: ProjectCredentials,
    pub consumer: ProjectCredentials,
    /// onetap24: the B2B project's Google client id for Google One Tap (empty: off).
    #[serde(default)]
    pub google_client_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectCredentials {
    pub project_id: String,
    pub public_token: String,
    pub secret: String,
    pub name: String,
}

/// `GET /_emulator/users`: the consumer project's users.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Users {
    pub users: Vec<consumer::User>,
}

/// `GET /_emulator/sessions`: live sessions with their factors (ids, never tokens), newest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sessions {
    pub member_sessions: Vec<MemberSessionEntry>,
    pub user_sessions: Vec<UserSessionEntry>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberSessionEntry {
    #[serde(flatten)]
    pub session: MemberSession,
    pub email_address: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UserSessionEntry {
    #[serde(flatten)]
    pub session: consumer::Session,
    pub email: String,
}

/// `DELETE /_emulator/sessions/{session_id}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Revoked {
    pub revoked: String,
}

/// `GET`, `POST` and `DELETE /_emulator/redirect_urls`: the project's redirect URLs,
/// Stytch's redirect-URL objects (the emulator's `redirects::RedirectUrl`, which owns their
/// rules; a reader that needs no more takes them as JSON).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RedirectUrls<U = Value> {
    pub redirect_urls: Vec<U>,
}

/// `GET`/`PUT /_emulator/frontend_sdk` (members, #22): which groups of calls the project lets
/// its frontend SDK make (the Frontend SDK page of Stytch's dashboard); a disabled one is
/// refused with `endpoint_not_authorized_for_sdk`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontendSdk {
    /// "Member actions & organization modifications": `self.*` and `organization.*` changes,
    /// `organization.members.*` (reads of the own member and organization stay allowed).
    pub member_actions: bool,
}

impl Default for FrontendSdk {
    fn default() -> Self {
        FrontendSdk { member_actions: true }
    }
}

/// `GET` / `PUT /_emulator/google_one_tap` (onetap24): the Google client id Google One Tap
/// uses (the local provider's at first); empty turns One Tap off, as a project without a
/// Google OAuth configuration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoogleOneTap {
    pub google_client_id: String,
    /// In answers: the local Google provider's client id, what turns One Tap back on (ignored
    /// in a `PUT`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub local_client_id: String,
}

/// `GET /_emulator/rbac_policy` (members, #22): the project's RBAC policy, as the SDK's bootstrap carries it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RbacPolicy {
    pub rbac_policy: Value,
}

/// `POST /_emulator/reset`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reset {
    pub reset: bool,
}

/// `PUT /_emulator/state`: what the imported export held.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    pub imported: ImportSummary,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub organizations: usize,
    pub members: usize,
    pub users: usize,
    /// Member and user sessions.
    pub sessions: usize,
}

// core21: the control API's requests (the emulator reads them; a test harness may send them).

/// `GET /_emulator/outbox?to=..`: only the messages to this address (any case).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OutboxQuery {
    pub to: Option<String>,
}

/// `POST /_emulator/organizations/{organization_id}/invites`: the console's invite, the
/// backend API's `magicLinks.email.invite` with the project's defaults.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    pub email_address: String,
    pub name: Option<String>,
    pub roles: Option<Vec<String>>,
}

/// `DELETE /_emulator/redirect_urls?url=..`: the registered URL to remove (a missing one reads
/// as empty, which names no URL).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RedirectUrlQuery {
    #[serde(default)]
    pub url: String,
}
// scim24: the console's "Impersonate" button (`POST /_emulator/impersonation_tokens`); the
// types live with the rest of impersonation in `scim`.
pub use crate::scim::{ImpersonationToken, ImpersonationTokenRequest};
// dfp24: DFP Protected Auth and captcha (`/_emulator/protected_auth`); the types live with
// the rest of them in `fraud`.
pub use crate::fraud::{
    CaptchaOutcome, CaptchaSettings, CaptchaStatus, CheckOutcome, DfpProtectedAuthSettings, ProtectedAuthCheck, ProtectedAuthQueue,
    ProtectedAuthSettings, TelemetryIdStatus,
};
