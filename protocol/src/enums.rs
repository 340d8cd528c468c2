//! The API's string enumerations. Each keeps values it does not know (`Other`), so a client
//! built today still reads answers from a Stytch that added a value tomorrow, and writes back
//! exactly what it read.

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
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(s) => s,
                }
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
        /// Every member needs a second factor.
        RequiredForAll = "REQUIRED_FOR_ALL",
        /// Only members who enrolled need one.
        Optional = "OPTIONAL",
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
        SsoSaml = "sso_saml",
        SsoOidc = "sso_oidc",
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
}
