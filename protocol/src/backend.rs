//! What the backend API's B2B calls take where no client method covers the call (the
//! backend's own endpoints, such as revoking a session by id or listing a member's sessions).
//! Declared as the client's `*Options` are (`params!`): `Option` fields may be left out,
//! others are required; a number the server range-checks is an `i64`. The backend session
//! (`session_token` / `session_jwt`) and the IST are not fields here: the emulator reads them
//! beside the type, as for the client's types.

use serde::{Deserialize, Serialize};

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
