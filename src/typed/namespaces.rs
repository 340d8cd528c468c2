//! The client's namespaces, named as in the JS client (`client.otps().sms().send(..)` is
//! `client.otps.sms.send(..)`). Each method is [`StytchB2BHeadlessClient::request`] with its
//! request type.

use serde::de::DeserializeOwned;
use stytch_b2b_protocol::scim::*;
use stytch_b2b_protocol::sso_connections::*;
use stytch_b2b_protocol::*;

use super::redirects::{self, OAuthStartOptions, SsoStartOptions};
use super::{StytchB2BHeadlessClient as Client, StytchError, Subscription};
use crate::wasm::Topic;

type Answer<R> = Result<<R as Request>::Response, StytchError>;

/// Declares namespace methods, one line each: `name(Options);` takes the options,
/// `name(Options: field);` takes Stytch's one positional argument (an id, an email) as
/// `field`, `name(Options {});` takes nothing.
macro_rules! methods {
    ($ns:ident { $($(#[$doc:meta])* $name:ident $args:tt;)+ }) => {
        impl $ns<'_> {
            $(method!($(#[$doc])* $name $args);)+
        }
    };
}

macro_rules! method {
    ($(#[$doc:meta])* $name:ident ($options:ident {})) => {
        $(#[$doc])*
        pub async fn $name(&self) -> Answer<$options> {
            self.0.request(&$options {}).await
        }
    };
    ($(#[$doc:meta])* $name:ident ($options:ident : $field:ident)) => {
        $(#[$doc])*
        pub async fn $name(&self, $field: &str) -> Answer<$options> {
            self.0.request(&$options { $field: $field.into() }).await
        }
    };
    ($(#[$doc:meta])* $name:ident ($options:ident)) => {
        $(#[$doc])*
        pub async fn $name(&self, options: &$options) -> Answer<$options> {
            self.0.request(options).await
        }
    };
}

/// A namespace's sub-namespaces: `fn name() -> Type` for each.
macro_rules! children {
    ($ns:ident { $($(#[$doc:meta])* $name:ident: $child:ident;)+ }) => {
        impl<'a> $ns<'a> {
            $($(#[$doc])* pub fn $name(&self) -> $child<'a> {
                $child(self.0)
            })+
        }
    };
}

/// `client.passwords()`: a password as the primary factor, resets, strength checks.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// let login = client.passwords().authenticate(&PasswordAuthenticateOptions {
///     organization_id: "organization-test-...".into(),
///     email_address: "ada@example.com".into(),
///     password: "correct horse battery staple".into(),
///     session_duration_minutes: 60,
///     ..Default::default()
/// }).await?;
/// if login.member_session.is_none() { /* MFA next: login.mfa_required */ }
/// # Ok(())
/// # }
/// ```
pub struct Passwords<'a>(pub(super) &'a Client);
methods!(Passwords {
    /// A password as the primary factor: a session, or an IST and `mfa_required`.
    authenticate(PasswordAuthenticateOptions);
    /// Emails a reset link.
    reset_by_email_start(PasswordResetByEmailStartOptions);
    /// Sets the password with the link's token; continues like `authenticate`.
    reset_by_email(PasswordResetByEmailOptions);
    reset_by_existing_password(PasswordResetByExistingPasswordOptions);
    strength_check(PasswordStrengthCheckOptions);
    /// A new password for the signed-in member.
    reset_by_session(PasswordResetBySessionOptions);
});
children!(Passwords { discovery: PasswordsDiscovery; });

/// `client.passwords().discovery()`: a password as the proof of a discovery login.
pub struct PasswordsDiscovery<'a>(&'a Client);
methods!(PasswordsDiscovery {
    /// A discovery IST and the organizations the email can enter.
    authenticate(PasswordDiscoveryAuthenticateOptions);
    reset_by_email_start(PasswordDiscoveryResetByEmailStartOptions);
    reset_by_email(PasswordDiscoveryResetByEmailOptions);
});

/// `client.magic_links()`: email links as the primary factor.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// let options = MagicLinksLoginOrSignupOptions {
///     organization_id: "organization-test-...".into(),
///     email_address: "ada@example.com".into(),
///     login_redirect_url: Some("https://app.example.com/authenticate".into()),
///     ..Default::default()
/// };
/// client.magic_links().email().login_or_signup(&options).await?;
/// // On the page the link opens, with `token` from its URL:
/// # let token = String::new();
/// let r = client.magic_links().authenticate(&MagicLinksAuthenticateOptions {
///     magic_links_token: token,
///     session_duration_minutes: 60,
///     ..Default::default()
/// }).await?;
/// # Ok(())
/// # }
/// ```
pub struct MagicLinks<'a>(pub(super) &'a Client);
methods!(MagicLinks {
    /// The link's token as the primary factor.
    authenticate(MagicLinksAuthenticateOptions);
});
children!(MagicLinks { email: MagicLinksEmail; discovery: MagicLinksDiscovery; });

/// `client.magic_links().discovery()`.
pub struct MagicLinksDiscovery<'a>(&'a Client);
methods!(MagicLinksDiscovery {
    /// The discovery link's token: a discovery IST (stored) and the organizations its email
    /// can enter.
    authenticate(MagicLinksDiscoveryAuthenticateOptions);
});

/// `client.magic_links().email()`.
pub struct MagicLinksEmail<'a>(&'a Client);
methods!(MagicLinksEmail {
    /// Emails a login link (signing the member up if the organization allows it).
    login_or_signup(MagicLinksLoginOrSignupOptions);
    /// Invites an email into the signed-in member's organization.
    invite(MagicLinksInviteOptions);
});
children!(MagicLinksEmail { discovery: MagicLinksEmailDiscovery; });

/// `client.magic_links().email().discovery()`.
pub struct MagicLinksEmailDiscovery<'a>(&'a Client);
methods!(MagicLinksEmailDiscovery {
    /// Emails a discovery login link (no organization yet).
    send(MagicLinksDiscoverySendOptions);
});

/// `client.discovery()`: the stored IST exchanged for a login to one organization.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// let r = client.discovery().intermediate_sessions().exchange(&IntermediateSessionsExchangeOptions {
///     organization_id: "organization-test-...".into(),
///     session_duration_minutes: 60,
///     ..Default::default()
/// }).await?;
/// # Ok(())
/// # }
/// ```
pub struct Discovery<'a>(pub(super) &'a Client);

children!(Discovery { intermediate_sessions: IntermediateSessions; organizations: DiscoveryOrganizations; });

/// `client.discovery().organizations()`: with the stored discovery IST (or the session).
pub struct DiscoveryOrganizations<'a>(&'a Client);
methods!(DiscoveryOrganizations {
    /// The organizations the email can enter.
    list(DiscoveryOrganizationsListOptions {});
    /// A new organization with the email's member in it: a session, or `mfa_required`.
    create(DiscoveryOrganizationsCreateOptions);
});

/// `client.discovery().intermediate_sessions()`.
pub struct IntermediateSessions<'a>(&'a Client);
methods!(IntermediateSessions {
    /// The stored IST for a login to one organization.
    exchange(IntermediateSessionsExchangeOptions);
});

/// `client.oauth()`: `google().start(..)` / `microsoft().start(..)` leave for the provider;
/// the page it sends the member back to calls `authenticate` with the token.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// client.oauth().google().start(&OAuthStartOptions {
///     organization_id: Some("organization-test-...".into()),
///     login_redirect_url: Some("https://app.example.com/authenticate".into()),
///     ..Default::default()
/// }).await?;
/// // Back on /authenticate?stytch_token_type=oauth&token=...:
/// # let token = String::new();
/// let r = client.oauth().authenticate(&OAuthAuthenticateOptions {
///     oauth_token: token,
///     session_duration_minutes: 60,
///     ..Default::default()
/// }).await?;
/// # Ok(())
/// # }
/// ```
pub struct OAuth<'a>(pub(super) &'a Client);

impl<'a> OAuth<'a> {
    pub fn google(&self) -> OAuthProvider<'a> {
        OAuthProvider(self.0, "google")
    }

    pub fn microsoft(&self) -> OAuthProvider<'a> {
        OAuthProvider(self.0, "microsoft")
    }

    /// The redirect's token as the primary factor (with the PKCE verifier of the start).
    pub async fn authenticate(&self, options: &OAuthAuthenticateOptions) -> Answer<OAuthAuthenticateOptions> {
        with_verifier(self.0, "oauth", options, |o, v| OAuthAuthenticateOptions { pkce_code_verifier: Some(v), ..o.clone() }).await
    }

    pub fn discovery(&self) -> OAuthDiscovery<'a> {
        OAuthDiscovery(self.0)
    }

    /// Google One Tap (see [`super::GoogleOneTap`]).
    pub fn google_one_tap(&self) -> super::GoogleOneTap<'a> {
        super::GoogleOneTap(self.0)
    }
}

