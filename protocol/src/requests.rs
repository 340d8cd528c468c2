//! What the caller passes to each method (named after the headless client's methods). Fields
//! left `None` are left out of the request, as Stytch's client leaves them out. The client
//! adds the stored intermediate session token where the method uses one.

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::responses::{
    AuthenticateResponse, BasicResponse, MagicLinkSendResponse, MemberResponse, PasswordResetStartResponse, RecoveryCodesRecoverResponse,
    RecoveryCodesResponse, SessionResponse, StrengthCheckResponse, TotpCreateResponse,
};

/// The parameters of one method: its name in the method table and what it answers.
pub trait Request: Serialize {
    /// The headless client's name of the method (`otps.sms.send`), a name in
    /// [`crate::methods::METHODS`].
    const METHOD: &'static str;
    type Response: DeserializeOwned;
}

macro_rules! request {
    ($($options:ident => $method:literal, $response:ident;)+) => {
        $(impl Request for $options {
            const METHOD: &'static str = $method;
            type Response = $response;
        })+

        /// Every request type's method name, for checking them against the method table.
        pub const REQUEST_METHODS: &[&str] = &[$($method),+];
    };
}

request! {
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

/// Declares a parameter struct: `Option` fields are skipped when `None`.
macro_rules! params {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            $($(#[$fmeta])* #[serde(default, skip_serializing_if = "crate::requests::Skip::skip")] pub $field: $ty,)*
        }
    };
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
impl Skip for bool {}

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
        pub autofill_session_duration_minutes: Option<u32>,
    }
}

params! {
    /// `otps.sms.authenticate`.
    pub struct SmsAuthenticateOptions {
        pub organization_id: String,
        pub member_id: String,
        pub code: String,
        /// 5 to 527040.
        pub session_duration_minutes: u32,
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
        pub expiration_minutes: Option<u32>,
    }
}

params! {
    /// `totp.authenticate`.
    pub struct TotpAuthenticateOptions {
        pub organization_id: String,
        pub member_id: String,
        pub code: String,
        pub session_duration_minutes: u32,
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
        pub session_duration_minutes: u32,
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
        pub session_duration_minutes: u32,
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
        pub reset_password_expiration_minutes: Option<u32>,
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
        pub session_duration_minutes: u32,
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
        pub session_duration_minutes: u32,
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
        pub login_expiration_minutes: Option<u32>,
        pub signup_expiration_minutes: Option<u32>,
    }
}

params! {
    /// `magicLinks.authenticate`: the token from the link.
    pub struct MagicLinksAuthenticateOptions {
        pub magic_links_token: String,
        pub session_duration_minutes: u32,
        pub locale: Option<String>,
    }
}

params! {
    /// `discovery.intermediateSessions.exchange`: the stored IST for a login to one
    /// organization.
    pub struct IntermediateSessionsExchangeOptions {
        pub organization_id: String,
        pub session_duration_minutes: u32,
        pub locale: Option<String>,
    }
}

params! {
    /// `oauth.authenticate`: the token the OAuth redirect brought back.
    pub struct OAuthAuthenticateOptions {
        pub oauth_token: String,
        pub session_duration_minutes: u32,
        pub locale: Option<String>,
        /// The PKCE verifier of the flow's start, when it sent a challenge.
        pub pkce_code_verifier: Option<String>,
    }
}

params! {
    /// `sso.authenticate`: the token the SSO redirect brought back.
    pub struct SsoAuthenticateOptions {
        pub sso_token: String,
        pub session_duration_minutes: u32,
        pub locale: Option<String>,
        pub pkce_code_verifier: Option<String>,
    }
}

params! {
    /// `session.authenticate`: confirms (and may extend) the stored session.
    pub struct SessionAuthenticateOptions {
        pub session_duration_minutes: Option<u32>,
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
}
