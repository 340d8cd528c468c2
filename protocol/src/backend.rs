//! What the backend API's B2B calls take where no client method covers the call (the
//! backend's own endpoints, such as revoking a session by id or listing a member's sessions).
//! Declared as the client's `*Options` are (`params!`): `Option` fields may be left out,
//! others are required; a number the server range-checks is an `i64`. The backend session
//! (`session_token` / `session_jwt`) and the IST are not fields here: the emulator reads them
//! beside the type, as for the client's types.

use serde::{Deserialize, Serialize};

use crate::enums::MfaMethod;

params! {
    /// `POST /v1/b2b/sessions/revoke`: exactly one of a session id, a session (token or JWT,
    /// beside this type) or a member, whose sessions all end.
    pub struct SessionsRevokeRequest {
        pub member_session_id: Option<String>,
        pub member_id: Option<String>,
    }
}

/// `GET /v1/b2b/sessions?organization_id=..&member_id=..`: a member's live sessions. A
/// missing parameter reads as empty (and so names no member): a query string that cannot be
/// read would be axum's plain-text rejection, not a Stytch error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionsGetQuery {
    #[serde(default)]
    pub organization_id: String,
    #[serde(default)]
    pub member_id: String,
}

params! {
    /// `POST /v1/b2b/recovery_codes/rotate` (in the body), and `GET
    /// /v1/b2b/recovery_codes/{organization_id}/{member_id}` (in the path): the member whose
    /// recovery codes are read or replaced.
    pub struct RecoveryCodesRequest {
        pub organization_id: String,
        pub member_id: String,
    }
}

params! {
    /// `passwords.resetBySession` as the backend API takes it (the frontend SDK sends only the
    /// password; its session names the organization): the organization the session must be
    /// of, and a new length for the session, which is not extended when left out.
    pub struct PasswordsResetBySessionRequest {
        pub organization_id: Option<String>,
        pub password: String,
        pub session_duration_minutes: Option<i64>,
        pub locale: Option<String>,
    }
}

params! {
    /// `magicLinks.email.invite` as the backend API takes it: the client's
    /// `MagicLinksInviteOptions` plus the organization (the frontend SDK's session names it)
    /// and the inviting member.
    pub struct MagicLinksInviteRequest {
        pub organization_id: Option<String>,
        pub email_address: String,
        pub invite_redirect_url: Option<String>,
        pub invite_template_id: Option<String>,
        pub invited_by_member_id: Option<String>,
        pub name: Option<String>,
        pub untrusted_metadata: Option<serde_json::Value>,
        pub locale: Option<String>,
        pub roles: Option<Vec<String>>,
        pub invite_expiration_minutes: Option<i64>,
    }
}

params! {
    /// `POST /v1/b2b/organizations/{organization_id}/members` (and the frontend SDK's
    /// `organization.members.create`, whose `MembersCreateOptions` it extends): a new member.
    /// Only the project may write `trusted_metadata` (not a member acting through a session).
    pub struct MembersCreateRequest {
        pub email_address: String,
        pub name: Option<String>,
        pub untrusted_metadata: Option<serde_json::Value>,
        pub trusted_metadata: Option<serde_json::Value>,
        pub create_member_as_pending: Option<bool>,
        pub is_breakglass: Option<bool>,
        pub mfa_phone_number: Option<String>,
        pub mfa_enrolled: Option<bool>,
        /// Roles to assign directly (each in the project's RBAC policy).
        pub roles: Option<Vec<String>>,
    }
}

params! {
    /// The body of every member update: the backend's `PUT
    /// /v1/b2b/organizations/{organization_id}/members/{member_id}`, the frontend SDK's
    /// `organization.members.update` and `self.update` (the member is in the path or the
    /// session; `self.update` takes only its own fields of these).
    pub struct MembersUpdateRequest {
        pub name: Option<String>,
        pub untrusted_metadata: Option<serde_json::Value>,
        /// The project's only: refused when a member acts.
        pub trusted_metadata: Option<serde_json::Value>,
        pub is_breakglass: Option<bool>,
        pub mfa_phone_number: Option<String>,
        pub mfa_enrolled: Option<bool>,
        pub default_mfa_method: Option<MfaMethod>,
        pub roles: Option<Vec<String>>,
        pub preserve_existing_sessions: Option<bool>,
        /// A new email, unverified until proven; the old one is retired unless `unlink_email`.
        pub email_address: Option<String>,
        pub unlink_email: Option<bool>,
    }
}

/// `GET /v1/b2b/organizations/{organization_id}/member?member_id=..&email_address=..`: one
/// member, by id or email.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberGetQuery {
    pub member_id: Option<String>,
    pub email_address: Option<String>,
}

/// A search's query: its operands joined by `AND` or `OR`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
// Only the operands need reading (serde would ask `O: Default` for the defaulted list).
#[serde(bound(deserialize = "O: Deserialize<'de>"))]
pub struct SearchQuery<O> {
    pub operator: String,
    #[serde(default)]
    pub operands: Vec<O>,
}

/// An operand of an organizations search: a filter and its value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationSearchOperand {
    pub filter_name: String,
    pub filter_value: serde_json::Value,
}

params! {
    /// `POST /v1/b2b/organizations/search`: the organizations a query matches, up to `limit`
    /// (the server checks its range).
    pub struct OrganizationsSearchRequest {
        pub limit: Option<i64>,
        pub query: Option<SearchQuery<OrganizationSearchOperand>>,
    }
}

/// An operand of a members search: a filter and its value (absent: `null`, which each
/// filter refuses by name).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberSearchOperand {
    pub filter_name: String,
    #[serde(default)]
    pub filter_value: serde_json::Value,
}

params! {
    /// `POST /v1/b2b/organizations/members/search` (the organizations named), and the
    /// frontend SDK's `organization.members.search` (its session's organization; the body is
    /// `MembersSearchOptions`, whose `query` this types): a page of members.
    pub struct MembersSearchRequest {
        pub organization_ids: Option<Vec<String>>,
        pub cursor: Option<String>,
        /// Results per page; 0 or absent is the default (the server checks the range).
        pub limit: Option<i64>,
        pub query: Option<SearchQuery<MemberSearchOperand>>,
    }
}