/// `client.oauth().discovery()`.
pub struct OAuthDiscovery<'a>(&'a Client);

impl OAuthDiscovery<'_> {
    /// The discovery redirect's token (with the PKCE verifier of the start): a discovery IST
    /// and the organizations the email can enter.
    pub async fn authenticate(&self, options: &OAuthDiscoveryAuthenticateOptions) -> Answer<OAuthDiscoveryAuthenticateOptions> {
        with_verifier(self.0, "oauth", options, |o, v| OAuthDiscoveryAuthenticateOptions { pkce_code_verifier: Some(v), ..o.clone() }).await
    }
}

/// `client.oauth().google()`, `client.oauth().microsoft()`.
pub struct OAuthProvider<'a>(&'a Client, &'static str);

impl OAuthProvider<'_> {
    /// Navigates the browser to the provider (through the API's start URL); resolves just
    /// before the page leaves.
    pub async fn start(&self, options: &OAuthStartOptions) -> Result<(), StytchError> {
        redirects::navigate(&self.start_url(options).await?)
    }

    /// The URL `start` navigates to, with a new PKCE challenge (its verifier kept for
    /// `authenticate`), for apps that leave the page themselves (a router, a popup).
    pub async fn start_url(&self, options: &OAuthStartOptions) -> Result<String, StytchError> {
        start_url(self.0, "oauth", Some(self.1), &options.to_js()).await
    }
}

