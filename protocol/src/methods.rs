//! Every client method that talks to the API: its HTTP route, the parameters it checks,
//! how it uses the stored IST, and what its success does to the client's state.

use super::validate::{Rule::*, Spec};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Http {
    Get,
    Post,
}

/// How a method sends the stored intermediate session token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IstUse {
    None,
    /// Added when the caller passed none (primary factors, discovery).
    CallerWins,
    /// Replaces what the caller passed (the MFA steps), as Stytch's client does.
    StoredWins,
}

/// What a successful response does to stored tokens and cached objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing stored changes (sends, TOTP creation, reading recovery codes).
    None,
    /// An authenticate response: a member session, or an IST when MFA is still needed.
    Authenticate,
    /// The session is over: clear tokens, IST and cache.
    Revoke,
}

#[derive(Debug)]
pub struct Method {
    /// The JS name under the client, e.g. `otps.sms.send`.
    pub name: &'static str,
    pub http: Http,
    /// Under `/sdk/v1`.
    pub path: &'static str,
    pub params: Spec,
    pub ist: IstUse,
    pub effect: Effect,
}

impl Method {
    /// Whether the method may be called with no argument at all.
    #[inline]
    pub fn params_optional(&self) -> bool {
        self.params.iter().all(|(_, rule)| rule.is_optional())
    }
}

const fn m(name: &'static str, http: Http, path: &'static str, params: Spec, ist: IstUse, effect: Effect) -> Method {
    Method { name, http, path, params, ist, effect }
}

