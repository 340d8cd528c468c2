//! Every client method that talks to the API: its HTTP route, the parameters it checks,
//! how it uses the stored IST, and what its success does to the client's state.

use super::validate::Spec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Http {
    /// The parameters the method lists go in the query; no body.
    Get,
    Post,
    Put,
    /// No body.
    Delete,
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
    /// The answer's `member` replaces the cached member (Stytch's `updateMember`).
    Member,
    /// As `Member`, when the answer's `member_id` is the cached member's (an admin editing
    /// themself).
    MemberIfSelf,
    /// The answer's `organization` replaces the cached organization.
    Organization,
    /// Success ends the local session: tokens, IST and cache cleared (Stytch's `destroyState`).
    Destroy,
    /// As `Destroy`, when the `member_id` passed is the cached member's.
    DestroyIfSelf,
}

#[derive(Debug)]
pub struct Method {
    pub http: Http,
    /// The path (under `/sdk/v1`), a space, then the parameters' [`Spec`] string: one string,
    /// not two, as a pointer and length are what deflate compresses worst (47 B gzip of the npm
    /// download with 88 methods, measured with `node bench/size.mjs`; see [`Spec`]).
    route: &'static str,
    pub ist: IstUse,
    pub effect: Effect,
}

impl Method {
    /// Under `/sdk/v1`. Each `{name}` is filled from the parameter `name` (which must then be
    /// an `Id`) and left out of the body; `{+name}` is filled and kept in it, as Stytch's
    /// client sends `organization.members.update`. At most two (a SAML connection's key).
    #[inline]
    pub fn path(&self) -> &'static str {
        &self.route[..self.split()]
    }

    /// The parameters the method checks.
    #[inline]
    pub fn params(&self) -> Spec {
        Spec(&self.route[self.split() + 1..])
    }

    fn split(&self) -> usize {
        self.route.bytes().position(|b| b == b' ').unwrap_or(0)
    }

    /// The method's name (for a `Method` of `METHODS`).
    pub fn name(&self) -> &'static str {
        let index = (self as *const Method as usize - METHODS.as_ptr() as usize) / std::mem::size_of::<Method>();
        NAMES[index]
    }

    /// Whether the method may be called with no argument at all.
    #[inline]
    pub fn params_optional(&self) -> bool {
        self.params().iter().all(|(_, rule)| rule.is_optional())
    }

    /// Whether a request is sent with a JSON body (GET and DELETE never are).
    #[inline]
    pub fn has_body(&self) -> bool {
        matches!(self.http, Http::Post | Http::Put)
    }
}

/// A path's first parameter, e.g. `/b2b/organizations/members/{member_id}/reactivate`:
/// `(before, name, after, kept)`, `kept` when it is written `{+name}` (also sent in the body);
/// any further ones are in `after`. `None` for a path without one. Byte-level: a char pattern would link a char searcher into
/// `(before, name, after, kept)`, `kept` when it is written `{+name}` (also sent in the body).
/// `None` for a path without one; the next one, if any, is in `after`. Byte-level: a char pattern would link a char searcher into
/// the client's wasm.
pub fn path_param(path: &str) -> Option<(&str, &str, &str, bool)> {
    let b = path.as_bytes();
    let open = b.iter().position(|&c| c == b'{')?;
    let close = open + b[open..].iter().position(|&c| c == b'}')?;
    let kept = b[open + 1] == b'+';
    Some((&path[..open], &path[open + 1 + kept as usize..close], &path[close + 1..], kept))
}

/// `m!(http, "path", spec!(...), ist, effect)`: a [`Method`], its path and parameters joined
/// at compile time.
macro_rules! m {
    ($http:expr, $path:literal, spec!($($name:ident: $rule:ident),* $(,)?), $ist:expr, $effect:expr $(,)?) => {
        Method {
            http: $http,
            route: concat!($path, " ", $(stringify!($name), ":", $crate::rule_code!($rule), ","),*),
            ist: $ist,
            effect: $effect,
        }
    };
}