/// `client.sso()`: `start` leaves for the connection's identity provider; the page it sends
/// the member back to calls `authenticate` with the token.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// client.sso().start(&SsoStartOptions {
///     connection_id: "saml-connection-test-...".into(),
///     login_redirect_url: Some("https://app.example.com/authenticate".into()),
///     ..Default::default()
/// }).await?;
/// # Ok(())
/// # }
/// ```
pub struct Sso<'a>(pub(super) &'a Client);

impl Sso<'_> {
    /// Navigates the browser to the identity provider (through the API's start URL);
    /// resolves just before the page leaves.
    pub async fn start(&self, options: &SsoStartOptions) -> Result<(), StytchError> {
        redirects::navigate(&self.start_url(options).await?)
    }

    /// The URL `start` navigates to, with a new PKCE challenge (its verifier kept for
    /// `authenticate`), for apps that leave the page themselves.
    pub async fn start_url(&self, options: &SsoStartOptions) -> Result<String, StytchError> {
        start_url(self.0, "sso", None, &options.to_js()).await
    }

    /// The redirect's token as the primary factor (with the PKCE verifier of the start).
    pub async fn authenticate(&self, options: &SsoAuthenticateOptions) -> Answer<SsoAuthenticateOptions> {
        with_verifier(self.0, "sso", options, |o, v| SsoAuthenticateOptions { pkce_code_verifier: Some(v), ..o.clone() }).await
    }
}
methods!(Sso {
    /// The signed-in member's organization's connections.
    get_connections(SsoGetConnectionsOptions {});
    /// The connections an email may sign in with.
    discover_connections(SsoDiscoverConnectionsOptions: email_address);
    /// Deletes one of the organization's connections (`delete` on `stytch.sso`).
    delete_connection(SsoDeleteConnectionOptions: connection_id);
});
children!(Sso { saml: SsoSaml; oidc: SsoOidc; external: SsoExternal; });

