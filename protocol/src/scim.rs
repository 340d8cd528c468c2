//! SCIM provisioning and impersonation (#24): the connection management calls of Stytch's
//! clients (`scim.*` on the SDK, `scim.connection.*` on the backend), the objects they
//! answer, the members' SCIM registrations, `impersonation.authenticate`, and the SCIM 2.0
//! resources (RFC 7643) and patch requests (RFC 7644) an identity provider sends to a
//! connection's base URL.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::responses::AuthenticateResponse;

/// A role the members of a SCIM group hold (`scim_group_implicit_role_assignments`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScimGroupRoleAssignment {
    pub role_id: String,
    pub group_id: String,
    /// Answered by Stytch (the models of its backend SDKs require it); ignored in a request.
    pub group_name: String,
}

/// A SCIM connection as Stytch answers it. Which token fields are present depends on the
/// call: the new `bearer_token` only when created, the `next_bearer_token` only when a
/// rotation starts, the last four characters otherwise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScimConnection {
    pub organization_id: String,
    pub connection_id: String,
    /// `active` (a deleted connection is gone).
    pub status: String,
    pub display_name: String,
    pub identity_provider: String,
    /// Where the identity provider sends its SCIM requests (`.../v1/b2b/scim/{connection_id}`).
    pub base_url: String,
    pub scim_group_implicit_role_assignments: Vec<ScimGroupRoleAssignment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bearer_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bearer_token_last_four: Option<String>,
    /// RFC 3339.
    pub bearer_token_expires_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_bearer_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_bearer_token_last_four: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_bearer_token_expires_at: Option<String>,
}

/// A group an identity provider provisioned through a connection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScimGroup {
    pub organization_id: String,
    pub connection_id: String,
    pub group_id: String,
    pub group_name: String,
}

/// A member's SCIM registration (`member.scim_registration`): the connection that
/// provisioned them and what the identity provider said about them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScimRegistration {
    pub connection_id: String,
    pub registration_id: String,
    pub external_id: String,
    pub scim_attributes: ScimAttributes,
}

/// The user as the identity provider described it, in Stytch's snake_case names (the
/// attributes the emulator keeps; the others Stytch lists answer empty).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScimAttributes {
    pub user_name: String,
    pub id: String,
    pub external_id: String,
    pub active: bool,
    pub groups: Vec<ScimGroupReference>,
    pub display_name: String,
    pub nick_name: String,
    pub profile_url: String,
    pub user_type: String,
    pub title: String,
    pub preferred_language: String,
    pub locale: String,
    pub timezone: String,
    pub emails: Vec<ScimMultiValue>,
    pub phone_numbers: Vec<ScimMultiValue>,
    pub addresses: Vec<Value>,
    pub ims: Vec<ScimMultiValue>,
    pub photos: Vec<ScimMultiValue>,
    pub entitlements: Vec<ScimMultiValue>,
    pub roles: Vec<ScimMultiValue>,
    pub x509certificates: Vec<ScimMultiValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<ScimName>,
}

/// `{value, display}`: a member's group in Stytch's attributes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScimGroupReference {
    pub value: String,
    pub display: String,
}

/// A multi-valued attribute (`emails`, `phoneNumbers`, ...): `{value, type, primary}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScimMultiValue {
    pub value: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub primary: bool,
}

/// A user's name in Stytch's snake_case.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScimName {
    pub formatted: String,
    pub family_name: String,
    pub given_name: String,
    pub middle_name: String,
    pub honorific_prefix: String,
    pub honorific_suffix: String,
}

params! {
    /// `scim.createConnection` (SDK: the session's organization; backend: the path's).
    pub struct ScimCreateConnectionOptions {
        pub display_name: Option<String>,
        pub identity_provider: Option<String>,
    }
}

params! {
    /// `scim.updateConnection`: absent fields stay as they are; the assignments replace the
    /// connection's when given.
    pub struct ScimUpdateConnectionOptions {
        /// The backend API carries it in the path, which the emulator reads instead.
        #[serde(default)]
        pub connection_id: String,
        pub display_name: Option<String>,
        pub identity_provider: Option<String>,
        pub scim_group_implicit_role_assignments: Option<Vec<ScimGroupRoleAssignment>>,
    }
}

params! {
    /// `scim.deleteConnection` (the id is the path's).
    pub struct ScimDeleteConnectionOptions {
        pub connection_id: String,
    }
}

params! {
    /// `scim.getConnection`: the session's organization's connection. Stytch's client takes a
    /// connection id and sends nothing.
    pub struct ScimGetConnectionOptions {}
}

params! {
    /// `scim.getConnectionGroups`: a page of the connection's groups.
    pub struct ScimGetConnectionGroupsOptions {
        pub limit: Option<u32>,
        pub cursor: Option<String>,
    }
}

params! {
    /// `scim.rotateStart`, `scim.rotateComplete`, `scim.rotateCancel`: the connection.
    pub struct ScimRotateOptions {
        /// The backend API carries it in the path, which the emulator reads instead.
        #[serde(default)]
        pub connection_id: String,
    }
}

params! {
    /// `impersonation.authenticate`.
    pub struct ImpersonationAuthenticateOptions {
        pub impersonation_token: String,
    }
}

/// The three rotation calls take the same parameters; each is its own type so that each
/// names its method.
macro_rules! rotate_options {
    ($($name:ident),*) => {$(
        /// A token rotation step (see [`ScimRotateOptions`]).
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        pub struct $name(pub ScimRotateOptions);
    )*};
}
rotate_options!(ScimRotateStartOptions, ScimRotateCompleteOptions, ScimRotateCancelOptions);

response! {
    /// What the connection calls answer (`connection` absent when the organization has none).
    pub struct ScimConnectionResponse {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub connection: Option<ScimConnection>,
    }
}

