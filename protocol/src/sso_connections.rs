//! SSO connection management (issue #24): what `sso.deleteConnection`, `sso.saml.*`,
//! `sso.oidc.*` and `sso.external.*` take and answer, shared by the headless client (which
//! sends the options) and the emulator (which reads the same types from the SDK API's bodies
//! and from the backend API's, where `organization_id` and the ids are in the path).
//!
//! Fields left `None` are left out of a request, as Stytch's client leaves them out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::responses::{OidcConnection, SamlConnection};

request! {
    /// The method names of this module's request types (beside `requests::REQUEST_METHODS`).
    SSO_CONNECTION_METHODS;
    SsoDeleteConnectionOptions => "sso.deleteConnection", SsoDeleteConnectionResponse;
    SamlCreateConnectionOptions => "sso.saml.createConnection", SamlConnectionResponse;
    SamlUpdateConnectionOptions => "sso.saml.updateConnection", SamlConnectionResponse;
    SamlUpdateConnectionByUrlOptions => "sso.saml.updateConnectionByURL", SamlConnectionResponse;
    SamlDeleteVerificationCertificateOptions => "sso.saml.deleteVerificationCertificate", SamlDeleteVerificationCertificateResponse;
    SamlDeleteEncryptionPrivateKeyOptions => "sso.saml.deleteEncryptionPrivateKey", SamlDeleteEncryptionPrivateKeyResponse;
    OidcCreateConnectionOptions => "sso.oidc.createConnection", OidcConnectionResponse;
    OidcUpdateConnectionOptions => "sso.oidc.updateConnection", OidcConnectionResponse;
    ExternalCreateConnectionOptions => "sso.external.createConnection", ExternalConnectionResponse;
    ExternalUpdateConnectionOptions => "sso.external.updateConnection", ExternalConnectionResponse;
}

/// A role every member signing in through the connection gets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionRoleAssignment {
    pub role_id: String,
}

/// A role the members in an identity-provider group get when they sign in through the connection.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRoleAssignment {
    pub role_id: String,
    pub group: String,
}

/// An identity provider's certificate, as Stytch's connection objects list them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct X509Certificate {
    pub certificate_id: String,
    pub certificate: String,
    pub issuer: String,
    pub created_at: String,
    pub expires_at: String,
    pub updated_at: String,
}

/// A private key Stytch decrypts a SAML connection's encrypted assertions with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EncryptionPrivateKey {
    pub private_key_id: String,
    pub private_key: String,
    pub created_at: String,
}

/// Another organization's connection that this organization's members may sign in through.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExternalConnection {
    pub organization_id: String,
    pub connection_id: String,
    pub external_organization_id: String,
    pub external_connection_id: String,
    pub display_name: String,
    /// `active` once the connection it names is.
    pub status: String,
    pub external_connection_implicit_role_assignments: Vec<ConnectionRoleAssignment>,
    pub external_group_implicit_role_assignments: Vec<GroupRoleAssignment>,
}

params! {
    /// `sso.deleteConnection`: any of the organization's connections, by id.
    pub struct SsoDeleteConnectionOptions {
        /// The backend API carries it in the path, which the emulator reads instead.
        #[serde(default)]
        pub connection_id: String,
    }
}

params! {
    /// `sso.saml.createConnection`: a new, pending SAML connection.
    pub struct SamlCreateConnectionOptions {
        pub display_name: Option<String>,
        /// `generic` (the default), `okta`, `microsoft-entra`, ... (Stytch's list).
        pub identity_provider: Option<String>,
    }
}

params! {
    /// `sso.saml.updateConnection`: what the identity provider told the admin. The connection is
    /// active once it has `idp_entity_id`, `idp_sso_url`, `attribute_mapping` and a certificate.
    pub struct SamlUpdateConnectionOptions {
        /// The backend API carries it in the path, which the emulator reads instead.
        #[serde(default)]
        pub connection_id: String,
        pub idp_entity_id: Option<String>,
        pub display_name: Option<String>,
        /// Stytch's member fields (`email`, `first_name`, `last_name`, `groups`, ...) to the
        /// names of the identity provider's attributes that carry them.
        pub attribute_mapping: Option<BTreeMap<String, String>>,
        pub idp_sso_url: Option<String>,
        /// A PEM certificate the identity provider signs with; added to `verification_certificates`.
        pub x509_certificate: Option<String>,
        pub saml_connection_implicit_role_assignments: Option<Vec<ConnectionRoleAssignment>>,
        pub saml_group_implicit_role_assignments: Option<Vec<GroupRoleAssignment>>,
        pub alternative_audience_uri: Option<String>,
        pub identity_provider: Option<String>,
        pub signing_private_key: Option<String>,
        pub nameid_format: Option<String>,
        pub alternative_acs_url: Option<String>,
        pub idp_initiated_auth_disabled: Option<bool>,
        pub saml_encryption_private_key: Option<String>,
        pub allow_gateway_callback: Option<bool>,
    }
}