/// `client.sso().saml()`: the organization's SAML connections (sso24, #24), for the member of
/// the session (RBAC: `create`, `update`, `delete` on `stytch.sso`).
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// let created = client.sso().saml().create_connection(&SamlCreateConnectionOptions {
///     display_name: Some("Okta".into()),
///     ..Default::default()
/// }).await?;
/// client.sso().saml().update_connection_by_url(&SamlUpdateConnectionByUrlOptions {
///     connection_id: created.connection.connection_id,
///     metadata_url: "http://localhost:9797/v1/b2b/public/idp/saml/metadata".into(),
/// }).await?;
/// # Ok(())
/// # }
/// ```
pub struct SsoSaml<'a>(&'a Client);
methods!(SsoSaml {
    /// A new connection, `pending` until it has what SAML needs.
    create_connection(SamlCreateConnectionOptions);
    update_connection(SamlUpdateConnectionOptions);
    /// The settings of the identity provider's metadata (the emulator reads its own only).
    update_connection_by_url(SamlUpdateConnectionByUrlOptions);
    delete_verification_certificate(SamlDeleteVerificationCertificateOptions);
    delete_encryption_private_key(SamlDeleteEncryptionPrivateKeyOptions);
});

/// `client.sso().oidc()`: the organization's OIDC connections.
pub struct SsoOidc<'a>(&'a Client);
methods!(SsoOidc {
    create_connection(OidcCreateConnectionOptions);
    update_connection(OidcUpdateConnectionOptions);
});

/// `client.sso().external()`: other organizations' connections shared with this one.
pub struct SsoExternal<'a>(&'a Client);
methods!(SsoExternal {
    create_connection(ExternalCreateConnectionOptions);
    update_connection(ExternalUpdateConnectionOptions);
});

async fn start_url(client: &Client, kind: &str, provider: Option<&str>, options: &wasm_bindgen::JsValue) -> Result<String, StytchError> {
    let (base, token) = {
        let inner = client.shared().borrow();
        (inner.base_url.clone(), inner.public_token.clone())
    };
    redirects::start_url(&base, &token, provider, options, &redirects::Pkce::new(kind, &token)).await
}

/// Sends the stored PKCE verifier of a `kind` start (unless the caller gave one), and drops
/// it once the token is accepted.
async fn with_verifier<R: Request>(client: &Client, kind: &str, options: &R, add: impl Fn(&R, String) -> R) -> Answer<R> {
    let pkce = redirects::Pkce::new(kind, &client.shared().borrow().public_token);
    let response = match pkce.verifier().filter(|v| !v.is_empty()) {
        Some(v) => client.request(&add(options, v)).await?,
        None => client.request(options).await?,
    };
    pkce.clear();
    Ok(response)
}

/// `client.otps()`: SMS codes as the second factor (the stored IST goes along).
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// let ids = ("organization-test-...".to_string(), "member-test-...".to_string());
/// // Enroll a phone (or resend to the one on file without `mfa_phone_number`):
/// client.otps().sms().send(&SmsSendOptions {
///     organization_id: ids.0.clone(),
///     member_id: ids.1.clone(),
///     mfa_phone_number: Some("+15555550123".into()),
///     ..Default::default()
/// }).await?;
/// let signed_in = client.otps().sms().authenticate(&SmsAuthenticateOptions {
///     organization_id: ids.0,
///     member_id: ids.1,
///     code: "123456".into(),
///     session_duration_minutes: 60,
///     set_mfa_enrollment: Some(MfaEnrollment::Enroll),
///     ..Default::default()
/// }).await?;
/// # Ok(())
/// # }
/// ```
pub struct Otps<'a>(pub(super) &'a Client);

