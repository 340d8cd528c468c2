//! Stytch's consumer (B2C) backend API as the emulator serves it: the user and user session
//! objects (also listed by the control API) and what each call answers. Read leniently,
//! written in full, as the B2B types.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::objects::AuthenticationFactor;

/// A consumer user (Stytch's `User`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct User {
    pub user_id: String,
    pub emails: Vec<UserEmail>,
    /// `active` or `pending`.
    pub status: String,
    pub phone_numbers: Vec<UserPhoneNumber>,
    pub webauthn_registrations: Vec<Value>,
    pub providers: Vec<Value>,
    pub totps: Vec<Value>,
    pub crypto_wallets: Vec<Value>,
    pub biometric_registrations: Vec<Value>,
    pub is_locked: bool,
    pub roles: Vec<String>,
    pub name: UserName,
    pub created_at: String,
    /// `null` until the user has a password.
    pub password: Option<UserPassword>,
    pub trusted_metadata: Value,
    pub untrusted_metadata: Value,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserEmail {
    pub email_id: String,
    pub email: String,
    pub verified: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserPhoneNumber {
    pub phone_id: String,
    pub phone_number: String,
    pub verified: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserName {
    pub first_name: String,
    pub middle_name: String,
    pub last_name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserPassword {
    pub password_id: String,
    pub requires_reset: bool,
}

/// A consumer session (Stytch's `Session`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub session_id: String,
    pub user_id: String,
    pub authentication_factors: Vec<AuthenticationFactor>,
    pub roles: Vec<String>,
    /// RFC 3339.
    pub started_at: String,
    pub last_accessed_at: String,
    pub expires_at: String,
    pub attributes: SessionAttributes,
    pub custom_claims: Value,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionAttributes {
    pub ip_address: String,
    pub user_agent: String,
}

/// What the consumer API's factor and session calls answer (`passwords.authenticate`,
/// `sessions.authenticate`, ...): the user, and the session when one was started or named
/// (empty tokens and `null` otherwise, as Stytch answers a call that starts none).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthenticateResponse {
    pub user_id: String,
    pub user: User,
    pub session_token: String,
    pub session_jwt: String,
    pub session: Option<Session>,
}

/// `POST /v1/passwords`: a new user with a password.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordCreateResponse {
    #[serde(flatten)]
    pub authenticated: AuthenticateResponse,
    pub email_id: String,
}

/// `POST /v1/otps/authenticate`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OtpAuthenticateResponse {
    #[serde(flatten)]
    pub authenticated: AuthenticateResponse,
    /// The phone's id, as sent.
    pub method_id: String,
    pub reset_sessions: bool,
}

/// `POST /v1/users`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserCreateResponse {
    pub user_id: String,
    /// Empty for a user created by phone number.
    pub email_id: String,
    pub status: String,
    /// Empty for a user created by email.
    pub phone_id: String,
    pub user: User,
}

/// `POST /v1/otps/sms/send`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SmsSendResponse {
    pub user_id: String,
    pub phone_id: String,
}

/// `GET /v1/sessions?user_id=`: the user's live sessions, newest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionsResponse {
    pub sessions: Vec<Session>,
}

// What each consumer call takes (read by the emulator). Declared as the B2B requests are
// (`params!`): `Option` fields may be left out, others are required, and a length the server
// range-checks is an `i64`. A session (`session_token` / `session_jwt`) is read beside these
// types, as on the B2B backend API.

params! {
    /// `POST /v1/users`: a user by email, phone number or both.
    pub struct UserCreateRequest {
        pub email: Option<String>,
        pub phone_number: Option<String>,
        pub name: Option<UserName>,
        pub create_user_as_pending: Option<bool>,
    }
}

params! {
    /// `POST /v1/passwords`: a new user with a password; a session when a length is given.
    pub struct PasswordCreateRequest {
        pub email: String,
        pub password: String,
        pub session_duration_minutes: Option<i64>,
        pub name: Option<UserName>,
    }
}

params! {
    /// `POST /v1/passwords/authenticate`.
    pub struct PasswordAuthenticateRequest {
        pub email: String,
        pub password: String,
        pub session_duration_minutes: Option<i64>,
    }
}

params! {
    /// `POST /v1/otps/sms/send`: a code to the number, for the user the session or `user_id`
    /// names (or who already has the number).
    pub struct SmsSendRequest {
        pub phone_number: String,
        pub expiration_minutes: Option<i64>,
        pub user_id: Option<String>,
    }
}

params! {
    /// `POST /v1/otps/authenticate`: the code sent to a phone (`method_id`).
    pub struct OtpAuthenticateRequest {
        pub method_id: String,
        pub code: String,
        pub session_duration_minutes: Option<i64>,
    }
}

params! {
    /// `POST /v1/sessions/authenticate`: the session (beside this type), extended when a
    /// length is given.
    pub struct SessionAuthenticateRequest {
        pub session_duration_minutes: Option<i64>,
    }
}

params! {
    /// `POST /v1/sessions/revoke`: one session, by id or by the session beside this type.
    pub struct SessionRevokeRequest {
        pub session_id: Option<String>,
    }
}

/// `GET /v1/sessions?user_id=..`: a user's live sessions. A missing `user_id` reads as empty
/// (and so names no user): a query string that cannot be read would be axum's plain-text
/// rejection, not a Stytch error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionsGetQuery {
    #[serde(default)]
    pub user_id: String,
}
