//! Stytch's consumer (B2C) objects as the emulator's consumer backend API and its control API
//! answer them: a user and a user session. Read leniently, written in full, as the B2B objects.

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