children!(Otps { sms: Sms; email: EmailOtps; });

/// `client.otps().sms()`.
pub struct Sms<'a>(&'a Client);
methods!(Sms {
    /// Sends a code (enrolling `mfa_phone_number` when given). Sends the stored IST.
    send(SmsSendOptions);
    /// The code as the second factor: a member session; the IST is dropped.
    authenticate(SmsAuthenticateOptions);
});

/// `client.otps().email()`: emailed codes as the primary factor (or a discovery login).
pub struct EmailOtps<'a>(&'a Client);
methods!(EmailOtps {
    /// Emails a code for a login to one organization.
    login_or_signup(EmailOtpLoginOrSignupOptions);
    /// The code: a session, or an IST and `mfa_required`.
    authenticate(EmailOtpAuthenticateOptions);
});
children!(EmailOtps { discovery: EmailOtpsDiscovery; });

/// `client.otps().email().discovery()`.
pub struct EmailOtpsDiscovery<'a>(&'a Client);
methods!(EmailOtpsDiscovery {
    send(EmailOtpDiscoverySendOptions);
    /// The code: a discovery IST (stored) and the organizations the email can enter.
    authenticate(EmailOtpDiscoveryAuthenticateOptions);
});

/// `client.totp()`: an authenticator app as the second factor.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// let ids = ("organization-test-...".to_string(), "member-test-...".to_string());
/// let created = client.totp().create(&TotpCreateOptions {
///     organization_id: ids.0.clone(),
///     member_id: ids.1.clone(),
///     ..Default::default()
/// }).await?;
/// // Show created.qr_code (an <img src>) and created.recovery_codes, then:
/// client.totp().authenticate(&TotpAuthenticateOptions {
///     organization_id: ids.0,
///     member_id: ids.1,
///     code: "123456".into(),
///     session_duration_minutes: 60,
///     set_mfa_enrollment: Some(MfaEnrollment::Enroll),
///     ..Default::default()
/// }).await?;
/// # Ok(())
/// # }
/// ```
pub struct Totp<'a>(pub(super) &'a Client);
methods!(Totp {
    /// A new TOTP registration: secret, QR code and recovery codes. Sends the stored IST.
    create(TotpCreateOptions);
    /// The authenticator's code as the second factor.
    authenticate(TotpAuthenticateOptions);
});

/// `client.recovery_codes()`: a recovery code as the second factor; the signed-in member's codes.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// let codes = client.recovery_codes().get().await?.recovery_codes;
/// let fresh = client.recovery_codes().rotate().await?.recovery_codes;
/// # Ok(())
/// # }
/// ```
pub struct RecoveryCodes<'a>(pub(super) &'a Client);
methods!(RecoveryCodes {
    /// A recovery code as the second factor.
    recover(RecoveryCodesRecoverOptions);
});

impl RecoveryCodes<'_> {
    /// The signed-in member's codes.
    pub async fn get(&self) -> Answer<RecoveryCodesGetOptions> {
        self.0.request(&RecoveryCodesGetOptions {}).await
    }

    /// New codes for the signed-in member; the old ones stop working.
    pub async fn rotate(&self) -> Answer<RecoveryCodesRotateOptions> {
        self.0.request(&RecoveryCodesRotateOptions {}).await
    }
}

/// Whether a step-up check wants any of the factor types or all of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Require {
    #[default]
    Any,
    All,
}

/// `session_token` and `session_jwt` of the stored session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionTokens {
    pub session_token: String,
    pub session_jwt: String,
}

/// What `session.update_session` takes, as Stytch's `SessionTokensUpdate`: the session token,
/// and its JWT if the app has it (without one, the refresh that follows brings it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionTokensUpdate {
    pub session_token: String,
    pub session_jwt: Option<String>,
}

impl From<SessionTokens> for SessionTokensUpdate {
    fn from(t: SessionTokens) -> Self {
        Self { session_token: t.session_token, session_jwt: Some(t.session_jwt) }
    }
}