response! {
    /// `scim.deleteConnection`.
    pub struct ScimDeleteConnectionResponse {
        pub connection_id: String,
    }
}

response! {
    /// `scim.getConnectionGroups`.
    pub struct ScimConnectionGroupsResponse {
        pub scim_groups: Vec<ScimGroup>,
        pub next_cursor: Option<String>,
    }
}

request! {
    /// The methods of this module's request types (beside `requests::REQUEST_METHODS`).
    SCIM_REQUEST_METHODS;
    ScimCreateConnectionOptions => "scim.createConnection", ScimConnectionResponse;
    ScimUpdateConnectionOptions => "scim.updateConnection", ScimConnectionResponse;
    ScimDeleteConnectionOptions => "scim.deleteConnection", ScimDeleteConnectionResponse;
    ScimGetConnectionOptions => "scim.getConnection", ScimConnectionResponse;
    ScimGetConnectionGroupsOptions => "scim.getConnectionGroups", ScimConnectionGroupsResponse;
    ScimRotateStartOptions => "scim.rotateStart", ScimConnectionResponse;
    ScimRotateCompleteOptions => "scim.rotateComplete", ScimConnectionResponse;
    ScimRotateCancelOptions => "scim.rotateCancel", ScimConnectionResponse;
    ImpersonationAuthenticateOptions => "impersonation.authenticate", AuthenticateResponse;
}

impl ScimRotateOptions {
    /// The parameters of a rotation step (each step's type wraps them and serializes as them).
    pub fn new(connection_id: impl Into<String>) -> Self {
        Self { connection_id: connection_id.into() }
    }
}

/// The SCIM 2.0 wire format (RFC 7643/7644), as an identity provider sends it.
pub mod wire {
    use super::*;

    pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
    pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
    pub const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
    pub const SERVICE_PROVIDER_CONFIG_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

    /// A User resource (the attributes the emulator keeps; others are ignored). Attribute
    /// names are matched case-insensitively by SCIM; identity providers send them in the
    /// RFC's camelCase, which is what these read.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default, rename_all = "camelCase")]
    pub struct User {
        pub user_name: Option<String>,
        pub external_id: Option<String>,
        pub display_name: Option<String>,
        pub name: Option<Name>,
        pub emails: Option<Vec<MultiValue>>,
        pub phone_numbers: Option<Vec<MultiValue>>,
        pub active: Option<bool>,
        pub title: Option<String>,
        pub locale: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default, rename_all = "camelCase")]
    pub struct Name {
        pub formatted: Option<String>,
        pub family_name: Option<String>,
        pub given_name: Option<String>,
        pub middle_name: Option<String>,
        pub honorific_prefix: Option<String>,
        pub honorific_suffix: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct MultiValue {
        pub value: Option<String>,
        #[serde(rename = "type")]
        pub kind: Option<String>,
        pub primary: Option<bool>,
    }

    /// A Group resource.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default, rename_all = "camelCase")]
    pub struct Group {
        pub display_name: Option<String>,
        pub external_id: Option<String>,
        pub members: Option<Vec<GroupMember>>,
    }

    /// A group's member: the user's `id`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct GroupMember {
        pub value: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub display: Option<String>,
    }

    /// A PATCH request (RFC 7644 §3.5.2).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PatchRequest {
        pub schemas: Vec<String>,
        #[serde(rename = "Operations", alias = "operations")]
        pub operations: Vec<PatchOperation>,
    }

    /// One operation: `op` is `add`, `replace` or `remove` (any case: Entra sends `Replace`).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PatchOperation {
        pub op: String,
        pub path: Option<String>,
        pub value: Option<Value>,
    }
}

/// `POST /_emulator/impersonation_tokens` (the console's "Impersonate" button): a
/// single-use token to sign in as the member, as Stytch's dashboard hands out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImpersonationTokenRequest {
    pub organization_id: String,
    pub member_id: String,
    /// Who impersonates (shown in the session's factor); the emulator's console when absent.
    pub impersonator_email_address: Option<String>,
}

/// The minted token and when it lapses (RFC 3339).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImpersonationToken {
    pub impersonation_token: String,
    pub organization_id: String,
    pub member_id: String,
    pub expires_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rotation_sends_the_connection_id_and_an_update_leaves_out_what_is_absent() {
        let rotate = ScimRotateStartOptions(ScimRotateOptions::new("scim-connection-1"));
        assert_eq!(serde_json::to_value(&rotate).unwrap(), serde_json::json!({"connection_id": "scim-connection-1"}));
        let update = ScimUpdateConnectionOptions { connection_id: "c".into(), display_name: Some("Okta".into()), ..Default::default() };
        assert_eq!(serde_json::to_value(&update).unwrap(), serde_json::json!({"connection_id": "c", "display_name": "Okta"}));
    }

    #[test]
    fn an_identity_providers_patch_reads_in_either_case() {
        let body = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations":[{"op":"Replace","path":"active","value":false}]}"#;
        let patch: wire::PatchRequest = serde_json::from_str(body).unwrap();
        assert_eq!(patch.operations[0].op, "Replace");
        assert_eq!(patch.operations[0].value, Some(Value::Bool(false)));
    }
}

/// A SCIM list's query (RFC 7644 §3.4.2), `?filter=...&startIndex=1&count=100`: the numbers
/// read as text, so that one that is no integer answers SCIM's `invalidValue` error rather
/// than a plain-text rejection of the query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScimListQuery {
    #[serde(default)]
    pub filter: Option<String>,
    #[serde(default, rename = "startIndex")]
    pub start_index: Option<String>,
    #[serde(default)]
    pub count: Option<String>,
}
