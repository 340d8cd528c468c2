//! The API's string enumerations. Each keeps values it does not know (`Other`), so a client
//! built today still reads answers from a Stytch that added a value tomorrow, and writes back
//! exactly what it read.

/// What every string enumeration offers, for code that checks any of them alike (a server
/// refusing values it does not know, naming the ones it does).
pub trait Enumerated {
    /// Every known value, as on the wire, in declaration order.
    const KNOWN: &'static [&'static str];
    /// The value as it travels on the wire.
    fn as_str(&self) -> &str;
    /// Whether this is a known value (not `Other`).
    fn is_known(&self) -> bool;
}

/// Declares a string enumeration: the known values, plus `Other(String)` for the rest.
macro_rules! string_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// Every value this version knows, as it travels on the wire, in declaration order.
            pub const KNOWN: &'static [&'static str] = &[$($text),+];

            /// Whether this is one of the values this version knows (not `Other`).
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(s) => s,
                }
            }
        }

        impl $crate::enums::Enumerated for $name {
            const KNOWN: &'static [&'static str] = Self::KNOWN;

            fn as_str(&self) -> &str {
                Self::as_str(self)
            }

            fn is_known(&self) -> bool {
                Self::is_known(self)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($text => Self::$variant,)+
                    other => Self::Other(other.to_string()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match Self::from(s.as_str()) {
                    Self::Other(_) => Self::Other(s),
                    known => known,
                }
            }
        }

        /// An empty `Other`: what a lenient read of a missing field gives.
        impl Default for $name {
            fn default() -> Self {
                Self::Other(String::new())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(Self::from)
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// An organization's `mfa_policy`.
    pub enum MfaPolicy {
        /// Only members who enrolled need a second factor.
        Optional = "OPTIONAL",
        /// Every member needs one.
        RequiredForAll = "REQUIRED_FOR_ALL",
    }
}

string_enum! {
    /// Whether an organization allows every method of a kind (`mfa_methods`, `auth_methods`)
    /// or only those listed beside it.
    pub enum Restriction {
        AllAllowed = "ALL_ALLOWED",
        Restricted = "RESTRICTED",
    }
}

string_enum! {
    /// An organization's `email_jit_provisioning`: whether signing in by email (magic link, OAuth)
    /// may create a member. Stytch documents `RESTRICTED` and `NOT_ALLOWED`; `ALL_ALLOWED` is the
    /// emulator's own (any address may join), kept because seeds and state files use it.
    pub enum EmailJitProvisioning {
        AllAllowed = "ALL_ALLOWED",
        Restricted = "RESTRICTED",
        NotAllowed = "NOT_ALLOWED",
    }
}

string_enum! {
    /// A primary factor an organization can allow (`allowed_auth_methods`).
    pub enum AuthMethod {
        Sso = "sso",
        MagicLink = "magic_link",
        EmailOtp = "email_otp",
        Password = "password",
        GoogleOauth = "google_oauth",
        MicrosoftOauth = "microsoft_oauth",
        SlackOauth = "slack_oauth",
        GithubOauth = "github_oauth",
        HubspotOauth = "hubspot_oauth",
    }
}

string_enum! {
    /// A second factor a member can use (`allowed_mfa_methods`, `default_mfa_method`).
    pub enum MfaMethod {
        SmsOtp = "sms_otp",
        Totp = "totp",
    }
}

string_enum! {
    /// `secondary_auth_initiated`: the second factor the server already started.
    pub enum SecondaryAuth {
        /// The server sent the SMS code itself (the member's default method is SMS).
        SmsOtp = "sms_otp",
    }
}

string_enum! {
    /// The `type` of an authentication factor.
    pub enum FactorType {
        Password = "password",
        MagicLink = "magic_link",
        Otp = "otp",
        Totp = "totp",
        RecoveryCodes = "recovery_codes",
        Oauth = "oauth",
        Sso = "sso",
        EmailOtp = "email_otp",
        Impersonated = "impersonated",
    }
}

string_enum! {
    /// The `delivery_method` of an authentication factor.
    pub enum DeliveryMethod {
        Knowledge = "knowledge",
        Email = "email",
        Sms = "sms",
        AuthenticatorApp = "authenticator_app",
        RecoveryCode = "recovery_code",
        OauthGoogle = "oauth_google",
        OauthMicrosoft = "oauth_microsoft",
        OauthGithub = "oauth_github",
        OauthHubspot = "oauth_hubspot",
        OauthSlack = "oauth_slack",
        SsoSaml = "sso_saml",
        SsoOidc = "sso_oidc",
        /// An `impersonated` factor's (scim24).
        Impersonation = "impersonation",
    }
}

string_enum! {
    /// A member's `status`.
    pub enum MemberStatus {
        Active = "active",
        Pending = "pending",
        Invited = "invited",
        Deleted = "deleted",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_read_as_variants_and_unknown_ones_are_kept() {
        assert_eq!(MfaPolicy::from("REQUIRED_FOR_ALL"), MfaPolicy::RequiredForAll);
        assert_eq!(MfaMethod::from("webauthn"), MfaMethod::Other("webauthn".into()));
        let read: Vec<MfaMethod> = serde_json::from_str(r#"["totp","webauthn"]"#).unwrap();
        assert_eq!(read, vec![MfaMethod::Totp, MfaMethod::Other("webauthn".into())]);
        assert_eq!(serde_json::to_string(&read).unwrap(), r#"["totp","webauthn"]"#);
    }

    /// The organization policy values are the ones Stytch's B2B organization reference lists
    /// (its field comments on `mfa_policy`, `mfa_methods`/`auth_methods`, `allowed_mfa_methods`,
    /// `allowed_auth_methods`, `email_jit_provisioning`), in that order, and each reads back as itself.
    #[test]
    fn policy_wire_strings_are_the_documented_values() {
        assert_eq!(MfaPolicy::KNOWN, ["OPTIONAL", "REQUIRED_FOR_ALL"]);
        assert_eq!(Restriction::KNOWN, ["ALL_ALLOWED", "RESTRICTED"]);
        assert_eq!(MfaMethod::KNOWN, ["sms_otp", "totp"]);
        assert_eq!(
            AuthMethod::KNOWN,
            [
                "sso",
                "magic_link",
                "email_otp",
                "password",
                "google_oauth",
                "microsoft_oauth",
                "slack_oauth",
                "github_oauth",
                "hubspot_oauth"
            ]
        );
        // Stytch documents RESTRICTED and NOT_ALLOWED; ALL_ALLOWED is the emulator's addition.
        assert_eq!(EmailJitProvisioning::KNOWN, ["ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"]);
        assert_eq!(MemberStatus::KNOWN, ["active", "pending", "invited", "deleted"]);
        fn reads_back<T: for<'a> From<&'a str> + std::fmt::Display>(known: &[&str]) {
            for text in known {
                let value = T::from(*text);
                assert_eq!(value.to_string(), *text);
            }
        }
        reads_back::<MfaPolicy>(MfaPolicy::KNOWN);
        reads_back::<Restriction>(Restriction::KNOWN);
        reads_back::<MfaMethod>(MfaMethod::KNOWN);
        reads_back::<AuthMethod>(AuthMethod::KNOWN);
        reads_back::<EmailJitProvisioning>(EmailJitProvisioning::KNOWN);
        assert!(MfaPolicy::KNOWN.iter().all(|t| MfaPolicy::from(*t).is_known()));
        assert!(AuthMethod::KNOWN.iter().all(|t| AuthMethod::from(*t).is_known()));
        assert!(EmailJitProvisioning::KNOWN.iter().all(|t| EmailJitProvisioning::from(*t).is_known()));
        assert!(!EmailJitProvisioning::from("SOMETIMES").is_known());
    }
}