impl From<&SessionTokens> for SessionTokensUpdate {
    fn from(t: &SessionTokens) -> Self {
        t.clone().into()
    }
}

/// The cached session, and whether the server has confirmed it since this page loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionInfo {
    pub session: Option<MemberSession>,
    pub from_cache: bool,
}

/// `client.session()`: the member session, its tokens and changes, step-up checks.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// if let Some(session) = client.session().get_sync() {
///     println!("signed in until {}", session.expires_at);
/// }
/// let _subscription = client.session().on_change(|session| println!("signed in: {}", session.is_some()));
/// client.session().revoke(&SessionRevokeOptions { force_clear: Some(true) }).await?;
/// # Ok(())
/// # }
/// ```
pub struct Session<'a>(pub(super) &'a Client);
methods!(Session {
    /// Confirms the stored session with the API (and extends it, given a duration).
    authenticate(SessionAuthenticateOptions);
    /// Ends the session; local tokens go whatever the API answers (if it cannot be
    /// reached, only with `force_clear`).
    revoke(SessionRevokeOptions);
    /// Ends every session of a member of the organization.
    revoke_for_member(SessionRevokeForMemberOptions: member_id);
    /// The session for one in another organization of the same email: a session, or an IST
    /// and `mfa_required` (the current session stays until then).
    exchange(SessionExchangeOptions);
    exchange_access_token(SessionExchangeAccessTokenOptions);
    attest(SessionAttestOptions);
});

impl Session<'_> {
    /// The cached member session, if any.
    pub fn get_sync(&self) -> Option<MemberSession> {
        read(&self.0.shared().borrow().cache.session)
    }

    pub fn get_info(&self) -> SessionInfo {
        let inner = self.0.shared().borrow();
        let session = read(&inner.cache.session);
        SessionInfo { from_cache: session.is_some() && !inner.confirmed, session }
    }

    pub fn get_tokens(&self) -> Option<SessionTokens> {
        let (session_token, session_jwt) = self.0.shared().borrow_mut().session_tokens()?;
        Some(SessionTokens { session_token, session_jwt })
    }

    /// Step-up: whether the session has these factor types (any or all) authenticated within
    /// the last `within_minutes`, by the cached session's `last_authenticated_at`.
    ///
    /// ```no_run
    /// # use stytch_b2b_headless::typed::*;
    /// # fn f(client: StytchB2BHeadlessClient) {
    /// let recent = client.session().authenticated_within(&[FactorType::Otp, FactorType::Totp], 5.0, Require::Any);
    /// if !recent { /* ask for a second factor again */ }
    /// # }
    /// ```
    pub fn authenticated_within(&self, factor_types: &[FactorType], within_minutes: f64, require: Require) -> bool {
        let wanted: Vec<String> = factor_types.iter().map(|t| t.as_str().to_string()).collect();
        within_minutes > 0.0 && self.0.shared().borrow().authenticated_within(&wanted, within_minutes, require == Require::All)
    }

    /// Calls `f` with the session whenever it changes (signed in, refreshed, signed out).
    pub fn on_change(&self, f: impl FnMut(Option<MemberSession>) + 'static) -> Subscription {
        Subscription::new(self.0.shared(), Topic::Session, f)
    }

    /// Stores tokens the app got elsewhere (its backend) as the session's and drops the IST,
    /// as Stytch's `updateSession`; the background refresh confirms them right away. A token
    /// without its JWT is enough: until the refresh brings the JWT, `get_tokens` answers `None`.
    pub fn update_session(&self, tokens: impl Into<SessionTokensUpdate>) -> Result<(), StytchError> {
        let tokens = tokens.into();
        if tokens.session_token.is_empty() {
            let message = "expects {session_token, session_jwt?}: a non-empty session_token.".into();
            return Err(StytchError::Usage { method: "session.updateSession".into(), message });
        }
        crate::wasm::update_session(self.0.shared(), tokens.session_token, tokens.session_jwt.unwrap_or_default());
        Ok(())
    }
}