/// The table: each method's JS name (under the client, e.g. `otps.sms.send`) and what it is.
/// The names go to `NAMES`, apart from `METHODS`, so that a client that finds methods by
/// index (the npm package's, whose JS lists the names) links no second copy of them.
macro_rules! table {
    ($($name:literal => $method:expr,)*) => {
        /// Every method's name, at its index in `METHODS`.
        pub static NAMES: &[&str] = &[$($name),*];
        pub static METHODS: &[Method] = &[$($method),*];
    };
}

table! {
    "otps.sms.send" => m!(
        Http::Post,
        "/b2b/otps/sms/send",
        spec!(organization_id: Required, member_id: Required, mfa_phone_number: OptionalPhone, locale: OptionalString, enable_autofill: OptionalBool, autofill_session_duration_minutes: OptionalSessionMinutes),
        IstUse::StoredWins,
        Effect::None,
    ),
    "otps.sms.authenticate" => m!(
        Http::Post,
        "/b2b/otps/sms/authenticate",
        spec!(organization_id: Required, member_id: Required, code: Code, session_duration_minutes: SessionMinutes, set_mfa_enrollment: OptionalEnrollment, set_default_mfa: OptionalBool),
        IstUse::StoredWins,
        Effect::Authenticate,
    ),
    "totp.create" => m!(
        Http::Post,
        "/b2b/totp",
        spec!(organization_id: Required, member_id: Required, expiration_minutes: OptionalExpirationMinutes),
        IstUse::StoredWins,
        Effect::None,
    ),
    "totp.authenticate" => m!(
        Http::Post,
        "/b2b/totp/authenticate",
        spec!(organization_id: Required, member_id: Required, code: Code, session_duration_minutes: SessionMinutes, set_mfa_enrollment: OptionalEnrollment, set_default_mfa: OptionalBool),
        IstUse::StoredWins,
        Effect::Authenticate,
    ),
    "recoveryCodes.recover" => m!(
        Http::Post,
        "/b2b/recovery_codes/recover",
        spec!(organization_id: Required, member_id: Required, recovery_code: Required, session_duration_minutes: SessionMinutes),
        IstUse::StoredWins,
        Effect::Authenticate,
    ),
    "recoveryCodes.get" => m!(Http::Get, "/b2b/recovery_codes", spec!(), IstUse::None, Effect::None),
    "recoveryCodes.rotate" => m!(Http::Post, "/b2b/recovery_codes/rotate", spec!(), IstUse::None, Effect::None),
    "passwords.authenticate" => m!(
        Http::Post,
        "/b2b/passwords/authenticate",
        spec!(organization_id: Required, email_address: Email, password: Required, session_duration_minutes: SessionMinutes, locale: OptionalString),
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    "passwords.resetByEmailStart" => m!(
        Http::Post,
        "/b2b/passwords/email/reset/start",
        spec!(organization_id: Required, email_address: Email, login_redirect_url: OptionalString, reset_password_redirect_url: OptionalString, reset_password_expiration_minutes: OptionalNumber, reset_password_template_id: OptionalString, verify_email_template_id: OptionalString, locale: OptionalString),
        IstUse::None,
        Effect::None,
    ),
    "passwords.resetByEmail" => m!(
        Http::Post,
        "/b2b/passwords/email/reset",
        spec!(password_reset_token: Required, password: Required, session_duration_minutes: SessionMinutes, locale: OptionalString),
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    // Stytch's client sends no IST with this one: the existing password is the whole proof.
    "passwords.resetByExistingPassword" => m!(
        Http::Post,
        "/b2b/passwords/existing_password/reset",
        spec!(organization_id: Required, email_address: Email, existing_password: Required, new_password: Required, session_duration_minutes: SessionMinutes, locale: OptionalString),
        IstUse::None,
        Effect::Authenticate,
    ),
    "passwords.strengthCheck" => m!(
        Http::Post,
        "/b2b/passwords/strength_check",
        spec!(password: Required, email_address: OptionalString),
        IstUse::None,
        Effect::None,
    ),
    "oauth.authenticate" => m!(
        Http::Post,
        "/b2b/oauth/authenticate",
        spec!(oauth_token: Required, session_duration_minutes: SessionMinutes, locale: OptionalString, pkce_code_verifier: OptionalString),
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    "sso.authenticate" => m!(
        Http::Post,
        "/b2b/sso/authenticate",
        spec!(sso_token: Required, session_duration_minutes: SessionMinutes, locale: OptionalString, pkce_code_verifier: OptionalString),
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    "magicLinks.email.loginOrSignup" => m!(
        Http::Post,
        "/b2b/magic_links/email/login_or_signup",
        spec!(organization_id: Required, email_address: Email, login_redirect_url: OptionalString, signup_redirect_url: OptionalString, login_template_id: OptionalString, signup_template_id: OptionalString, locale: OptionalString, login_expiration_minutes: OptionalNumber, signup_expiration_minutes: OptionalNumber),
        IstUse::None,
        Effect::None,
    ),
    "magicLinks.authenticate" => m!(
        Http::Post,
        "/b2b/magic_links/authenticate",
        spec!(magic_links_token: Required, session_duration_minutes: SessionMinutes, locale: OptionalString),
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    "discovery.intermediateSessions.exchange" => m!(
        Http::Post,
        "/b2b/discovery/intermediate_sessions/exchange",
        spec!(organization_id: Required, session_duration_minutes: SessionMinutes, locale: OptionalString),
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    "session.authenticate" => m!(
        Http::Post,
        "/b2b/sessions/authenticate",
        spec!(session_duration_minutes: OptionalSessionMinutes),
        IstUse::None,
        Effect::Authenticate,
    ),
    // `forceClear` is the client's own option (clear locally even if the call fails), never sent.
    "session.revoke" => m!(Http::Post, "/b2b/sessions/revoke", spec!(forceClear: OptionalBool), IstUse::None, Effect::Revoke),
    // Issue #22: the rest of Stytch's B2B client that talks to the API, as its compiled
    // `HeadlessClients/b2b` modules send each (route, body, IST, what the answer changes).
    // Only what must hold before a request is listed; other parameters pass through.
    "self.get" => m!(Http::Get, "/b2b/organizations/members/me", spec!(), IstUse::None, Effect::Member),
    "self.update" => m!(
        Http::Put,
        "/b2b/organizations/members/update",
        spec!(mfa_enrolled: OptionalBool, mfa_phone_number: OptionalPhone),
        IstUse::None,
        Effect::Member,
    ),
    "self.deleteMFAPhoneNumber" => m!(Http::Delete, "/b2b/organizations/members/deletePhoneNumber", spec!(), IstUse::None, Effect::Member),
    "self.deleteMFATOTP" => m!(Http::Delete, "/b2b/organizations/members/deleteTOTP", spec!(), IstUse::None, Effect::Member),
    "self.deletePassword" => m!(
        Http::Delete,
        "/b2b/organizations/members/passwords/{password_id}",
        spec!(password_id: Id),
        IstUse::None,
        Effect::Member,
    ),
    "self.unlinkRetiredEmail" => m!(Http::Post, "/b2b/organizations/members/unlink_retired_email", spec!(), IstUse::None, Effect::Member),
    "self.startEmailUpdate" => m!(
        Http::Post,
        "/b2b/organizations/members/start_email_update",
        spec!(email_address: Email),
        IstUse::None,
        Effect::Member,
    ),
    "organization.get" => m!(Http::Get, "/b2b/organizations/me", spec!(), IstUse::None, Effect::Organization),
    "organization.update" => m!(Http::Put, "/b2b/organizations/me", spec!(), IstUse::None, Effect::Organization),
    "organization.delete" => m!(Http::Delete, "/b2b/organizations/me", spec!(), IstUse::None, Effect::Destroy),
    "organization.getBySlug" => m!(Http::Post, "/b2b/organizations/search", spec!(organization_slug: Required), IstUse::None, Effect::None),
    "organization.members.create" => m!(
        Http::Post,
        "/b2b/organizations/members",
        spec!(email_address: Email, mfa_phone_number: OptionalPhone),
        IstUse::None,
        Effect::None,
    ),
    "organization.members.search" => m!(Http::Post, "/b2b/organizations/me/members/search", spec!(), IstUse::None, Effect::None),
    "organization.members.update" => m!(
        Http::Put,
        "/b2b/organizations/members/{+member_id}",
        spec!(member_id: Id, mfa_enrolled: OptionalBool, mfa_phone_number: OptionalPhone),
        IstUse::None,
        Effect::MemberIfSelf,
    ),
    "organization.members.deletePassword" => m!(
        Http::Delete,
        "/b2b/organizations/members/passwords/{password_id}",
        spec!(password_id: Id),
        IstUse::None,
        Effect::MemberIfSelf,
    ),
    "organization.members.deleteMFAPhoneNumber" => m!(
        Http::Delete,
        "/b2b/organizations/members/mfa_phone_numbers/{member_id}",
        spec!(member_id: Id),
        IstUse::None,
        Effect::MemberIfSelf,
    ),
    "organization.members.deleteMFATOTP" => m!(
        Http::Delete,
        "/b2b/organizations/members/totp/{member_id}",
        spec!(member_id: Id),
        IstUse::None,
        Effect::MemberIfSelf,
    ),
    "organization.members.delete" => m!(
        Http::Delete,
        "/b2b/organizations/members/{member_id}",
        spec!(member_id: Id),
        IstUse::None,
        Effect::DestroyIfSelf,
    ),
    "organization.members.reactivate" => m!(
        Http::Put,
        "/b2b/organizations/members/{member_id}/reactivate",
        spec!(member_id: Id),
        IstUse::None,
        Effect::None,
    ),
    "organization.members.unlinkRetiredEmail" => m!(
        Http::Post,
        "/b2b/organizations/members/{member_id}/unlink_retired_email",
        spec!(member_id: Id),
        IstUse::None,
        Effect::MemberIfSelf,
    ),
    "organization.members.startEmailUpdate" => m!(
        Http::Post,
        "/b2b/organizations/members/{member_id}/start_email_update",
        spec!(member_id: Id, email_address: Email),
        IstUse::None,
        Effect::MemberIfSelf,
    ),
    "discovery.organizations.list" => m!(Http::Post, "/b2b/discovery/organizations", spec!(), IstUse::CallerWins, Effect::None),
    "discovery.organizations.create" => m!(
        Http::Post,
        "/b2b/discovery/organizations/create",
        spec!(session_duration_minutes: SessionMinutes),
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    "magicLinks.email.invite" => m!(Http::Post, "/b2b/magic_links/email/invite", spec!(email_address: Email), IstUse::None, Effect::None),
    "magicLinks.email.discovery.send" => m!(
        Http::Post,
        "/b2b/magic_links/email/discovery/send",
        spec!(email_address: Email),
        IstUse::None,
        Effect::None,
    ),
    // Discovery answers an IST and the member's organizations, never a session: stored as
    // an authenticate's IST (Stytch's client clears the session and state the same way).
    "magicLinks.discovery.authenticate" => m!(
        Http::Post,
        "/b2b/magic_links/discovery/authenticate",
        spec!(discovery_magic_links_token: Required),
        IstUse::None,
        Effect::Authenticate,
    ),
    "otps.email.loginOrSignup" => m!(
        Http::Post,
        "/b2b/otps/email/login_or_signup",
        spec!(organization_id: Required, email_address: Email),
        IstUse::None,
        Effect::None,
    ),
    "otps.email.authenticate" => m!(
        Http::Post,
        "/b2b/otps/email/authenticate",
        spec!(organization_id: Required, email_address: Email, code: Code, session_duration_minutes: SessionMinutes),
        IstUse::StoredWins,
        Effect::Authenticate,
    ),
    "otps.email.discovery.send" => m!(Http::Post, "/b2b/otps/email/discovery/send", spec!(email_address: Email), IstUse::None, Effect::None),
    "otps.email.discovery.authenticate" => m!(
        Http::Post,
        "/b2b/otps/email/discovery/authenticate",
        spec!(email_address: Email, code: Code),
        IstUse::None,
        Effect::Authenticate,
    ),
    "passwords.resetBySession" => m!(
        Http::Post,
        "/b2b/passwords/session/reset",
        spec!(password: Required),
        IstUse::None,
        Effect::Authenticate,
    ),
    "passwords.discovery.resetByEmailStart" => m!(
        Http::Post,
        "/b2b/passwords/discovery/reset/start",
        spec!(email_address: Email),
        IstUse::None,
        Effect::None,
    ),
    "passwords.discovery.resetByEmail" => m!(
        Http::Post,
        "/b2b/passwords/discovery/reset",
        spec!(password_reset_token: Required, password: Required),
        IstUse::CallerWins,
        Effect::Authenticate,
    ),
    "passwords.discovery.authenticate" => m!(
        Http::Post,
        "/b2b/passwords/discovery/authenticate",
        spec!(email_address: Email, password: Required),
        IstUse::None,
        Effect::Authenticate,
    ),
    "oauth.discovery.authenticate" => m!(
        Http::Post,
        "/b2b/oauth/discovery/authenticate",
        spec!(discovery_oauth_token: Required),
        IstUse::None,
        Effect::Authenticate,
    ),
    "session.revokeForMember" => m!(Http::Post, "/b2b/sessions/revoke/{member_id}", spec!(member_id: Id), IstUse::None, Effect::None),
    "session.exchange" => m!(
        Http::Post,
        "/b2b/sessions/exchange",
        spec!(organization_id: Required, session_duration_minutes: SessionMinutes),
        IstUse::None,
        Effect::Authenticate,
    ),
    "session.exchangeAccessToken" => m!(
        Http::Post,
        "/b2b/sessions/exchange_access_token",
        spec!(access_token: Jwt, session_duration_minutes: SessionMinutes),
        IstUse::None,
        Effect::Authenticate,
    ),
    "session.attest" => m!(
        Http::Post,
        "/b2b/sessions/attest",
        spec!(profile_id: Required, token: Jwt, session_duration_minutes: SessionMinutes),
        IstUse::None,
        Effect::Authenticate,
    ),
    "sso.getConnections" => m!(Http::Get, "/b2b/sso", spec!(), IstUse::None, Effect::None),
    "sso.discoverConnections" => m!(Http::Get, "/b2b/sso/discovery/connections", spec!(email_address: Email), IstUse::None, Effect::None),
    // apps24: Connected Apps. The consent page's calls (the member's session), and the apps a
    // member authorized, seen and revoked by the member, or in the organization.
    "idp.oauthAuthorizeStart" => m!(
        Http::Post,
        "/idp/b2b/oauth/authorize/start",
        spec!(client_id: Required, redirect_uri: Required, response_type: Required),
        IstUse::None,
        Effect::None,
    ),
    "idp.oauthAuthorizeSubmit" => m!(
        Http::Post,
        "/idp/b2b/oauth/authorize/submit",
        spec!(client_id: Required, redirect_uri: Required, response_type: Required, consent_granted: OptionalBool),
        IstUse::None,
        Effect::None,
    ),
    "idp.oauthLogoutStart" => m!(
        Http::Post,
        "/b2b/oauth/logout/start",
        spec!(client_id: Required, post_logout_redirect_uri: Required, state: Required),
        IstUse::None,
        Effect::None,
    ),
    "self.getConnectedApps" => m!(Http::Get, "/b2b/organizations/members/connected_apps", spec!(), IstUse::None, Effect::None),
    "self.revokeConnectedApp" => m!(
        Http::Post,
        "/b2b/organizations/members/connected_apps/{connected_app_id}/revoke",
        spec!(connected_app_id: Id),
        IstUse::None,
        Effect::None,
    ),
    "organization.getConnectedApps" => m!(Http::Get, "/b2b/organizations/connected_apps", spec!(), IstUse::None, Effect::None),
    "organization.getConnectedApp" => m!(
        Http::Get,
        "/b2b/organizations/connected_apps/{connected_app_id}",
        spec!(connected_app_id: Id),
        IstUse::None,
        Effect::None,
    ),
    "organization.members.getConnectedApps" => m!(
        Http::Get,
        "/b2b/organizations/members/{member_id}/connected_apps",
        spec!(member_id: Id),
        IstUse::None,
        Effect::None,
    ),
    "organization.members.revokeConnectedApp" => m!(
        Http::Post,
        "/b2b/organizations/members/{member_id}/connected_apps/{connected_app_id}/revoke",
        spec!(member_id: Id, connected_app_id: Id),
        IstUse::None,
        Effect::None,
    ),
    // sso24 (#24): SSO connection management. Only the ids of the path and what the API needs
    // are checked here; the settings go to the API as the caller gave them, as Stytch's client
    // sends them (the API checks them).
    "sso.deleteConnection" => m!(Http::Delete, "/b2b/sso/{connection_id}", spec!(connection_id: Id), IstUse::None, Effect::None),
    "sso.saml.createConnection" => m!(Http::Post, "/b2b/sso/saml", spec!(), IstUse::None, Effect::None),
    "sso.saml.updateConnection" => m!(Http::Put, "/b2b/sso/saml/{+connection_id}", spec!(connection_id: Id), IstUse::None, Effect::None),
    "sso.saml.updateConnectionByURL" => m!(
        Http::Put,
        "/b2b/sso/saml/{+connection_id}/url",
        spec!(connection_id: Id, metadata_url: Required),
        IstUse::None,
        Effect::None,
    ),
    "sso.saml.deleteVerificationCertificate" => m!(
        Http::Delete,
        "/b2b/sso/saml/{connection_id}/verification_certificates/{certificate_id}",
        spec!(connection_id: Id, certificate_id: Id),
        IstUse::None,
        Effect::None,
    ),
    "sso.saml.deleteEncryptionPrivateKey" => m!(
        Http::Delete,
        "/b2b/sso/saml/{connection_id}/encryption_private_key/{private_key_id}",
        spec!(connection_id: Id, private_key_id: Id),
        IstUse::None,
        Effect::None,
    ),
    "sso.oidc.createConnection" => m!(Http::Post, "/b2b/sso/oidc", spec!(), IstUse::None, Effect::None),
    "sso.oidc.updateConnection" => m!(Http::Put, "/b2b/sso/oidc/{+connection_id}", spec!(connection_id: Id), IstUse::None, Effect::None),
    "sso.external.createConnection" => m!(
        Http::Post,
        "/b2b/sso/external",
        spec!(external_organization_id: Required, external_connection_id: Required),
        IstUse::None,
        Effect::None,
    ),
    "sso.external.updateConnection" => m!(Http::Put, "/b2b/sso/external/{+connection_id}", spec!(connection_id: Id), IstUse::None, Effect::None),
    // scim24: SCIM connections (the session's organization; Stytch's client takes the
    // connection id as its one argument) and impersonation, a primary factor that always
    // answers a session (no IST is sent: the impersonator is not asked for MFA). Their
    // optional parameters are the API's to check (the download stays within its budget).
    "scim.createConnection" => m!(Http::Post, "/b2b/scim", spec!(), IstUse::None, Effect::None),
    "scim.updateConnection" => m!(Http::Put, "/b2b/scim/{+connection_id}", spec!(connection_id: Id), IstUse::None, Effect::None),
    "scim.deleteConnection" => m!(Http::Delete, "/b2b/scim/{connection_id}", spec!(connection_id: Id), IstUse::None, Effect::None),
    "scim.getConnection" => m!(Http::Get, "/b2b/scim", spec!(), IstUse::None, Effect::None),
    "scim.getConnectionGroups" => m!(Http::Post, "/b2b/scim/groups", spec!(), IstUse::None, Effect::None),
    "scim.rotateStart" => m!(Http::Post, "/b2b/scim/rotate/start", spec!(connection_id: Required), IstUse::None, Effect::None),
    "scim.rotateComplete" => m!(Http::Post, "/b2b/scim/rotate/complete", spec!(connection_id: Required), IstUse::None, Effect::None),
    "scim.rotateCancel" => m!(Http::Post, "/b2b/scim/rotate/cancel", spec!(connection_id: Required), IstUse::None, Effect::None),
    "impersonation.authenticate" => m!(
        Http::Post,
        "/b2b/impersonation/authenticate",
        spec!(impersonation_token: Required),
        IstUse::None,
        Effect::Authenticate,
    ),
}

/// A method's index in `METHODS` by its name.
#[inline]
pub fn index_of(name: &str) -> Option<usize> {
    NAMES.iter().position(|n| *n == name)
}

#[inline]
pub fn find(name: &str) -> Option<&'static Method> {
    index_of(name).map(|i| &METHODS[i])
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
        // The ticket carries a method's index in 8 bits (src/wasm/pipeline.rs).
        assert!(METHODS.len() <= 256);
        assert_eq!(NAMES.len(), METHODS.len());
        for (i, a) in METHODS.iter().enumerate() {
            // apps24: the identity-provider calls are Stytch's `/idp/b2b/...`.
            assert!(a.path().starts_with("/b2b/") || a.path().starts_with("/idp/b2b/"), "{}", a.path());
            assert!(NAMES[i + 1..].iter().all(|b| *b != NAMES[i]));
            assert_eq!(a.name(), NAMES[i]);
        }
    }

    #[test]
    fn a_path_gives_its_parameter() {
        assert_eq!(
            path_param("/b2b/organizations/members/{member_id}/reactivate"),
            Some(("/b2b/organizations/members/", "member_id", "/reactivate", false))
        );
        assert_eq!(path_param("/b2b/organizations/members/{+member_id}"), Some(("/b2b/organizations/members/", "member_id", "", true)));
        assert_eq!(path_param("/b2b/sso"), None);
    }

    /// Each `{name}` of a path is a parameter the method checks as an `Id`, so no value can
    /// change the route.
    #[test]
    fn path_parameters_are_checked_ids() {
        for m in METHODS {
            let mut rest = m.path();
            let mut count = 0;
            while let Some((_, name, after, _)) = path_param(rest) {
                assert!(m.params().contains(name, super::super::validate::Rule::Id), "{}: {name} must be an Id parameter", m.name());
                count += 1;
                rest = after;
            }
            assert!(count <= 2, "{}: two parameters at most", m.name());
            assert_eq!(m.has_body(), matches!(m.http, Http::Post | Http::Put), "{}", m.name());
        }
        let update = find("organization.members.update").unwrap();
        assert_eq!(update.http, Http::Put);
        assert!(path_param(update.path()).unwrap().3, "member_id kept in the body, as Stytch sends it");
    }

    /// What Stytch's client does with each answer, as its `HeadlessClients/b2b` modules do.
    #[test]
    fn effects_follow_stytchs_client() {
        let rows: &[(&str, Effect)] = &[
            ("self.get", Effect::Member),
            ("self.update", Effect::Member),
            ("self.deleteMFATOTP", Effect::Member),
            ("organization.get", Effect::Organization),
            ("organization.update", Effect::Organization),
            ("organization.delete", Effect::Destroy),
            ("organization.members.update", Effect::MemberIfSelf),
            ("organization.members.delete", Effect::DestroyIfSelf),
            ("organization.members.search", Effect::None),
            ("session.exchange", Effect::Authenticate),
            ("discovery.organizations.create", Effect::Authenticate),
            ("magicLinks.discovery.authenticate", Effect::Authenticate),
            ("otps.email.discovery.authenticate", Effect::Authenticate),
            ("passwords.resetBySession", Effect::Authenticate),
            ("session.revokeForMember", Effect::None),
        ];
        for (name, effect) in rows {
            assert_eq!(find(name).unwrap_or_else(|| panic!("{name}")).effect, *effect, "{name}");
        }
        // Discovery lists and creates with the IST of the discovery login.
        assert_eq!(find("discovery.organizations.list").unwrap().ist, IstUse::CallerWins);
        assert_eq!(find("discovery.organizations.create").unwrap().ist, IstUse::CallerWins);
        assert_eq!(find("otps.email.authenticate").unwrap().ist, IstUse::StoredWins);
    }

    #[test]
    fn session_calls_take_no_required_argument() {
        assert!(find("session.authenticate").unwrap().params_optional());
        assert!(find("session.revoke").unwrap().params_optional());
        assert!(find("recoveryCodes.get").unwrap().params_optional());
        assert!(!find("otps.sms.send").unwrap().params_optional());
    }
}