params! {
    /// `sso.saml.updateConnectionByURL`: the settings read from the identity provider's metadata.
    pub struct SamlUpdateConnectionByUrlOptions {
        /// The backend API carries it in the path, which the emulator reads instead.
        #[serde(default)]
        pub connection_id: String,
        pub metadata_url: String,
    }
}

params! {
    /// `sso.saml.deleteVerificationCertificate`.
    pub struct SamlDeleteVerificationCertificateOptions {
        /// The backend API carries it in the path, which the emulator reads instead.
        #[serde(default)]
        pub connection_id: String,
        pub certificate_id: String,
    }
}

params! {
    /// `sso.saml.deleteEncryptionPrivateKey`.
    pub struct SamlDeleteEncryptionPrivateKeyOptions {
        /// The backend API carries it in the path, which the emulator reads instead.
        #[serde(default)]
        pub connection_id: String,
        pub private_key_id: String,
    }
}

params! {
    /// `sso.oidc.createConnection`: a new, pending OIDC connection.
    pub struct OidcCreateConnectionOptions {
        pub display_name: Option<String>,
        pub identity_provider: Option<String>,
    }
}

params! {
    /// `sso.oidc.updateConnection`: the client registered at the identity provider. The
    /// connection is active once it has an issuer, client id and secret and the four URLs.
    pub struct OidcUpdateConnectionOptions {
        /// The backend API carries it in the path, which the emulator reads instead.
        #[serde(default)]
        pub connection_id: String,
        pub display_name: Option<String>,
        pub client_id: Option<String>,
        pub client_secret: Option<String>,
        pub issuer: Option<String>,
        pub authorization_url: Option<String>,
        pub token_url: Option<String>,
        pub userinfo_url: Option<String>,
        pub jwks_url: Option<String>,
        pub identity_provider: Option<String>,
        pub custom_scopes: Option<String>,
        pub attribute_mapping: Option<BTreeMap<String, String>>,
    }
}

params! {
    /// `sso.external.createConnection`: another organization's connection, shared with this one.
    pub struct ExternalCreateConnectionOptions {
        pub external_organization_id: String,
        pub external_connection_id: String,
        pub display_name: Option<String>,
        pub connection_implicit_role_assignments: Option<Vec<ConnectionRoleAssignment>>,
        pub group_implicit_role_assignments: Option<Vec<GroupRoleAssignment>>,
    }
}

params! {
    /// `sso.external.updateConnection`.
    pub struct ExternalUpdateConnectionOptions {
        /// The backend API carries it in the path, which the emulator reads instead.
        #[serde(default)]
        pub connection_id: String,
        pub display_name: Option<String>,
        pub external_connection_implicit_role_assignments: Option<Vec<ConnectionRoleAssignment>>,
        pub external_group_implicit_role_assignments: Option<Vec<GroupRoleAssignment>>,
    }
}

response! {
    /// `sso.deleteConnection`.
    pub struct SsoDeleteConnectionResponse {
        pub connection_id: String,
    }
}

response! {
    /// `sso.saml.createConnection`, `updateConnection` and `updateConnectionByURL`.
    pub struct SamlConnectionResponse {
        pub connection: SamlConnection,
    }
}

response! {
    /// `sso.saml.deleteVerificationCertificate`.
    pub struct SamlDeleteVerificationCertificateResponse {
        pub certificate_id: String,
    }
}

response! {
    /// `sso.saml.deleteEncryptionPrivateKey`.
    pub struct SamlDeleteEncryptionPrivateKeyResponse {
        pub private_key_id: String,
    }
}

response! {
    /// `sso.oidc.createConnection` and `updateConnection`.
    pub struct OidcConnectionResponse {
        pub connection: OidcConnection,
        /// Set when an update changed the issuer: Stytch would read its discovery document; the
        /// emulator, which fetches nothing, says it used the request's URLs.
        pub warning: String,
    }
}

response! {
    /// `sso.external.createConnection` and `updateConnection`.
    pub struct ExternalConnectionResponse {
        pub connection: ExternalConnection,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saml_update_sends_only_what_was_set() {
        let o = SamlUpdateConnectionOptions {
            connection_id: "c".into(),
            attribute_mapping: Some(BTreeMap::from([("email".to_string(), "mail".to_string())])),
            saml_group_implicit_role_assignments: Some(vec![GroupRoleAssignment { role_id: "admin".into(), group: "eng".into() }]),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&o).unwrap(),
            serde_json::json!({"connection_id": "c", "attribute_mapping": {"email": "mail"},
                "saml_group_implicit_role_assignments": [{"role_id": "admin", "group": "eng"}]})
        );
    }
}