/// `client.self_()` (and Stytch's deprecated name, `client.member()`): the signed-in member.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// let enrolled = client.self_().get_sync().is_some_and(|m| m.mfa_enrolled);
/// client.self_().update(&SelfUpdateOptions { name: Some("Ada".into()), ..Default::default() }).await?;
/// # Ok(())
/// # }
/// ```
pub struct SelfMember<'a>(pub(super) &'a Client);

/// The earlier name of [`SelfMember`].
pub type MemberState<'a> = SelfMember<'a>;

impl SelfMember<'_> {
    pub fn get_sync(&self) -> Option<Member> {
        read(&self.0.shared().borrow().cache.member)
    }

    pub fn on_change(&self, f: impl FnMut(Option<Member>) + 'static) -> Subscription {
        Subscription::new(self.0.shared(), Topic::Member, f)
    }

    /// The member from the API (cached too), as Stytch's `self.get` answers it.
    pub async fn get(&self) -> Result<Member, StytchError> {
        Ok(self.0.request(&SelfGetOptions {}).await?.member)
    }
}
methods!(SelfMember {
    /// The member's own settings (cached as answered).
    update(SelfUpdateOptions);
    delete_mfa_phone_number(SelfDeleteMfaPhoneNumberOptions {});
    delete_mfa_totp(SelfDeleteMfaTotpOptions {});
    delete_password(SelfDeletePasswordOptions: password_id);
    unlink_retired_email(SelfUnlinkRetiredEmailOptions);
    start_email_update(SelfStartEmailUpdateOptions);
    /// The Connected Apps the member authorized.
    get_connected_apps(SelfGetConnectedAppsOptions {});
    /// Ends an app's access (its refresh tokens stop working).
    revoke_connected_app(SelfRevokeConnectedAppOptions: connected_app_id);
});

/// `client.organization()`: the signed-in member's organization, and its members.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// let mfa_required = client.organization().get_sync().is_some_and(|o| o.mfa_policy == MfaPolicy::RequiredForAll);
/// let page = client.organization().members().search(&MembersSearchOptions::default()).await?;
/// # Ok(())
/// # }
/// ```
pub struct OrganizationState<'a>(pub(super) &'a Client);

impl OrganizationState<'_> {
    pub fn get_sync(&self) -> Option<Organization> {
        read(&self.0.shared().borrow().cache.organization)
    }

    pub fn on_change(&self, f: impl FnMut(Option<Organization>) + 'static) -> Subscription {
        Subscription::new(self.0.shared(), Topic::Organization, f)
    }

    /// The organization from the API (cached too), as Stytch's `organization.get` answers it.
    pub async fn get(&self) -> Result<Organization, StytchError> {
        Ok(self.0.request(&OrganizationGetOptions {}).await?.organization)
    }
}
methods!(OrganizationState {
    /// Changes the fields given (cached as answered).
    update(OrganizationUpdateOptions);
    /// Deletes the organization; the session ends.
    delete(OrganizationDeleteOptions {});
    /// An organization's public fields, before any login.
    get_by_slug(OrganizationGetBySlugOptions);
    /// The Connected Apps the organization's members authorized.
    get_connected_apps(OrganizationGetConnectedAppsOptions {});
    /// One, with the members who authorized it.
    get_connected_app(OrganizationGetConnectedAppOptions: connected_app_id);
});
children!(OrganizationState { members: Members; });

/// `client.organization().members()`: the organization's members, under the signed-in
/// member's roles.
pub struct Members<'a>(&'a Client);
methods!(Members {
    create(MembersCreateOptions);
    search(MembersSearchOptions);
    update(MembersUpdateOptions);
    delete_password(MembersDeletePasswordOptions: password_id);
    delete_mfa_phone_number(MembersDeleteMfaPhoneNumberOptions: member_id);
    delete_mfa_totp(MembersDeleteMfaTotpOptions: member_id);
    delete(MembersDeleteOptions: member_id);
    reactivate(MembersReactivateOptions: member_id);
    unlink_retired_email(MembersUnlinkRetiredEmailOptions);
    start_email_update(MembersStartEmailUpdateOptions);
    get_connected_apps(MembersGetConnectedAppsOptions: member_id);
    revoke_connected_app(MembersRevokeConnectedAppOptions);
});