pub static METHODS: &[Method] = &[
    m(
        "otps.sms.send",
        Http::Post,
        "/b2b/otps/sms/send",
        &[
            ("organization_id", Required),
            ("member_id", Required),
            ("mfa_phone_number", OptionalPhone),
            ("locale", OptionalString),
            ("enable_autofill", OptionalBool),
            ("autofill_session_duration_minutes", OptionalSessionMinutes),
        ],
        IstUse::StoredWins,
        Effect::None,
    ),
    m(
        "otps.sms.authenticate",
        Http::Post,
        "/b2b/otps/sms/authenticate",
        &[
            ("organization_id", Required),
            ("member_id", Required),
            ("code", Code),
            ("session_duration_minutes", SessionMinutes),
            ("set_mfa_enrollment", OptionalEnrollment),
            ("set_default_mfa", OptionalBool),
        ],
        IstUse::StoredWins,
        Effect::Authenticate,
    ),
    m(
        "totp.create",
        Http::Post,
        "/b2b/totp",
        &[("organization_id", Required), ("member_id", Required), ("expiration_minutes", OptionalExpirationMinutes)],
        IstUse::StoredWins,
        Effect::None,
    ),
    m(
        "totp.authenticate",
        Http::Post,
        "/b2b/totp/authenticate",
        &[
            ("organization_id", Required),
            ("member_id", Required),
            ("code", Code),
            ("session_duration_minutes", SessionMinutes),
            ("set_mfa_enrollment", OptionalEnrollment),
            ("set_default_mfa", OptionalBool),
        ],
        IstUse::StoredWins,
        Effect::Authenticate,
    ),
    m(
        "recoveryCodes.recover",
        Http::Post,
        "/b2b/recovery_codes/recover",
        &[
            ("organization_id", Required),
            ("member_id", Required),
            ("recovery_code", Required),
            ("session_duration_minutes", SessionMinutes),
        ],
        IstUse::StoredWins,
        Effect::Authenticate,
    ),
    m("recoveryCodes.get", Http::Get, "/b2b/recovery_codes", &[], IstUse::None, Effect::None),
    m("recoveryCodes.rotate", Http::Post, "/b2b/recovery_codes/rotate", &[], IstUse::None, Effect::None),
    m(
        "passwords.authenticate",
        Http::Post,
        "/b2b/passwords/authenticate",
        &[
            ("organization_id", Required),
            ("email_address", Email),
            ("password", Required),
            ("session_duration_minutes", SessionMinutes),
            ("locale", OptionalString),
        ],
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    m(
        "passwords.resetByEmailStart",
        Http::Post,
        "/b2b/passwords/email/reset/start",
        &[
            ("organization_id", Required),
            ("email_address", Email),
            ("login_redirect_url", OptionalString),
            ("reset_password_redirect_url", OptionalString),
            ("reset_password_expiration_minutes", OptionalNumber),
            ("reset_password_template_id", OptionalString),
            ("verify_email_template_id", OptionalString),
            ("locale", OptionalString),
        ],
        IstUse::None,
        Effect::None,
    ),
    m(
        "passwords.resetByEmail",
        Http::Post,
        "/b2b/passwords/email/reset",
        &[
            ("password_reset_token", Required),
            ("password", Required),
            ("session_duration_minutes", SessionMinutes),
            ("locale", OptionalString),
        ],
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    // Stytch's client sends no IST with this one: the existing password is the whole proof.
    m(
        "passwords.resetByExistingPassword",
        Http::Post,
        "/b2b/passwords/existing_password/reset",
        &[
            ("organization_id", Required),
            ("email_address", Email),
            ("existing_password", Required),
            ("new_password", Required),
            ("session_duration_minutes", SessionMinutes),
            ("locale", OptionalString),
        ],
        IstUse::None,
        Effect::Authenticate,
    ),
    m(
        "passwords.strengthCheck",
        Http::Post,
        "/b2b/passwords/strength_check",
        &[("password", Required), ("email_address", OptionalString)],
        IstUse::None,
        Effect::None,
    ),
    m(
        "oauth.authenticate",
        Http::Post,
        "/b2b/oauth/authenticate",
        &[
            ("oauth_token", Required),
            ("session_duration_minutes", SessionMinutes),
            ("locale", OptionalString),
            ("pkce_code_verifier", OptionalString),
        ],
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    m(
        "sso.authenticate",
        Http::Post,
        "/b2b/sso/authenticate",
        &[
            ("sso_token", Required),
            ("session_duration_minutes", SessionMinutes),
            ("locale", OptionalString),
            ("pkce_code_verifier", OptionalString),
        ],
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    m(
        "magicLinks.email.loginOrSignup",
        Http::Post,
        "/b2b/magic_links/email/login_or_signup",
        &[
            ("organization_id", Required),
            ("email_address", Email),
            ("login_redirect_url", OptionalString),
            ("signup_redirect_url", OptionalString),
            ("login_template_id", OptionalString),
            ("signup_template_id", OptionalString),
            ("locale", OptionalString),
            ("login_expiration_minutes", OptionalNumber),
            ("signup_expiration_minutes", OptionalNumber),
        ],
        IstUse::None,
        Effect::None,
    ),
    m(
        "magicLinks.authenticate",
        Http::Post,
        "/b2b/magic_links/authenticate",
        &[("magic_links_token", Required), ("session_duration_minutes", SessionMinutes), ("locale", OptionalString)],
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    m(
        "discovery.intermediateSessions.exchange",
        Http::Post,
        "/b2b/discovery/intermediate_sessions/exchange",
        &[("organization_id", Required), ("session_duration_minutes", SessionMinutes), ("locale", OptionalString)],
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    m(
        "session.authenticate",
        Http::Post,
        "/b2b/sessions/authenticate",
        &[("session_duration_minutes", OptionalSessionMinutes)],
        IstUse::None,
        Effect::Authenticate,
    ),
    // `forceClear` is the client's own option (clear locally even if the call fails), never sent.
    m("session.revoke", Http::Post, "/b2b/sessions/revoke", &[("forceClear", OptionalBool)], IstUse::None, Effect::Revoke),
];

#[inline]
pub fn find(name: &str) -> Option<&'static Method> {
    METHODS.iter().find(|m| m.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_mfa_calls_send_the_stored_ist() {
        for name in ["otps.sms.send", "otps.sms.authenticate", "totp.create", "totp.authenticate", "recoveryCodes.recover"] {
            assert_eq!(find(name).unwrap().ist, IstUse::StoredWins, "{name}");
        }
    }

    #[test]
    fn names_are_unique_and_paths_are_under_b2b() {
        for (i, a) in METHODS.iter().enumerate() {
            assert!(a.path.starts_with("/b2b/"));
            assert!(METHODS[i + 1..].iter().all(|b| b.name != a.name));
        }
    }

    #[test]
    fn session_calls_take_no_required_argument() {
        assert!(find("session.authenticate").unwrap().params_optional());
        assert!(find("session.revoke").unwrap().params_optional());
        assert!(find("recoveryCodes.get").unwrap().params_optional());
        assert!(!find("otps.sms.send").unwrap().params_optional());
    }
}