/// `client.idp()`: the calls of the app's own authorization (consent) and logout pages, when
/// the app is the identity provider of Connected Apps (the signed-in member's session).
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient, client_id: String, redirect_uri: String) -> Result<(), StytchError> {
/// let ask = IdpOAuthAuthorizeStartOptions {
///     client_id, redirect_uri, response_type: "code".into(), scopes: Some(vec!["openid".into()]), ..Default::default()
/// };
/// let shown = client.idp().oauth_authorize_start(&ask).await?;
/// // ... the member consents ...
/// let answer = IdpOAuthAuthorizeSubmitOptions {
///     client_id: ask.client_id, redirect_uri: ask.redirect_uri, response_type: ask.response_type,
///     scopes: ask.scopes, consent_granted: Some(true), ..Default::default()
/// };
/// let back_to_the_client = client.idp().oauth_authorize_submit(&answer).await?.redirect_uri;
/// # Ok(())
/// # }
/// ```
pub struct Idp<'a>(pub(super) &'a Client);
methods!(Idp {
    oauth_authorize_start(IdpOAuthAuthorizeStartOptions);
    oauth_authorize_submit(IdpOAuthAuthorizeSubmitOptions);
    oauth_logout_start(IdpOAuthLogoutStartOptions);
});

/// `client.scim()` (scim24): the session's organization's SCIM connection, under the
/// signed-in member's roles on `stytch.scim`. The bearer token is answered once, by
/// `create_connection` (and the next one by `rotate_start`).
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) -> Result<(), StytchError> {
/// let made = client.scim().create_connection(&ScimCreateConnectionOptions {
///     display_name: Some("Okta".into()),
///     identity_provider: Some("okta".into()),
/// }).await?;
/// let connection = made.connection.unwrap();
/// // Hand connection.base_url and connection.bearer_token to the identity provider.
/// # Ok(())
/// # }
/// ```
pub struct Scim<'a>(pub(super) &'a Client);
methods!(Scim {
    create_connection(ScimCreateConnectionOptions);
    update_connection(ScimUpdateConnectionOptions);
    delete_connection(ScimDeleteConnectionOptions: connection_id);
    get_connection(ScimGetConnectionOptions {});
    get_connection_groups(ScimGetConnectionGroupsOptions);
});

impl Scim<'_> {
    /// A next bearer token, valid beside the current one until `rotate_complete`.
    pub async fn rotate_start(&self, connection_id: &str) -> Answer<ScimRotateStartOptions> {
        self.0.request(&ScimRotateStartOptions(ScimRotateOptions::new(connection_id))).await
    }

    /// The next token becomes the connection's; the old one stops working.
    pub async fn rotate_complete(&self, connection_id: &str) -> Answer<ScimRotateCompleteOptions> {
        self.0.request(&ScimRotateCompleteOptions(ScimRotateOptions::new(connection_id))).await
    }

    /// The next token is dropped; the current one stays.
    pub async fn rotate_cancel(&self, connection_id: &str) -> Answer<ScimRotateCancelOptions> {
        self.0.request(&ScimRotateCancelOptions(ScimRotateOptions::new(connection_id))).await
    }
}

/// `client.impersonation()` (scim24): an impersonation token spent for a session whose
/// factor says who impersonates.
pub struct Impersonation<'a>(pub(super) &'a Client);
methods!(Impersonation {
    /// Always a session (never an IST): the token is single use.
    authenticate(ImpersonationAuthenticateOptions);
});

/// A cached object, or `None` when there is none (or it does not read as `T`).
fn read<T: DeserializeOwned>(value: &wasm_bindgen::JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value::<Option<T>>(value.clone()).ok().flatten()
}
